// The audit keys this desk trusts, kept in its own data directory (not in the shared database, which
// anyone with write access to it could edit): desk id -> the fingerprints of that desk's keys. A
// desk's key is pinned the first time this desk sees it in the desks registry, or by a person with
// `control-room desks trust` after checking the fingerprint with that desk. A pin is never replaced
// by what the database says: a different key in the registry for a pinned desk is reported instead.
// Written atomically (a temp file renamed over the old one); a file that cannot be read is an error
// naming the file and what to do, never silently reset (a reset would trust whatever comes next).
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/result';

export const keyPinsFileName = 'audit-key-pins.json';
const format = 'control-room audit key pins 1';
const fingerprintPattern = /^ed25519:[0-9a-f]{64}$/;

export type PinSource = 'own key' | 'first seen' | 'fingerprint checked';

export interface PinnedKey {
  readonly fingerprint: string;
  readonly pinnedAt: string;
  readonly how: PinSource;
}

export interface PinnedDesk {
  /** The desk's name when pinned (the registry's name is shown when the desk is still there). */
  readonly name: string;
  /** Oldest first; the last one is the key the registry should hold. Older keys still vouch for the checkpoints they signed. */
  readonly keys: readonly PinnedKey[];
}

export type KeyPins = Readonly<Record<string, PinnedDesk>>;

export interface KeyPinStore {
  readonly file: string;
  /** Throws AppError naming the file when it cannot be read; an absent file is no pins. */
  read(): KeyPins;
  /** Adds `fingerprint` for the desk (kept if already pinned); returns true when the file changed. */
  pin(deskId: string, name: string, fingerprint: string, how: PinSource, at: Date): boolean;
}

function unreadable(file: string, why: string): AppError {
  return new AppError(
    'INTERNAL',
    `The audit key pin file ${file} cannot be read (${why}). It lists the desk keys this desk trusts, so it was left as it is, not reset. ` +
      'Restore it from a backup; or move it aside, then check each desk\'s fingerprint (`control-room desks`) with that desk and run ' +
      '`control-room desks trust <desk-id> --fingerprint <fingerprint>` for each.',
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const sources: readonly string[] = ['own key', 'first seen', 'fingerprint checked'] satisfies PinSource[];

function parsePins(text: string, file: string): KeyPins {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw unreadable(file, `not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(data) || data.format !== format || !isRecord(data.desks)) throw unreadable(file, `not a pin file of the format "${format}"`);
  const out: Record<string, PinnedDesk> = {};
  for (const [id, desk] of Object.entries(data.desks)) {
    if (!isRecord(desk) || typeof desk.name !== 'string' || !Array.isArray(desk.keys) || desk.keys.length === 0) throw unreadable(file, `desk ${id} has no name or no keys`);
    const keys = desk.keys.map((k: unknown): PinnedKey => {
      if (!isRecord(k) || typeof k.fingerprint !== 'string' || !fingerprintPattern.test(k.fingerprint) || typeof k.pinnedAt !== 'string' || typeof k.how !== 'string' || !sources.includes(k.how)) {
        throw unreadable(file, `desk ${id} has a key entry that is not { fingerprint: "ed25519:<64 hex>", pinnedAt, how }`);
      }
      return { fingerprint: k.fingerprint, pinnedAt: k.pinnedAt, how: k.how as PinSource };
    });
    out[id] = { name: desk.name, keys };
  }
  return out;
}

/** Writes next to the file and renames over it, so a crash leaves the old file or the new one, never half of one. */
function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

export function isFingerprint(text: string): boolean {
  return fingerprintPattern.test(text);
}

export function keyPinStore(dataDir: string): KeyPinStore {
  const file = join(dataDir, keyPinsFileName);
  const read = (): KeyPins => (existsSync(file) ? parsePins(readFileSync(file, 'utf8'), file) : {});
  return {
    file,
    read,
    pin: (deskId, name, fingerprint, how, at) => {
      if (!fingerprintPattern.test(fingerprint)) throw new AppError('BAD_INPUT', `Not a key fingerprint: ${fingerprint} (expected ed25519: and 64 hex digits).`);
      const pins = read();
      const desk = pins[deskId];
      if (desk?.keys.some((k) => k.fingerprint === fingerprint)) return false;
      const key: PinnedKey = { fingerprint, pinnedAt: at.toISOString(), how };
      const next = { ...pins, [deskId]: { name, keys: [...(desk?.keys ?? []), key] } };
      writeAtomically(file, `${JSON.stringify({ format, desks: next }, null, 2)}\n`);
      return true;
    },
  };
}

/** The key a pinned desk should have in the registry: the one pinned last. */
export function currentPin(desk: PinnedDesk): PinnedKey {
  const last = desk.keys.at(-1);
  if (!last) throw new Error('a pinned desk always has a key');
  return last;
}
