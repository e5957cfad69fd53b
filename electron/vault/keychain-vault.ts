// The real vault: one OS keychain entry per secret (service `control-room`, account = the ref),
// through @napi-rs/keyring. macOS Keychain and Windows Credential Manager are used as they are; on
// Linux every entry is pinned to the Secret Service (GNOME Keyring, KeePassXC, KWallet), and when
// none is reachable or it is locked the vault throws VaultUnavailableError. It never falls back
// to the kernel keyring (lost at logout) or to a file.
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { redact } from '../lib/log';
import { AppError } from '../shared/result';
import { createVaultOver, VaultUnavailableError, type SecretBackend, type Vault, type VaultUnavailableKind } from './vault';

export const keychainService = 'control-room';

// Pinned: without this the binding silently falls back to the kernel keyutils keyring on Linux,
// which forgets every secret at logout and reboot. With it, an unavailable store throws instead.
const entryOptions: EntryOptions = { linux: { store: 'secret-service' } };

export interface KeychainVaultOptions {
  /** Keychain service name; only tests and side-by-side installs should change it. */
  service?: string;
  /** How long to wait for the keychain (an unlock dialog may be open); default 120 s. */
  timeoutMs?: number;
}

/** Sorts the keyring library's error text into what the user has to do about it. */
export function classifyKeyringError(message: string, platform: NodeJS.Platform = process.platform): VaultUnavailableKind | 'ambiguous' {
  if (/ambiguous/i.test(message)) return 'ambiguous';
  if (platform === 'linux') {
    // gnome-keyring: "unlock prompt was dismissed" (locked), "no result found" (no default keyring yet).
    if (/locked|prompt|dismissed|no result found|NoResult/i.test(message)) return 'locked';
    // No bus at all, no X11 autolaunch, or a bus where nothing provides org.freedesktop.secrets.
    if (/DBus error|autolaunch|DBUS_SESSION_BUS_ADDRESS|ServiceUnknown|not provided by any|org\.freedesktop\.DBus\.Error/i.test(message)) {
      return 'no-secret-service';
    }
  } else if (/locked|interaction|user canceled|cancelled/i.test(message)) {
    return 'locked';
  }
  return 'keychain-error';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createKeychainVault(options: KeychainVaultOptions = {}): Vault {
  const service = options.service ?? keychainService;
  const timeoutMs = options.timeoutMs ?? 120_000;

  /** Runs one keychain call with a deadline and turns its failures into errors that say what to do. */
  const call = async <T>(account: string, secret: string | undefined, op: (entry: AsyncEntry) => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const work = (async () => op(new AsyncEntry(service, account, entryOptions)))();
      // The napi call cannot be cancelled; on timeout it is left to finish and its outcome dropped.
      work.catch(() => undefined);
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new VaultUnavailableError('timeout', { timeoutMs })), timeoutMs);
      });
      return await Promise.race([work, deadline]);
    } catch (err) {
      if (err instanceof AppError) throw err;
      // The library's text is kept only as redacted detail; the secret is cut out even if too short for redact().
      let detail = redact(messageOf(err));
      if (secret) detail = detail.split(secret).join('[redacted]');
      const kind = classifyKeyringError(detail);
      if (kind === 'ambiguous') {
        throw new AppError('CONFLICT', `Several keychain entries match "${service}" / "${account}": delete the duplicates in your keychain manager, then try again.`);
      }
      throw new VaultUnavailableError(kind, { detail, timeoutMs });
    } finally {
      clearTimeout(timer);
    }
  };

  const backend: SecretBackend = {
    read: (account) => call(account, undefined, (entry) => entry.getPassword()),
    write: (account, secret) => call(account, secret, (entry) => entry.setPassword(secret)),
    delete: (account) => call(account, undefined, (entry) => entry.deleteCredential()),
  };
  return createVaultOver(backend);
}
