import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../shared/contract';
import { alertNotification } from './alert-text';

const item = (over: Partial<FeedItem>): FeedItem => ({
  channelId: 'demo-x', itemId: '1', firstSeenAt: 'now', publishedAt: null, text: 'hello', url: null, hasHtml: false,
  provenance: 'verified', matchedBy: 'item-id', severity: null, signals: [], status: 'live', statusDetail: null, media: [], ...over,
});

describe('alertNotification', () => {
  it('stays silent for verified and adopted items', () => {
    expect(alertNotification('X', [item({}), item({ provenance: 'adopted' })])).toBeNull();
  });
  it('names the channel, the count and the worst severity, with a plain-text excerpt', () => {
    const n = alertNotification('X @demo', [
      item({ provenance: 'unverified', severity: 'medium', text: '<b>F*** the police</b>\n\nlol' }),
      item({ provenance: 'unverified', severity: 'critical', itemId: '2' }),
    ]);
    expect(n).toEqual({ title: 'ALERT (critical): 2 unverified posts on X @demo', body: expect.stringContaining('“<b>F*** the police</b> lol”') });
  });
  it('cuts long text', () => {
    expect(alertNotification('Web', [item({ provenance: 'unverified', severity: 'low', text: 'x'.repeat(500) })])?.body.length).toBeLessThan(220);
  });
});
