// Keeps secrets out of the audit log. The log is kept forever, exported in incident reports and
// copied as evidence, so a token written into it once is leaked for good: refuse at the door.
import { AppError } from '../../shared/result';

// Matched against the key lower-cased with separators removed, so apiKey, API_KEY and api-key all
// match; a substring match errs on the side of refusing (rename a harmless key like tokenCount).
const secretKeyParts = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'privatekey'] as const;

/** True when a details key is named like a credential. */
export function isSecretLikeKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return secretKeyParts.some((part) => normalised.includes(part));
}

/**
 * Throws BAD_INPUT naming the first key that looks like a secret (the value is never echoed).
 * Walks nested objects and arrays; expects a JSON tree (run canonicalJson first for cycles).
 */
export function assertNoSecretKeys(value: unknown, path = 'details'): void {
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => assertNoSecretKeys(item, `${path}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if (isSecretLikeKey(key)) {
      throw new AppError(
        'BAD_INPUT',
        `Audit details must never hold secrets, and ${path}.${key} is named like one (password, token, secret, API key). ` +
          'Leave the value out; name the credential instead (for example its keychain entry or channel).',
      );
    }
    assertNoSecretKeys(inner, `${path}.${key}`);
  }
}
