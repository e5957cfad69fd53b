// Which OAuth scopes Control Room accepts on a Mastodon token: `read write` (or their granular
// parts, or scopes contained in them) and nothing broader. An admin-scoped token in a desktop app's keychain would let anyone
// who takes the laptop moderate the whole instance; a press bureau never needs that.

/** Why these scopes are refused, or null when they are fine. `null` scopes: the instance does not say. */
export function scopeProblem(scopes: readonly string[] | null): string | null {
  if (scopes === null) return null;
  const admin = scopes.filter((s) => s === 'admin' || s.startsWith('admin:'));
  if (admin.length > 0) {
    return `This Mastodon token carries admin scopes (${admin.join(', ')}). Control Room needs "read write" only: create an application with just those scopes (Preferences → Development) and use its token.`;
  }
  // `follow` is a legacy subset of read + write, `push` only lets the app receive Web Push, and
  // `profile` reads the account alone: none goes beyond "read write". Mastodon's own "New
  // application" form ticks `push` by default, so refusing it would refuse most tokens for nothing.
  const other = scopes.filter((s) => !/^(read|write)(:[a-z_]+)?$/.test(s) && !['profile', 'follow', 'push'].includes(s));
  if (other.length > 0) {
    return `This Mastodon token carries scopes Control Room does not need (${other.join(', ')}). Create an application with "read write" only (Preferences → Development) and use its token.`;
  }
  const reads = scopes.some((s) => s === 'read' || s === 'read:statuses');
  const writes = scopes.some((s) => s === 'write' || s === 'write:statuses');
  if (!reads || !writes) return `This Mastodon token cannot ${reads ? 'post or delete' : 'read'} statuses (scopes: ${scopes.join(' ') || 'none'}). Create an application with "read write" (Preferences → Development).`;
  return null;
}
