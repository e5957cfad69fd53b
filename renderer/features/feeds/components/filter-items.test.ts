import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../../../electron/shared/contract';
import { arrivalOf } from './arrivals';
import { countUnverifiedLive, recountUnverifiedLive } from './filter-items';

function item(n: number, patch: Partial<FeedItem> = {}): FeedItem {
  const at = new Date(Date.UTC(2019, 6, 19, 23, 0, n)).toISOString();
  return {
    channelId: 'demo-x',
    itemId: `i${n}`,
    firstSeenAt: at,
    publishedAt: at,
    text: `item ${n}`,
    url: null,
    hasHtml: false,
    provenance: n % 3 === 0 ? 'unverified' : 'verified',
    matchedBy: null,
    severity: n % 3 === 0 ? 'high' : null,
    signals: [],
    status: 'live',
    statusDetail: null,
    media: [],
    ...patch,
  };
}

const column = (newest: number, oldest: number): FeedItem[] => Array.from({ length: newest - oldest + 1 }, (_, i) => item(newest - i));

describe('arrivalOf', () => {
  it('sees items added on top, the oldest trimmed and items replaced in place', () => {
    const prev = column(10, 1);
    const next = [item(12), item(11), ...prev.slice(0, 8)];
    next[4] = { ...next[4]!, status: 'gone' };
    expect(arrivalOf(prev, next)).toEqual({ added: 2, kept: 8, replaced: [4] });
  });

  it('is not fooled by a removal and an insertion in the middle that leave both ends in place', () => {
    const prev = column(10, 1);
    const next = [...prev.slice(0, 3), item(99), ...prev.slice(4)];
    expect(arrivalOf(prev, next)).toBeNull();
  });
});

describe('recountUnverifiedLive', () => {
  it('matches a full count through arrivals, trims, status changes, removals and reorders', () => {
    let seed = 11;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let list = column(200, 1);
    let count = countUnverifiedLive(list);
    let next = 201;
    for (let step = 0; step < 2000; step++) {
      const roll = random();
      let changed: FeedItem[];
      if (roll < 0.5) {
        changed = [item(next++), ...list].slice(0, 250);
      } else if (roll < 0.8) {
        changed = list.slice();
        const at = Math.floor(random() * changed.length);
        changed[at] = { ...changed[at]!, status: random() < 0.5 ? 'retracted' : 'live', provenance: random() < 0.5 ? 'unverified' : 'adopted' };
      } else if (roll < 0.9) {
        changed = list.filter(() => random() > 0.02);
      } else {
        changed = list.slice();
        const [moved] = changed.splice(Math.floor(random() * changed.length), 1);
        changed.splice(Math.floor(random() * changed.length), 0, moved!);
      }
      count = recountUnverifiedLive(list, count, changed);
      list = changed;
      expect(count).toBe(countUnverifiedLive(list));
    }
  });
});
