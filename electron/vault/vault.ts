// The vault: where channel credentials and the app's own keys live. Only the main process holds a
// Vault; secrets never cross to the renderer and never touch the database, logs or crash output.
// This module holds the interface, the "keychain unavailable" error and the rules every backend
// shares (validation, redaction, rotation); keychain-vault.ts binds them to the OS keychain.
import { randomBytes } from 'node:crypto';
import { registerSecretForRedaction } from '../lib/log';
import { AppError } from '../shared/result';
import { parseSecretRef, type SecretRef } from './secret-ref';

export type VaultHealth = { ok: true } | { ok: false; kind: VaultUnavailableKind; reason: string; fix: string };

export interface Vault {
  /** Stores (or replaces) the secret under ref. */
  put(ref: SecretRef, secret: string): Promise<void>;
  /** The secret under ref, or null when none is stored. Throws VaultUnavailableError, never returns null for "locked". */
  get(ref: SecretRef): Promise<string | null>;
  /** Replaces an existing secret (NOT_FOUND when there is none); the old value is gone afterwards. */
  rotate(ref: SecretRef, newSecret: string): Promise<void>;
  /** Deletes the secret; true when one was deleted, false when there was none. */
  remove(ref: SecretRef): Promise<boolean>;
  /** Whether secrets can be written and read right now, and if not, what the user must do. */
  health(): Promise<VaultHealth>;
}

export type VaultUnavailableKind = 'no-secret-service' | 'locked' | 'timeout' | 'keychain-error';

const stillWorks = 'Real channels cannot be connected until then; the demo newsroom still works.';

function explain(kind: VaultUnavailableKind, timeoutMs: number): { reason: string; fix: string } {
  switch (kind) {
    case 'no-secret-service':
      return {
        reason: 'No Secret Service is running',
        fix: `install and unlock GNOME Keyring or KeePassXC's Secret Service, then restart Control Room. ${stillWorks}`,
      };
    case 'locked':
      return {
        reason: 'The keychain is locked or has no default keyring',
        fix:
          "unlock it (GNOME Keyring: log in to the desktop session, or unlock or create the 'Login' keyring in Passwords and Keys; " +
          `KeePassXC: open the database that has Secret Service integration enabled), then try again. ${stillWorks}`,
      };
    case 'timeout':
      return {
        reason: `The keychain did not answer within ${Math.round(timeoutMs / 1000)} s`,
        fix: `if an unlock dialog is open, unlock the keychain; otherwise restart your keyring (GNOME Keyring, KeePassXC, macOS Keychain), then try again. ${stillWorks}`,
      };
    case 'keychain-error':
      return {
        reason: 'The OS keychain refused the request',
        fix: `check that your keychain is unlocked and working (Passwords and Keys, KeePassXC, Keychain Access, Credential Manager), then try again. ${stillWorks}`,
      };
  }
}

/** The keychain cannot be used right now. The message says what to install or unlock; it never holds a secret. */
export class VaultUnavailableError extends AppError {
  readonly kind: VaultUnavailableKind;
  readonly reason: string;
  readonly fix: string;
  /** The keychain library's own words, already redacted: for diagnostics, not for the user. */
  readonly detail: string;

  constructor(kind: VaultUnavailableKind, options: { detail?: string; timeoutMs?: number } = {}) {
    const { reason, fix } = explain(kind, options.timeoutMs ?? 0);
    super('UNAVAILABLE', `${reason}: ${fix}`);
    this.name = 'VaultUnavailableError';
    this.kind = kind;
    this.reason = reason;
    this.fix = fix;
    this.detail = options.detail ?? '';
  }
}

/** Raw storage under account names; the keychain and the test-only memory vault implement it. */
export interface SecretBackend {
  read(account: string): Promise<string | null>;
  write(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** Keychains accept large values, but nothing legitimate here is bigger than a few KB. */
const maxSecretLength = 64 * 1024;

function checkSecret(secret: unknown): string {
  // Messages describe the problem, never the value: it may be a real credential.
  if (typeof secret !== 'string' || secret.length === 0) throw new AppError('BAD_INPUT', 'A secret must be a non-empty string.');
  if (secret.length > maxSecretLength) throw new AppError('BAD_INPUT', `A secret must be at most ${maxSecretLength} characters.`);
  return secret;
}

/** The account the health check writes to and deletes again; never a real credential. */
export const healthProbeAccount = 'app:vault-health-probe';

/** The rules every vault follows, over any backend. */
export function createVaultOver(backend: SecretBackend): Vault {
  const read = async (ref: SecretRef): Promise<string | null> => {
    const value = await backend.read(parseSecretRef(ref));
    // Registered as soon as it is in memory: from here on any log line that quotes it is redacted.
    if (value !== null) registerSecretForRedaction(value);
    return value;
  };

  return {
    async put(ref, secret) {
      const account = parseSecretRef(ref);
      // Registered before the write, so even an error raised while writing cannot log it.
      registerSecretForRedaction(checkSecret(secret));
      await backend.write(account, secret);
    },

    get: read,

    async rotate(ref, newSecret) {
      const account = parseSecretRef(ref);
      registerSecretForRedaction(checkSecret(newSecret));
      // Reading the old value also keeps it registered: a leaked old token must stay redacted too.
      const old = await read(account);
      if (old === null) throw new AppError('NOT_FOUND', `No secret is stored under ${account}: store one first, then rotate it.`);
      // Rotating to the same value would leave a possibly leaked credential in place while looking done.
      if (old === newSecret) throw new AppError('BAD_INPUT', `The new secret for ${account} is the same as the current one: issue a new credential upstream first.`);
      await backend.write(account, newSecret);
      // Read back: a rotation the keychain did not really keep must not be reported as done.
      if ((await backend.read(account)) !== newSecret) {
        throw new VaultUnavailableError('keychain-error', { detail: `rotation of ${account} was not kept by the keychain` });
      }
    },

    async remove(ref) {
      return backend.delete(parseSecretRef(ref));
    },

    async health() {
      // A write-read-delete round trip: a locked keychain can still answer reads with "nothing there".
      const probe = randomBytes(16).toString('hex');
      try {
        await backend.write(healthProbeAccount, probe);
        const back = await backend.read(healthProbeAccount);
        await backend.delete(healthProbeAccount);
        if (back !== probe) throw new VaultUnavailableError('keychain-error', { detail: 'the health probe did not read back' });
        return { ok: true };
      } catch (err) {
        const e = err instanceof VaultUnavailableError ? err : new VaultUnavailableError('keychain-error');
        return { ok: false, kind: e.kind, reason: e.reason, fix: e.fix };
      }
    },
  };
}
