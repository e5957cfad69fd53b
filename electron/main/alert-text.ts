// What the OS notification says when unverified items appear: which channel, how many, the worst
// severity, and the start of the first one as plain text (attacker text is never markup).
import type { FeedItem } from '../shared/contract';

const rank = { low: 0, medium: 1, high: 2, critical: 3 } as const;

export function alertNotification(channelName: string, items: readonly FeedItem[]): { title: string; body: string } | null {
  const unverified = items.filter((i) => i.provenance === 'unverified');
  if (unverified.length === 0) return null;
  const worst = unverified.reduce<FeedItem['severity']>((w, i) => (i.severity && (!w || rank[i.severity] > rank[w]) ? i.severity : w), null);
  const first = unverified[0]!.text.replace(/\s+/g, ' ').trim();
  const excerpt = first.length > 120 ? `${first.slice(0, 119)}…` : first;
  const count = unverified.length === 1 ? 'An unverified post' : `${unverified.length} unverified posts`;
  return {
    title: `ALERT${worst ? ` (${worst})` : ''}: ${count} on ${channelName}`,
    body: `“${excerpt}” — not published through Control Room. Open Control Room to freeze or retract.`,
  };
}
