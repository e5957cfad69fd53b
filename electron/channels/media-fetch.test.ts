// Fetching an item's image: a redirect to another host, a huge declared length and an endless
// body are each refused, and nothing off the channel's hosts is fetched at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../test/helpers/channel-failure';
import { startHostileImageServer, type HostileImageServer } from '../../test/helpers/test-images';
import { fetchMediaBytes } from './media-fetch';

let hostile: HostileImageServer;
beforeAll(async () => {
  hostile = await startHostileImageServer();
});
afterAll(async () => {
  await hostile.close();
});

describe('fetchMediaBytes', () => {
  it('refuses a redirect to another host without fetching it', async () => {
    const f = await failureOf(fetchMediaBytes('Test', hostile.redirectUrl, { allowedHosts: [hostile.host], maxBytes: 1_000_000 }));
    expect(f.kind).toBe('BAD_RESPONSE');
    expect(f.message).toContain('127.0.0.2:9');
  });

  it('refuses an announced length over the limit before reading it', async () => {
    const f = await failureOf(fetchMediaBytes('Test', hostile.hugeUrl, { allowedHosts: [hostile.host], maxBytes: 1_000_000 }));
    expect(f).toMatchObject({ kind: 'REJECTED' });
    expect(f.message).toContain('10737418240 bytes');
  });

  it('cuts off a body with no length once it passes the limit', async () => {
    const f = await failureOf(fetchMediaBytes('Test', hostile.streamUrl, { allowedHosts: [hostile.host], maxBytes: 100_000 }));
    expect(f.kind).toBe('REJECTED');
    expect((await fetchMediaBytes('Test', hostile.streamUrl, { allowedHosts: [hostile.host], maxBytes: 4_000_000 })).byteLength).toBe(2 * 1024 * 1024);
  });

  it('never contacts a host the channel does not serve media from', async () => {
    const before = hostile.hits();
    const f = await failureOf(fetchMediaBytes('Test', hostile.streamUrl, { allowedHosts: ['pbs.twimg.com'], maxBytes: 4_000_000 }));
    expect(f.kind).toBe('BAD_RESPONSE');
    expect(f.message).toContain('not one of its own hosts');
    expect(hostile.hits()).toBe(before);
    expect((await failureOf(fetchMediaBytes('Test', 'file:///etc/passwd', { allowedHosts: [''], maxBytes: 10 }))).kind).toBe('BAD_RESPONSE');
  });
});
