// Passphrase hashing with scrypt (memory-hard, built into Node). The stored string carries its own
// parameters, so the cost can be raised later and old hashes still verify.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. 2^15 with r=8 needs 32 MiB and ~50-100 ms per hash. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export const defaultScryptParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const saltBytes = 16;
const keyBytes = 32;
const prefix = 'scrypt';
/** Refuse absurd parameters read back from storage: a tampered row must not exhaust memory. */
const maxN = 2 ** 20;

function derive(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // maxmem must exceed 128 * N * r bytes, or Node refuses the default cost.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    // NFC: the same passphrase typed on two keyboards may arrive composed or decomposed.
    scrypt(passphrase.normalize('NFC'), salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassphrase(passphrase: string, params: ScryptParams = defaultScryptParams): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await derive(passphrase, salt, params);
  return [prefix, params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== prefix) return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const validN = Number.isInteger(N) && N >= 2 && N <= maxN && (N & (N - 1)) === 0;
  if (!validN || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const key = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < saltBytes || key.length !== keyBytes) return null;
  return { params: { N, r, p }, salt, key };
}

/** False for a wrong passphrase and for a malformed stored hash (never throws on bad data). */
export async function verifyPassphrase(passphrase: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(passphrase, parsed.salt, parsed.params);
  // Constant-time: the comparison must not reveal how many leading bytes matched.
  return timingSafeEqual(key, parsed.key);
}

/** True when a hash was made with weaker parameters than `params` and should be redone at sign-in. */
export function needsRehash(stored: string, params: ScryptParams = defaultScryptParams): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return parsed.params.N < params.N || parsed.params.r < params.r || parsed.params.p < params.p;
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * Spend the same time as a real verification when the username is unknown, so the response time
 * does not tell an attacker which usernames exist.
 */
export async function burnVerification(passphrase: string, params: ScryptParams = defaultScryptParams): Promise<void> {
  const key = `${params.N}/${params.r}/${params.p}`;
  let dummy = dummyHashes.get(key);
  if (!dummy) {
    dummy = hashPassphrase('control-room-dummy-passphrase', params);
    dummyHashes.set(key, dummy);
  }
  await verifyPassphrase(passphrase, await dummy);
}
