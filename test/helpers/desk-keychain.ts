// A desk's keychain for team-mode tests and benchmarks: the URL as a desk is given it (no password)
// and the test-only memory vault holding that password under the database's keychain entry, as
// `control-room db password` would store it in the OS keychain.
import { databaseTarget } from '../../electron/store/backend';
import { createMemoryVault, type MemoryVault } from '../../electron/vault/memory-vault';

export async function keychainFor(urlWithPassword: string, vault: MemoryVault = createMemoryVault()): Promise<{ url: string; vault: MemoryVault; password: string }> {
  const u = new URL(urlWithPassword);
  const password = decodeURIComponent(u.password);
  u.password = '';
  await vault.put(databaseTarget(u.toString()).ref, password);
  return { url: u.toString(), vault, password };
}
