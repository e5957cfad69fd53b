// Two desks on one fresh, migrated PostgreSQL database, as in team mode: two cores, each with its own
// (in-memory, test-only) keychain, desk A with the accounts. For the cross-desk tests.
import { expect } from 'vitest';
import { runCli } from '../../electron/cli/main';
import type { MemoryVault } from '../../electron/vault/memory-vault';
import { keychainFor } from './desk-keychain';
import { startPostgres, type PostgresServer } from './postgres';
import { dataOf, makeTestCore, type TestCore } from './test-core';

export interface TwoDesks {
  readonly server: PostgresServer;
  readonly ownerUrl: string;
  readonly deskA: TestCore;
  readonly deskB: TestCore;
  readonly vaultA: MemoryVault;
  readonly vaultB: MemoryVault;
  close(): Promise<void>;
}

export async function openTwoDesks(): Promise<TwoDesks> {
  const server = await startPostgres();
  const db = await server.freshDatabase();
  const owner = await keychainFor(db.ownerUrl);
  expect(await runCli(['db', 'migrate', '--database', owner.url, '--app-role', server.appRole], { out: () => undefined, err: () => undefined }, { vault: () => owner.vault })).toBe(0);
  const a = await keychainFor(db.appUrl);
  const b = await keychainFor(db.appUrl);
  const deskA = await makeTestCore({ demo: false, databaseUrl: a.url, vault: a.vault, deskName: 'Desk A' });
  const deskB = await makeTestCore({ demo: false, databaseUrl: b.url, vault: b.vault, deskName: 'Desk B', createAccounts: false });
  return {
    server, ownerUrl: db.ownerUrl, deskA, deskB, vaultA: a.vault, vaultB: b.vault,
    close: async () => {
      await deskB.close();
      await deskA.close();
      await server.stop();
    },
  };
}

/** A desk's id, as app.status reports it. */
export const deskIdOf = async (t: TestCore): Promise<string> => dataOf<{ desk: { id: string } }>(await t.core.dispatch('app.status', {}, await t.signedIn('operator'))).desk.id;

/** A user's application passwords as WordPress itself lists them (asked with an administrator's Basic authorization). */
export async function passwordsAtWordPress(siteUrl: string, userId: number, adminAuthorization: string): Promise<{ uuid: string; name: string }[]> {
  const res = await fetch(`${siteUrl}/wp-json/wp/v2/users/${userId}/application-passwords`, { headers: { authorization: adminAuthorization } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { uuid: string; name: string }[]).map((p) => ({ uuid: p.uuid, name: p.name }));
}
