// Names of secrets in the vault. A ref is a validated string, `channel:<channelId>:<name>` for a
// channel's credential or `app:<name>` for the app's own keys (the audit signing key), and it is
// used verbatim as the keychain account name under one service, so every secret is one entry.
import { z } from 'zod';
import { AppError } from '../shared/result';

// Lowercase only: Windows Credential Manager compares target names case-insensitively, so two refs
// differing only in case would silently share one entry there.
const part = '[a-z0-9][a-z0-9_-]{0,63}';
const name = '[a-z0-9][a-z0-9._-]{0,63}';
// Anchored and colon-free parts: a ref can never be crafted to land in another channel's namespace.
const refPattern = new RegExp(`^(?:channel:${part}:${name}|app:${name})$`);

export const secretRefSchema = z
  .string()
  .regex(refPattern, 'a secret ref looks like channel:<channelId>:<name> or app:<name> (lowercase letters, digits, - _ .)')
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
