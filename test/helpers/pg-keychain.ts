// A desk's keychain for team-mode tests: the test-only memory vault holding the password of the
// URL's role, and the URL as a desk is given it (no password), as `control-room db password` leaves it.
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
