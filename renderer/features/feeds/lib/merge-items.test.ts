import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../../../electron/shared/contract';
import { markGone, mergeItems } from './merge-items';

function item(id: string, minute: number, patch: Partial<FeedItem> = {}): FeedItem {
  const at = new Date(Date.UTC(2019, 6, 19, 23, minute)).toISOString();
  return {
    channelId: 'demo-x',
    itemId: id,
    firstSeenAt: at,
    publishedAt: at,
    text: `item ${id}`,
    url: null,
    hasHtml: false,
    provenance: 'unverified',
    matchedBy: null,
    severity: 'high',
    signals: [],
    status: 'live',
    statusDetail: null,
    media: [],
    ...patch,
  };
}

describe('mergeItems', () => {
  const existing = [item('3', 3), item('2', 2), item('1', 1)];

  it('puts new items on top, newest first', () => {
    const merged = mergeItems(existing, [item('4', 4), item('5', 5)]);
    expect(merged.map((i) => i.itemId)).toEqual(['5', '4', '3', '2', '1']);
  });

  it('replaces a known item in place instead of duplicating it', () => {
    const merged = mergeItems(existing, [item('2', 2, { status: 'retracted' })]);
    expect(merged.map((i) => i.itemId)).toEqual(['3', '2', '1']);
    expect(merged[1]!.status).toBe('retracted');
  });

  it('returns the same array when nothing changed (no re-render)', () => {
    expect(mergeItems(existing, [])).toBe(existing);
    expect(mergeItems(existing, [existing[0]!])).toBe(existing);
  });

  it('drops the oldest beyond the cap', () => {
    const merged = mergeItems(existing, [item('4', 4)], 3);
    expect(merged.map((i) => i.itemId)).toEqual(['4', '3', '2']);
  });

  it('does not add the same new item twice from one batch', () => {
    expect(mergeItems([], [item('9', 9), item('9', 9)]).map((i) => i.itemId)).toEqual(['9']);
  });
});

describe('markGone', () => {
  it('marks live items gone and leaves retracted ones alone', () => {
    const list = [item('2', 2, { status: 'retracted' }), item('1', 1)];
    const out = markGone(list, ['1', '2', 'unknown']);
    expect(out.map((i) => i.status)).toEqual(['retracted', 'gone']);
    expect(markGone(list, ['unknown'])).toBe(list);
  });
});

describe('mergeItems over many appends', () => {
  it('keeps membership right as lists are handed on and trimmed', () => {
    let list: readonly FeedItem[] = [];
    for (let n = 1; n <= 50; n++) list = mergeItems(list, [item(String(n), n)], 10);
    expect(list.map((i) => i.itemId)).toEqual(['50', '49', '48', '47', '46', '45', '44', '43', '42', '41']);
    // A trimmed item seen again is new again (on top); a kept one is updated in place.
    list = mergeItems(list, [item('1', 0), item('45', 45, { status: 'gone' })], 10);
    expect(list.map((i) => i.itemId)).toEqual(['1', '50', '49', '48', '47', '46', '45', '44', '43', '42']);
    expect(list[6]!.status).toBe('gone');
  });

  it('answers correctly when merging into an older list again', () => {
    const a = mergeItems([], [item('1', 1)]);
    const b = mergeItems(a, [item('2', 2)]);
    expect(mergeItems(a, [item('2', 2)]).map((i) => i.itemId)).toEqual(['2', '1']);
    expect(mergeItems(b, [b[0]!])).toBe(b);
    expect(mergeItems(b, [item('2', 2)]).map((i) => i.itemId)).toEqual(['2', '1']);
  });
});
