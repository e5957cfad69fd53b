import { QueryClient } from '@tanstack/react-query';
import { expect, it } from 'vitest';
import type { FeedItem } from '../../../../electron/shared/contract';
import { applyFeedItems, feedKeys } from './feed';

const item = (over: Partial<FeedItem> = {}): FeedItem => ({
  channelId: 'wp', itemId: '7', firstSeenAt: '2019-07-19T22:00:00Z', publishedAt: null, text: 'Road closed', url: null, hasHtml: true,
  provenance: 'verified', matchedBy: 'item-id', severity: null, signals: [], status: 'live', statusDetail: null, media: [], ...over,
});

it("an open item's detail is read again when an edit changed what it says, and only patched when only its state changed", () => {
  const client = new QueryClient();
  const detail = feedKeys.item('wp', '7');
  client.setQueryData(detail, { item: item(), html: '<p>Road closed</p>', raw: '{}' });

  applyFeedItems(client, { channelId: 'wp', items: [item({ status: 'retracting' })] });
  expect(client.getQueryState(detail)?.isInvalidated).toBe(false);
  expect(client.getQueryData<{ item: FeedItem }>(detail)?.item.status).toBe('retracting');

  const edited = item({ text: 'abuse', provenance: 'unverified', matchedBy: null, severity: 'critical', signals: [{ kind: 'edited-after-publication', detail: 'it read: "Road closed"', weight: 5 }] });
  applyFeedItems(client, { channelId: 'wp', items: [edited] });
  expect(client.getQueryData<{ item: FeedItem }>(detail)?.item).toEqual(edited);
  expect(client.getQueryState(detail)?.isInvalidated).toBe(true);
});
