// Credentials of the demo email path: generated per demo instance (so a copied test password opens
// nothing else) and compared in constant time, like a real server would.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Credential {
  readonly username: string;
  readonly password: string;
}

export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

function digest(value: Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares fixed-length digests, so neither length nor content leaks through timing. */
export function sameSecret(given: Buffer, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(Buffer.from(expected, 'utf8')));
}

/** Both halves are always compared, so timing does not tell which one was wrong. */
export function matchesCredential(username: Buffer, password: Buffer, credential: Credential): boolean {
  const userOk = sameSecret(username, credential.username);
  const passwordOk = sameSecret(password, credential.password);
  return userOk && passwordOk;
}
