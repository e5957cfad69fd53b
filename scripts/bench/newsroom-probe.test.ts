import { describe, expect, it } from 'vitest';
import type { ChannelAdapter, ReadResult } from '../../electron/channels/types';
import { recordReads, type ReadRecord } from './newsroom-probe';

function fakeAdapter(result: () => Promise<ReadResult>): ChannelAdapter {
  return { readSince: result } as unknown as ChannelAdapter;
}

const page = (ids: string[]): ReadResult => ({ items: ids.map((id) => ({ channelItemId: id, publishedAt: null, text: id, html: null, url: null, raw: {} })), cursor: 'c', visibleIds: null, windowComplete: false, profile: null });

describe('recordReads', () => {
  it('records each read with the keys it returned and passes the result through unchanged', async () => {
    const result = page(['1795851234:7', '1795851234:8']);
    const adapter = fakeAdapter(async () => result);
    const reads: ReadRecord[] = [];
    const restore = recordReads(new Map([['demo-email', adapter]]), (r) => reads.push(r));
    expect(await adapter.readSince('cursor')).toBe(result);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.keys).toEqual(['demo-email/uid:7', 'demo-email/uid:8']);
    expect(reads[0]!.returnedAt).toBeGreaterThanOrEqual(reads[0]!.startedAt);
    restore();
    await adapter.readSince(null);
    expect(reads).toHaveLength(1);
  });

  it('a failed read is passed through and recorded as nothing', async () => {
    const adapter = fakeAdapter(async () => {
      throw new Error('offline');
    });
    const reads: ReadRecord[] = [];
    recordReads(new Map([['demo-x', adapter]]), (r) => reads.push(r));
    await expect(adapter.readSince(null)).rejects.toThrow('offline');
    expect(reads).toEqual([]);
  });
});
