// A desk's own (test-only, in-memory) keychain for team mode: the database URL without its password,
// and a vault holding that password under the entry the core reads it from. Each desk gets its own,
// as each machine has its own OS keychain.
import { databaseTarget } from '../../electron/store/backend';
import { createMemoryVault, type MemoryVault } from '../../electron/vault/memory-vault';

export async function keychainFor(urlWithPassword: string): Promise<{ url: string; vault: MemoryVault }> {
  const vault = createMemoryVault();
  const u = new URL(urlWithPassword);
  const password = decodeURIComponent(u.password);
  u.password = '';
  await vault.put(databaseTarget(u.toString()).ref, password);
  return { url: u.toString(), vault };
}
