// The accounts namespace of the contract: sessions (sign-in, idle lock, fresh passphrase) and the
// admin's account management.
import { z } from 'zod';
import { call, noInput, roles, signedIn } from './contract-call';
import { maxDisplayNameLength, maxPassphraseLength } from './rules';

export const accountViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  disabled: z.boolean(),
  /** An admin reset the passphrase and its owner has not chosen a new one yet. */
  mustChangePassphrase: z.boolean(),
  createdAt: z.string(),
});
export type AccountViewData = z.infer<typeof accountViewSchema>;

export const sessionStateSchema = z.object({
  hasAccounts: z.boolean(),
  session: z.discriminatedUnion('state', [
    z.object({ state: z.literal('active'), account: accountViewSchema, freshUntil: z.string(), locksAt: z.string() }),
    z.object({ state: z.literal('locked'), account: accountViewSchema, reason: z.enum(['idle', 'manual']) }),
    // Signed in with a passphrase an admin reset: every call but choosing a new one is refused.
    z.object({ state: z.literal('must-change-passphrase'), account: accountViewSchema }),
    z.object({ state: z.literal('signed-out') }),
  ]),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

// Bounded so a pasted novel cannot make scrypt (or the logs) do silly work.
const usernameInput = z.string().min(1).max(64);
const passphraseInput = z.string().min(1).max(maxPassphraseLength);
const displayNameInput = z.string().min(1).max(maxDisplayNameLength);

export const accountsCalls = {
  'accounts.session': call({
    effect: 'read',
    input: noInput,
    output: sessionStateSchema,
    access: 'public',
    summary: 'Who is signed in on this window (or whether the first admin must be created).',
  }),
  'accounts.createFirstAdmin': call({
    effect: 'action',
    input: z.strictObject({ username: usernameInput, displayName: displayNameInput, passphrase: passphraseInput }),
    output: sessionStateSchema,
    access: 'public',
    summary: 'First start only: create the first admin and sign in as them.',
  }),
  'accounts.signIn': call({
    effect: 'action',
    input: z.strictObject({ username: usernameInput, passphrase: passphraseInput }),
    output: sessionStateSchema,
    access: 'public',
    summary: 'Sign in on this window.',
  }),
  'accounts.unlock': call({
    effect: 'action',
    input: z.strictObject({ passphrase: passphraseInput }),
    output: sessionStateSchema,
    access: 'public',
    summary: 'Unlock an idle-locked session with the passphrase.',
  }),
  'accounts.signOut': call({
    effect: 'action',
    input: noInput,
    output: sessionStateSchema,
    access: signedIn,
    summary: 'Sign out of this window.',
  }),
  'accounts.lockSession': call({
    effect: 'action',
    input: noInput,
    output: sessionStateSchema,
    access: signedIn,
    summary: 'Lock this window now (stepping away from the desk).',
  }),
  'accounts.activity': call({
    effect: 'read',
    input: noInput,
    output: sessionStateSchema,
    access: signedIn,
    summary: 'The person is at the desk (a key or pointer moved): keeps the session from the idle lock.',
  }),
  'accounts.reauthenticate': call({
    effect: 'read',
    input: z.strictObject({ passphrase: passphraseInput }),
    output: z.object({ freshUntil: z.string() }),
    access: signedIn,
    summary: 'Confirm the passphrase before a privileged action.',
  }),
  'accounts.changeOwnPassphrase': call({
    effect: 'action',
    input: z.strictObject({ currentPassphrase: passphraseInput, newPassphrase: passphraseInput }),
    output: sessionStateSchema,
    access: signedIn,
    summary: "Change your own passphrase (the current one is checked, throttled like sign-in); your other sessions are signed out.",
  }),
  'accounts.resetPassphrase': call({
    effect: 'action',
    input: z.strictObject({ accountId: z.string().min(1).max(64), newPassphrase: passphraseInput }),
    output: accountViewSchema,
    access: ['admin'],
    summary: "Set a one-time passphrase for someone else: their sessions end and they must choose a new one at sign-in.",
  }),
  'accounts.list': call({
    effect: 'read',
    input: noInput,
    output: z.array(accountViewSchema),
    access: signedIn,
    summary: 'Every account (for approvals and the admin screen).',
  }),
  'accounts.create': call({
    effect: 'action',
    input: z.strictObject({ username: usernameInput, displayName: displayNameInput, role: z.enum(roles), passphrase: passphraseInput }),
    output: accountViewSchema,
    access: ['admin'],
    summary: 'Create an account.',
  }),
  'accounts.setRole': call({
    effect: 'action',
    input: z.strictObject({ accountId: z.string().min(1).max(64), role: z.enum(roles) }),
    output: accountViewSchema,
    access: ['admin'],
    summary: "Change an account's role.",
  }),
  'accounts.disable': call({
    effect: 'action',
    input: z.strictObject({ accountId: z.string().min(1).max(64) }),
    output: accountViewSchema,
    access: ['admin'],
    summary: 'Disable an account (its sessions end).',
  }),
  'accounts.enable': call({
    effect: 'action',
    input: z.strictObject({ accountId: z.string().min(1).max(64) }),
    output: accountViewSchema,
    access: ['admin'],
    summary: 'Enable a disabled account.',
  }),
} as const;
