import { expect, it } from 'vitest';
import type { FeedItem } from '../../../../electron/shared/contract';
import { alertKey, unacknowledgedOf } from './use-alerts';

const item = (over: Partial<FeedItem> = {}): FeedItem => ({
  channelId: 'wp', itemId: '7', firstSeenAt: '2019-07-19T22:00:00Z', publishedAt: null, text: 'first abuse', url: null, hasHtml: true,
  provenance: 'unverified', matchedBy: null, severity: 'critical', signals: [], status: 'live', statusDetail: null, media: [], ...over,
});

it('an acknowledged item stays silent while it reads the same; edited into something else it alarms again', () => {
  const acknowledged = { [alertKey(item())]: true } as const;
  expect(unacknowledgedOf([item({ status: 'live', severity: 'critical' })], acknowledged)).toEqual([]);
  const edited = item({ text: 'second abuse', signals: [{ kind: 'edited-after-publication', detail: 'it read: "first abuse"', weight: 5 }] });
  expect(unacknowledgedOf([edited], acknowledged)).toEqual([edited]);
  expect(unacknowledgedOf([item({ itemId: '8' })], acknowledged)).toHaveLength(1);
});
