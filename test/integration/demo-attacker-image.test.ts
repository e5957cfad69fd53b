// The July 2019 attacker can post an image on X through the hijacked integration (twitter-api-v2's
// own chunked upload), and the bureau's X adapter reads it back with its bytes: what quarantine
// has to keep as evidence.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createXAdapter } from '../../electron/channels/x/adapter';
import { systemClock } from '../../electron/lib/clock';
import { startDemoNewsroom, type DemoNewsroom } from '../../electron/demo/newsroom';
import { attackerClients } from '../../electron/demo/replay';
import { makeImage, sha256 } from '../helpers/test-images';

let newsroom: DemoNewsroom;
beforeAll(async () => {
  newsroom = await startDemoNewsroom();
}, 30_000);
afterAll(async () => {
  await newsroom?.stop();
});

it('the attacker posts a tweet with an image; the bureau reads it back byte for byte', async () => {
  const attacker = attackerClients(newsroom.info());
  const bytes = await makeImage('image/jpeg', 320, 200);
  const id = await attacker.post({ channel: 'x', text: 'look what we found', images: [{ bytes, mime: 'image/jpeg', alt: 'a leaked memo' }] });
  attacker.close();
  expect(newsroom.x.tweets().find((t) => t.id === id)?.integration).toBe('compromised');

  const bureau = createXAdapter({ credentials: { kind: 'oauth1', ...newsroom.x.credentials.bureau.oauth1 }, baseUrl: newsroom.x.url, clock: systemClock });
  const item = (await bureau.readSince(null)).items.find((i) => i.channelItemId === id);
  expect(item?.media).toHaveLength(1);
  expect(item?.media?.[0]?.alt).toBe('a leaked memo');
  const fetched = await bureau.fetchMedia!(item!.media![0]!, 1_000_000);
  expect(sha256(fetched)).toBe(sha256(bytes));
});
