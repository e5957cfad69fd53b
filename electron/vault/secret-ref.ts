// Names of secrets in the vault. A ref is a validated string, `channel:<channelId>:<name>` for a
// channel's credential, `app:<name>` for the app's own keys (the audit signing key) or
// `database:<user>@<host>:<port>/<db>` for a team-mode database password, and it is
// used verbatim as the keychain account name under one service, so every secret is one entry.
import { z } from 'zod';
import { AppError } from '../shared/result';

// Lowercase only: Windows Credential Manager compares target names case-insensitively, so two refs
// differing only in case would silently share one entry there.
const part = '[a-z0-9][a-z0-9_-]{0,63}';
const name = '[a-z0-9][a-z0-9._-]{0,63}';
// Anchored and colon-free parts: a ref can never be crafted to land in another channel's namespace.
// A database password: `database:<user>@<host>:<port>/<db>`, lowercase (databaseSecretRef).
const databasePart = '[a-z0-9._~-]{1,64}@[a-z0-9._~-]{1,128}:[0-9]{1,5}/[a-z0-9._~-]{1,64}';
const refPattern = new RegExp(`^(?:channel:${part}:${name}|app:${name}|database:${databasePart})$`);

export const secretRefSchema = z
  .string()
  .regex(refPattern, 'a secret ref looks like channel:<channelId>:<name>, app:<name> or database:<user>@<host>:<port>/<db> (lowercase letters, digits, - _ .)')
  .brand<'SecretRef'>();
export type SecretRef = z.infer<typeof secretRefSchema>;

/** Validates anything that claims to be a ref (IPC input, a database column) at the vault's door. */
export function parseSecretRef(value: unknown): SecretRef {
  const parsed = secretRefSchema.safeParse(value);
  if (!parsed.success) {
    // The rejected value is not echoed back: a caller may have passed a secret by mistake.
    throw new AppError('BAD_INPUT', 'Invalid secret reference: use channel:<channelId>:<name> or app:<name> (lowercase letters, digits, - _ .).');
  }
  return parsed.data;
}

/** The ref of one credential of one channel, e.g. channelSecretRef('met-website', 'app-password'). */
export function channelSecretRef(channelId: string, secretName: string): SecretRef {
  return parseSecretRef(`channel:${channelId}:${secretName}`);
}

/** The ref of a secret that belongs to the app itself, e.g. appSecretRef('audit-signing-key'). */
export function appSecretRef(secretName: string): SecretRef {
  return parseSecretRef(`app:${secretName}`);
}

/**
 * The ref of a database role's password: database:<user>@<host>:<port>/<db>. Characters outside
 * lowercase letters, digits and . _ - (an upper-case role, a ::1 host) are written as ~ and the hex
 * of their code point, so two different identities never share an entry.
 */
export function databaseSecretRef(user: string, host: string, port: number, database: string): SecretRef {
  const enc = (s: string): string => [...s].map((c) => (/^[a-z0-9._-]$/.test(c) ? c : `~${c.codePointAt(0)?.toString(16) ?? ''}`)).join('');
  return parseSecretRef(`database:${enc(user)}@${enc(host)}:${port}/${enc(database)}`);
}
