// One key per item across the two sides that see it: the demo server that accepted it (its own
// id) and Control Room (channel id + item id). Email is the one channel where they differ: the
// server names a message by its canary-mailbox UID, the app by "UIDVALIDITY:UID".

export const demoChannels = { x: 'demo-x', website: 'demo-website', email: 'demo-email', mastodon: 'demo-mastodon', bluesky: 'demo-bluesky' } as const;
export type DemoChannelId = (typeof demoChannels)[keyof typeof demoChannels];
export const demoChannelIds: readonly DemoChannelId[] = Object.values(demoChannels);

export function itemKey(channelId: string, itemId: string): string {
  if (channelId === demoChannels.email) {
    const m = /^(\d+):(\d+)$/.exec(itemId);
    // Anything else is not a canary-mailbox item and must not collide with one.
    return m ? `${channelId}/uid:${m[2]}` : `${channelId}/${itemId}`;
  }
  return `${channelId}/${itemId}`;
}

/** The key of an accepted email bulletin, from the canary UID the demo server reports. */
export function emailKeyFromUid(uid: number): string {
  return `${demoChannels.email}/uid:${uid}`;
}

export function channelOfKey(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

/** `item-<channelId>-<itemId>` (the feed rows' test id) back to a key, for the known channels only. */
export function keyFromTestId(testId: string, channelIds: readonly string[] = demoChannelIds): string | null {
  // Longest channel id first, so "demo-x" can never swallow a "demo-x-…" channel.
  for (const c of [...channelIds].sort((a, b) => b.length - a.length)) {
    const prefix = `item-${c}-`;
    if (testId.startsWith(prefix) && testId.length > prefix.length) return itemKey(c, testId.slice(prefix.length));
  }
  return null;
}
