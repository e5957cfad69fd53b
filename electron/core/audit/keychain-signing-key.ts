// The audit log's signing key, from the OS keychain, loaded when the channels start. Until it is
// (or where no keychain exists) entries are still chained and checkpoints are retried later;
// the first failure is logged once.
import type { KeyObject } from 'node:crypto';
import type { Logger } from '../../lib/log';
import { appSecretRef } from '../../vault/secret-ref';
import { getOrCreateSigningKey } from '../../vault/signing-key';
import type { Vault } from '../../vault/vault';
import { keyIdFor, type SigningKeyProvider } from './signing';

export interface KeychainSigningKey {
  /** What the audit log signs with; reading it throws while the key is not loaded. */
  readonly provider: SigningKeyProvider;
  /** The keys checkpoints are verified with: undefined until loaded. */
  publicKeys(): readonly KeyObject[] | undefined;
  /** Loads (or creates) the key; a missing keychain is logged, not thrown. */
  load(): Promise<void>;
  /** The audit log's onCheckpointError: warns once that checkpoints stay unsigned. */
  onCheckpointError(err: unknown): void;
}

export function keychainSigningKey(vault: () => Vault, logger: Logger): KeychainSigningKey {
  let key: SigningKeyProvider | null = null;
  let warned = false;
  const notLoaded = (): never => {
    throw new Error('the audit signing key is not loaded (keychain unavailable)');
  };
  return {
    provider: {
      get privateKey() {
        return key?.privateKey ?? notLoaded();
      },
      get publicKey() {
        return key?.publicKey ?? notLoaded();
      },
      get keyId() {
        return key?.keyId ?? notLoaded();
      },
    },
    publicKeys: () => (key ? [key.publicKey] : undefined),
    async load() {
      try {
        const pair = await getOrCreateSigningKey(vault(), appSecretRef('audit-signing-key'));
        key = { ...pair, keyId: keyIdFor(pair.publicKey) };
      } catch (err) {
        logger.warn(`audit checkpoints stay unsigned until the keychain is available: ${(err as Error).message}`);
      }
    },
    onCheckpointError(err) {
      if (!warned) logger.warn(`audit checkpoint not signed yet: ${(err as Error).message}`);
      warned = true;
    },
  };
}
