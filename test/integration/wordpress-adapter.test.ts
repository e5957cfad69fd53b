// One adapter suite, run against a real WordPress (Debian's packages, started in a temp dir) and
// the demo newsroom's WordPress: the same assertions on both keep the demo faithful to the real API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWordPressAdapter } from '../../electron/channels/wordpress/adapter';
import type { ChannelAdapter } from '../../electron/channels/types';
import { systemClock } from '../../electron/lib/clock';
import { startFaultyServer } from '../helpers/faulty-server';
import { wordPressTargets, type WordPressTarget } from '../helpers/wordpress-targets';
import { describeWithPeers } from '../helpers/peer-suite';
import { failureOf } from '../helpers/channel-failure';
import { expectImagesReadBack } from '../helpers/media-checks';
import { mediaAt, sha256, startHostileImageServer, twoImages } from '../helpers/test-images';


for (const [name, start, peers] of wordPressTargets) describeWithPeers(peers, `WordPress adapter against the ${name}`, () => {
  let wp: WordPressTarget;
  let bureau: ChannelAdapter;
  beforeAll(async () => {
    wp = await start();
    bureau = createWordPressAdapter({ siteUrl: wp.url, ...wp.credentials.bureau, clock: systemClock, integrationUserIds: [wp.credentials.compromised.userId] });
  }, 120_000);
  afterAll(async () => {
    await wp?.stop();
  });

  const publicIds = async (): Promise<number[]> => {
    const res = await fetch(`${wp.url}/wp-json/wp/v2/posts?per_page=100`);
    return ((await res.json()) as { id: number }[]).map((p) => p.id);
  };
  const feed = async (): Promise<string> => (await fetch(`${wp.url}/feed/`)).text();

  it('publishes, then reads the post back since the cursor as plain text', async () => {
    const start = await bureau.readSince(null);
    const posted = await bureau.publish({ title: 'Road closure on the A40', text: '', html: '<p>The A40 is closed &amp; diverted.</p>' }, 'h1');
    expect(posted.url).toMatch(/^http/);
    const read = await bureau.readSince(start.cursor);
    const item = read.items.find((i) => i.channelItemId === posted.channelItemId);
    expect(item?.text).toBe('Road closure on the A40\nThe A40 is closed & diverted.');
    expect(item?.html).toContain('<p>');
    expect(item?.publishedAt).toMatch(/Z$/);
  });

  it('publishes two images as inline figures with alt text; they read back byte for byte', async () => {
    const images = await twoImages();
    const posted = await bureau.publish({ title: 'Appeal: missing person', text: '', html: '<p>Have you seen her?</p>' }, 'img', images);
    const read = await bureau.readSince(null);
    const item = read.items.find((i) => i.channelItemId === posted.channelItemId);
    expect(item?.text).toBe('Appeal: missing person\nHave you seen her?');
    expect(item?.media?.every((m) => m.url?.startsWith(`${wp.url}/wp-content/uploads/`))).toBe(true);
    await expectImagesReadBack(bureau, item, images, posted);
    // The media library keeps the alt text too, as WordPress's sanitize_text_field() leaves it (no tags);
    // readers (and the read-back) get it whole from the post's own <img>.
    const attachment = (await (await fetch(`${wp.url}/wp-json/wp/v2/media/${posted.mediaRefs?.[0]?.ref ?? 0}`)).json()) as { alt_text: string; mime_type: string };
    expect(attachment).toMatchObject({ alt_text: 'The signed letter from the commissioner, page one — “signée” &', mime_type: 'image/png' });
  });

  it("lists a featured image someone else set, with its alt text and bytes", async () => {
    const { username, applicationPassword } = wp.credentials.compromised;
    const auth = `Basic ${Buffer.from(`${username}:${applicationPassword.replace(/\s+/g, '')}`).toString('base64')}`;
    const [image] = await twoImages();
    const uploaded = await fetch(`${wp.url}/wp-json/wp/v2/media?alt_text=leaked`, { method: 'POST', headers: { authorization: auth, 'content-type': 'image/png', 'content-disposition': 'attachment; filename="leak.png"' }, body: image.bytes.slice() });
    const media = (await uploaded.json()) as { id: number };
    const created = await fetch(`${wp.url}/wp-json/wp/v2/posts`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Featured leak', content: '<p>see above</p>', status: 'publish', featured_media: media.id }) });
    const post = (await created.json()) as { id: number; featured_media: number };
    expect(post.featured_media).toBe(media.id);
    const item = (await bureau.readSince(null)).items.find((i) => i.channelItemId === String(post.id));
    expect(item?.media).toEqual([{ ref: String(media.id), mime: 'image/png', alt: 'leaked', url: expect.stringContaining('/wp-content/uploads/') }]);
    expect(sha256(await bureau.fetchMedia!(item!.media![0]!, 1_000_000))).toBe(image.sha256);
    // An unknown id is ignored, on create and on update alike.
    const ignored = await fetch(`${wp.url}/wp-json/wp/v2/posts`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x', status: 'publish', featured_media: 999999 }) });
    expect([ignored.status, ((await ignored.json()) as { featured_media: number }).featured_media]).toEqual([201, 0]);
    const kept = await fetch(`${wp.url}/wp-json/wp/v2/posts/${post.id}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ featured_media: 999999 }) });
    expect([kept.status, ((await kept.json()) as { featured_media: number }).featured_media]).toEqual([200, media.id]);
  });

  it('fetches images only from the site itself', async () => {
    const hostile = await startHostileImageServer();
    try {
      // The compromised integration puts a remote image in a post: it is listed, never fetched.
      const attacker = createWordPressAdapter({ siteUrl: wp.url, ...wp.credentials.compromised, clock: systemClock });
      const posted = await attacker.publish({ title: 'Remote image', text: '', html: `<p>look</p><img src="${hostile.streamUrl}" alt="remote">` }, 'remote');
      const item = (await bureau.readSince(null)).items.find((i) => i.channelItemId === posted.channelItemId);
      expect(item?.media).toEqual([{ ref: hostile.streamUrl, mime: null, alt: 'remote', url: hostile.streamUrl }]);
      expect((await failureOf(bureau.fetchMedia!(item!.media![0]!, 1_000_000))).kind).toBe('BAD_RESPONSE');
      for (const url of [hostile.hugeUrl, hostile.redirectUrl, 'https://evil.example/wp-content/uploads/x.png']) {
        expect((await failureOf(bureau.fetchMedia!(mediaAt(url), 1_000_000))).kind).toBe('BAD_RESPONSE');
      }
      expect(hostile.hits()).toBe(0);
    } finally {
      await hostile.close();
    }
  });

  it("sees the compromised integration's posts, and a full read lists what is visible", async () => {
    const attacker = createWordPressAdapter({ siteUrl: wp.url, ...wp.credentials.compromised, clock: systemClock });
    const { channelItemId } = await attacker.publish({ title: 'Free Digga D', text: '', html: '<p>test</p>' }, 'a1');
    const full = await bureau.readSince(null);
    expect(full.visibleIds).toContain(channelItemId);
    expect(full.items.find((i) => i.channelItemId === channelItemId)?.text).toBe('Free Digga D\ntest');
  });

  it("reads back a published post another user edited, since the cursor, with its id and the edited text", async () => {
    const posted = await bureau.publish({ title: 'Appeal for witnesses', text: '', html: '<p>Call 101.</p>' }, 'e1');
    const before = await bureau.readSince(null);
    const { username, applicationPassword } = wp.credentials.compromised;
    const auth = `Basic ${Buffer.from(`${username}:${applicationPassword.replace(/\s+/g, '')}`).toString('base64')}`;
    const res = await fetch(`${wp.url}/wp-json/wp/v2/posts/${posted.channelItemId}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ content: '<p>Do not call us.</p>' }) });
    const edited = (await res.json()) as { id: number; status: string; title: { raw: string } };
    expect([res.status, edited.id, edited.status, edited.title.raw]).toEqual([200, Number(posted.channelItemId), 'publish', 'Appeal for witnesses']);
    const item = (await bureau.readSince(before.cursor)).items.find((i) => i.channelItemId === posted.channelItemId);
    expect(item?.text).toBe('Appeal for witnesses\nDo not call us.');
  });

  it('retracts by unpublishing: gone from the public list and the feed; again is "already gone"', async () => {
    const { channelItemId } = await bureau.publish({ title: 'To be retracted', text: '', html: '<p>x</p>' }, 'h2');
    expect(await publicIds()).toContain(Number(channelItemId));
    expect(await feed()).toContain('To be retracted');
    expect(await bureau.retract(channelItemId)).toEqual({ kind: 'retracted', how: 'unpublished' });
    expect(await publicIds()).not.toContain(Number(channelItemId));
    expect(await feed()).not.toContain('To be retracted');
    expect(await bureau.retract(channelItemId)).toEqual({ kind: 'already-gone' });
    expect(await bureau.retract('999999')).toEqual({ kind: 'already-gone' });
  });

  it('maps a wrong application password to AUTH_REVOKED', async () => {
    const wrong = createWordPressAdapter({ siteUrl: wp.url, username: wp.credentials.bureau.username, applicationPassword: 'abcd efgh ijkl mnop qrst uvwx', clock: systemClock });
    expect(await failureOf(wrong.publish({ title: 't', text: '', html: 'x' }, 'h'))).toMatchObject({ kind: 'AUTH_REVOKED' });
    expect(wrong.health().state).toBe('auth-revoked');
  });

  it('locks out the compromised integration by revoking its application passwords (admin)', async () => {
    const admin = createWordPressAdapter({ siteUrl: wp.url, ...wp.credentials.admin, clock: systemClock, integrationUserIds: [wp.credentials.compromised.userId] });
    const actions = await admin.freezeActions();
    expect(actions.map((a) => a.id)).toEqual([`revoke-application-passwords:${wp.credentials.compromised.userId}`]);
    const attacker = createWordPressAdapter({ siteUrl: wp.url, ...wp.credentials.compromised, clock: systemClock });
    await attacker.readSince(null);
    expect(await admin.runFreezeAction(actions[0]!.id)).toMatchObject({ done: true, detail: expect.stringContaining('Revoked 1') });
    expect(await failureOf(attacker.publish({ title: 'again', text: '', html: 'x' }, 'h'))).toMatchObject({ kind: 'AUTH_REVOKED' });
    await expect(bureau.readSince(null)).resolves.toBeTruthy();
  });
});

