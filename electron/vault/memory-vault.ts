// TEST ONLY: a vault that keeps secrets in a Map, for unit tests of code that needs a Vault.
// It follows the same rules as the keychain vault (ref validation, redaction, rotation) but loses
// everything when the process exits. Nothing at runtime may construct it: it is not exported from
// the vault's index and no setting selects it, so a misconfiguration can never put real
// credentials in plain process memory without the keychain behind them.
import { createVaultOver, VaultUnavailableError, type SecretBackend, type Vault } from './vault';

export interface MemoryVault extends Vault {
  /** Test hook: make every call fail as if the keychain were locked (true) or working again (false). */
  simulateLocked(locked: boolean): void;
  /** Test hook: the accounts currently stored. */
  accounts(): string[];
}

/** A Map-backed Vault for unit tests. Never use it outside tests. */
export function createMemoryVault(): MemoryVault {
  const entries = new Map<string, string>();
  let locked = false;
  const guard = (): void => {
    if (locked) throw new VaultUnavailableError('locked', { detail: 'memory vault: simulated lock' });
  };
  const backend: SecretBackend = {
    read: async (account) => {
      guard();
      return entries.get(account) ?? null;
    },
    write: async (account, secret) => {
      guard();
      entries.set(account, secret);
    },
    delete: async (account) => {
      guard();
      return entries.delete(account);
    },
  };
  return {
    ...createVaultOver(backend),
    simulateLocked: (value) => {
      locked = value;
    },
    accounts: () => [...entries.keys()],
  };
}
