// The one allow-list every outside link passes through (window.open, clicked links, links.open).
// Attacker-posted items carry links: only https to a known host may leave the app, and never with
// credentials in the URL.
export const defaultAllowedHosts: readonly string[] = ['x.com', 'twitter.com', 'bsky.app'];

export type ExternalLinkCheck =
  | { allowed: true; url: string; host: string }
  | { allowed: false; reason: string };

export function checkExternalUrl(raw: string, allowedHosts: readonly string[] = defaultAllowedHosts): ExternalLinkCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'https:') return { allowed: false, reason: `only https links open outside the app (got ${url.protocol})` };
  if (url.username || url.password) return { allowed: false, reason: 'links with credentials in them are never opened' };
  const host = url.hostname.toLowerCase();
  const listed = allowedHosts.some((h) => host === h || host.endsWith(`.${h}`));
  if (!listed) return { allowed: false, reason: `${host} is not on the list of hosts this app opens` };
  return { allowed: true, url: url.toString(), host };
}
