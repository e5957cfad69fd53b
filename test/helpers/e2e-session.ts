// Signing in through the real screens, for the end-to-end tests: the first admin on a fresh
// install, or an existing account. Each page (each WebSocket) signs in on its own.
import { expect, type Page } from '@playwright/test';

export interface Person {
  readonly username: string;
  readonly displayName: string;
  readonly passphrase: string;
}

export const firstAdmin: Person = { username: 'j.smith', displayName: 'J. Smith', passphrase: 'harbour lantern quietly 42' };

export async function createFirstAdmin(page: Page, who: Person = firstAdmin): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Create the first admin' })).toBeVisible();
  await page.getByTestId('first-admin-username').fill(who.username);
  await page.getByTestId('first-admin-display-name').fill(who.displayName);
  await page.getByTestId('first-admin-passphrase').fill(who.passphrase);
  await page.getByTestId('first-admin-confirmation').fill(who.passphrase);
  await page.getByTestId('first-admin-submit').click();
  await expect(page.getByTestId('signed-in-as')).toContainText(who.displayName);
}

export async function signIn(page: Page, who: Person = firstAdmin): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByTestId('sign-in-username').fill(who.username);
  await page.getByTestId('sign-in-passphrase').fill(who.passphrase);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('signed-in-as')).toContainText(who.displayName);
}
