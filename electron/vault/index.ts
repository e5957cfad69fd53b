// The vault's public surface for the main process. The test-only memory vault is deliberately not
// exported here: runtime code that imports the vault can only get the OS keychain.
export { appSecretRef, channelSecretRef, parseSecretRef, secretRefSchema, type SecretRef } from './secret-ref';
export { VaultUnavailableError, type Vault, type VaultHealth, type VaultUnavailableKind } from './vault';
export { createKeychainVault, keychainService, type KeychainVaultOptions } from './keychain-vault';
export { getOrCreateSigningKey, type SigningKeyPair } from './signing-key';