describe('WordPress adapter on a site that was empty at the first read', () => {
  it('sees every post of a 120-post burst, not just the newest page', async () => {
    const { startDemoWordPressServer } = await import('../../electron/demo/wordpress/server');
    const site = await startDemoWordPressServer();
    try {
      const reader = createWordPressAdapter({ siteUrl: site.url, ...site.credentials.bureau, clock: systemClock });
      const first = await reader.readSince(null);
      expect(first.items).toEqual([]);
      const attacker = createWordPressAdapter({ siteUrl: site.url, ...site.credentials.compromised, clock: systemClock });
      for (let i = 0; i < 120; i++) await attacker.publish({ title: `burst ${i}`, text: '', html: '<p>x</p>' }, `b${i}`);
      const read = await reader.readSince(first.cursor);
      expect(new Set(read.items.map((i) => i.channelItemId)).size).toBe(120);
    } finally {
      await site.close();
    }
  });
});

describe('WordPress adapter failures', () => {
  it('maps 5xx, timeouts and malformed answers to typed outcomes', async () => {
    const faulty = await startFaultyServer({ kind: 'reply', status: 502, body: '<html>bad gateway</html>' });
    try {
      const wp = createWordPressAdapter({ siteUrl: faulty.url, username: 'u', applicationPassword: 'p', clock: systemClock, timeoutMs: 300 });
      expect(await failureOf(wp.readSince(null))).toMatchObject({ kind: 'UNAVAILABLE' });
      expect(await failureOf(wp.publish({ title: 't', text: '', html: 'x' }, 'h'))).toMatchObject({ kind: 'OUTCOME_UNKNOWN' });
      faulty.fault = { kind: 'reply', status: 200, body: '[{"id":"seven"}]' };
      expect(await failureOf(wp.readSince(null))).toMatchObject({ kind: 'BAD_RESPONSE', message: expect.stringContaining('unexpected shape') });
      faulty.fault = { kind: 'reply', status: 200, body: 'not json' };
      expect(await failureOf(wp.readSince(null))).toMatchObject({ kind: 'BAD_RESPONSE' });
      faulty.fault = { kind: 'reply', status: 429, body: '{}', headers: { 'retry-after': '30' } };
      expect(await failureOf(wp.readSince(null))).toMatchObject({ kind: 'RATE_LIMITED' });
      faulty.fault = { kind: 'hang' };
      expect(await failureOf(wp.publish({ title: 't', text: '', html: 'x' }, 'h'))).toMatchObject({ kind: 'OUTCOME_UNKNOWN' });
      expect(await failureOf(wp.readSince(null))).toMatchObject({ kind: 'UNAVAILABLE' });
    } finally {
      await faulty.close();
    }
  });
});
