// One email adapter suite, run against the demo newsroom's mail path and against a real Dovecot:
// bulletins out through SMTP, back through the canary mailbox over IMAP. The canary's copy is a
// subscriber's copy: it must name no other subscriber in any header and carry the list headers.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter, type EmailAdapterOptions } from '../../electron/channels/email/adapter';
import type { SendReport } from '../../electron/channels/email/send-bulletin';
import type { ChannelAdapter, ObservedItem } from '../../electron/channels/types';
import { systemClock } from '../../electron/lib/clock';
import { emailTargets, type EmailTarget } from '../helpers/email-targets';
import { describeWithPeers } from '../helpers/peer-suite';
import { failureOf } from '../helpers/channel-failure';
import { headersOf, mentions } from '../helpers/mail-headers';
import { expectImagesReadBack } from '../helpers/media-checks';
import { mediaAt, outbound, twoImages } from '../helpers/test-images';

const from = 'Press Office <press@newsroom.example>';
const sourceOf = (item: ObservedItem): string => (item.raw as { source: string }).source;

async function readUntil(adapter: ChannelAdapter, cursor: string | null, count: number) {
  let c = cursor;
  const items = [];
  for (let i = 0; i < 50 && items.length < count; i++) {
    const r = await adapter.readSince(c);
    items.push(...r.items);
    c = r.cursor;
    if (items.length < count) await new Promise((res) => setTimeout(res, 100));
  }
  return { items, cursor: c };
}

for (const [name, start, peers] of emailTargets) describeWithPeers(peers, `email adapter against the ${name}`, () => {
  let target: EmailTarget;
  let bureau: ChannelAdapter;
  beforeAll(async () => {
    target = await start();
    bureau = adapter();
  }, 60_000);
  const adapter = (extra: Partial<EmailAdapterOptions> = {}): ChannelAdapter =>
    createEmailAdapter({ smtp: target.bureau, canary: target.canary, canaryAddress: target.canaryAddress, from, subscribers: target.to, clock: systemClock, ...extra });
  /** Publishes, then reads the canary's copy back and the envelopes of this send. */
  const publishAndRead = async (sender: ChannelAdapter, variant: { title: string; text: string; html: string | null }, hint: string) => {
    const start = await sender.readSince(null);
    const before = target.envelopes().length;
    const sent = await sender.publish(variant, hint);
    const { items } = await readUntil(sender, start.cursor, 1);
    expect(items).toHaveLength(1);
    return { sent, item: items[0]!, envelopes: target.envelopes().slice(before), ...(await headersOf(sourceOf(items[0]!))) };
  };
  afterAll(async () => {
    await target?.stop();
  });

  it('sends a bulletin and reads it back from the canary mailbox, as the ledger expects it', async () => {
    const start = await bureau.readSince(null);
    const variant = { title: 'Appeal for witnesses — Camden', text: 'Police are appealing for witnesses.\nCall 101.', html: '<p>Police are appealing for witnesses.</p><p>Call 101.</p>' };
    const sent = await bureau.publish(variant, 'stmt-1');
    expect(sent.readBack).toBe('content');
    const { items, cursor } = await readUntil(bureau, start.cursor, 1);
    expect(items).toHaveLength(1);
    expect(items[0]!.text).toBe(bureau.renderedText(variant));
    expect(items[0]!.channelItemId).toMatch(/^\d+:\d+$/);
    expect((await bureau.readSince(cursor)).items).toEqual([]);
  });

  it('sends two images inline with their alt text; the canary copy lists them and gives their bytes back', async () => {
    const start = await bureau.readSince(null);
    const images = await twoImages();
    const variant = { title: 'Appeal with photos', text: 'Have you seen her? Call 101.', html: '<p>Have you seen her? Call 101.</p>' };
    const sent = await bureau.publish(variant, 'stmt-images', images);
    const { items } = await readUntil(bureau, start.cursor, 1);
    expect(items[0]?.text).toBe(bureau.renderedText(variant));
    expect(sourceOf(items[0]!)).toMatch(/Content-Disposition: inline/i);
    await expectImagesReadBack(bureau, items[0], images, sent);
    const other = { ...items[0]!.media![0]!, url: 'imap://evil.example:143/INBOX;UIDVALIDITY=1/;UID=1' };
    for (const media of [other, mediaAt('http://127.0.0.1:9/x.png')]) expect((await failureOf(bureau.fetchMedia!(media, 1_000_000))).kind).toBe('BAD_RESPONSE');
  });

  it('refuses to download a message too large for the image limit asked', async () => {
    const start = await bureau.readSince(null);
    const noise = await sharp(randomBytes(700 * 700 * 3), { raw: { width: 700, height: 700, channels: 3 } }).png().toBuffer();
    await bureau.publish({ title: 'Large image', text: 'See the photo.', html: null }, 'stmt-large', [outbound(new Uint8Array(noise), 'image/png', 'noise', 700, 700)]);
    const { items } = await readUntil(bureau, start.cursor, 1);
    const refused = await failureOf(bureau.fetchMedia!(items[0]!.media![0]!, 1000));
    expect(refused).toMatchObject({ kind: 'REJECTED', message: expect.stringContaining('not downloaded') });
  });

  it("sees a bulletin the compromised tool sends, like any subscriber", async () => {
    const start = await bureau.readSince(null);
    const attacker = createEmailAdapter({ smtp: target.compromised, canary: target.canary, from, subscribers: target.to, clock: systemClock });
    await attacker.publish({ title: 'test', text: 'test', html: '<p>test</p><img src="https://evil.example/pixel.gif" alt="">' }, 'x');
    const { items } = await readUntil(bureau, start.cursor, 1);
    expect(items.map((i) => i.text)).toEqual(['test\ntest']);
    // A remote image is listed by its address and never fetched.
    expect(items[0]?.media).toEqual([{ ref: 'https://evil.example/pixel.gif', mime: 'image/gif', alt: '', url: 'https://evil.example/pixel.gif' }]);
    expect((await failureOf(bureau.fetchMedia!(items[0]!.media![0]!, 1_000_000))).kind).toBe('BAD_RESPONSE');
  });

  it('says honestly that a delivered bulletin cannot be retracted, and offers a correction', async () => {
    expect(await bureau.retract('1:1')).toEqual({ kind: 'impossible', why: expect.stringContaining('cannot be taken back'), correctionOffered: true });
  });

  it("gives each subscriber a copy that names no other subscriber in any header, with the list headers bulk mail must carry", async () => {
    const variant = { title: 'Road closure — Ünïcode Street', text: 'The A1 is closed northbound.', html: null };
    const { sent, item, headers, value, envelopes } = await publishAndRead(bureau, variant, 'stmt-privacy-email');
    const canary = target.canaryAddress;
    const others = target.to.filter((s) => s.toLowerCase() !== canary);
    expect(others.length).toBeGreaterThanOrEqual(4);
    expect(headers.length).toBeGreaterThan(8);
    expect(mentions(headers, others)).toEqual([]);
    expect(sourceOf(item).toLowerCase()).not.toContain('example.org');
    // Every subscriber was an envelope recipient, in one transaction, the canary last.
    expect(envelopes).toHaveLength(1);
    expect(envelopes[0]!.map((a) => a.toLowerCase()).sort()).toEqual([...target.to].map((a) => a.toLowerCase()).sort());
    expect(envelopes[0]!.at(-1)).toBe(canary);
    expect(value('To')).toBe('press@newsroom.example');
    expect(value('List-Id')).toBe('<press.newsroom.example>');
    expect(value('List-Unsubscribe')).toBe('<mailto:press@newsroom.example?subject=unsubscribe>');
    // RFC 8058: no one-click claim without an https target.
    expect(value('List-Unsubscribe-Post')).toBeNull();
    expect(value('Precedence')).toBe('bulk');
    expect(value('Auto-Submitted')).toBe('auto-generated');
    expect(value('Cc')).toBeNull();
    expect(value('Bcc')).toBeNull();
    expect(value('Message-ID')).toBe(sent.channelItemId);
    expect((item.raw as { messageId: string }).messageId).toBe(sent.channelItemId);
    expect(item.text).toBe(bureau.renderedText(variant));
  });

  it('with a one-click unsubscribe address, sends each subscriber a copy whose unsubscribe names only them (RFC 8058)', async () => {
    const oneClick = adapter({ listAddress: 'bulletin@newsroom.example', unsubscribeUrl: 'https://newsroom.example/unsubscribe?list=press&email={recipient}' });
    const { headers, value, envelopes } = await publishAndRead(oneClick, { title: 'Appeal', text: 'Call 101.', html: '<p>Call 101.</p>' }, 'stmt-one-click');
    const canary = target.canaryAddress;
    expect(mentions(headers, target.to.filter((s) => s.toLowerCase() !== canary))).toEqual([]);
    expect(envelopes.map((e) => e.length)).toEqual(target.to.map(() => 1));
    expect(value('To')).toBe('bulletin@newsroom.example');
    // What the composer's preview shows is what every copy carries.
    expect(oneClick.addressing?.to).toBe(value('To'));
    expect(oneClick.addressing?.from).toBe(value('From'));
    expect(value('List-Id')).toBe('<bulletin.newsroom.example>');
    expect(value('List-Unsubscribe')).toBe(`<https://newsroom.example/unsubscribe?list=press&email=${encodeURIComponent(canary)}>, <mailto:bulletin@newsroom.example?subject=unsubscribe>`);
    expect(value('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  });

  it('repeats the Message-ID when the same statement is sent again after a restart, and the canary copies carry it', async () => {
    const variant = { title: 'Statement', text: 'A statement from the bureau.', html: null };
    const first = await publishAndRead(bureau, variant, 'stmt-retry-email');
    // A new adapter is what the outbox has after a crash: nothing remembered but the row.
    const retried = await publishAndRead(adapter(), variant, 'stmt-retry-email');
    expect(retried.sent.channelItemId).toBe(first.sent.channelItemId);
    expect(retried.value('Message-ID')).toBe(first.sent.channelItemId);
    expect(first.value('Message-ID')).toBe(first.sent.channelItemId);
    expect((await bureau.publish(variant, 'stmt-another')).channelItemId).not.toBe(first.sent.channelItemId);
  });

  it('splits a large list into transactions of at most 100 recipients, the canary in the last, and reports each one', async () => {
    const many = [...Array.from({ length: 250 }, (_, i) => `reader-${i}@example.net`), target.canaryAddress];
    const reports: SendReport[] = [];
    const big = adapter({ subscribers: many, onSendReport: (r) => reports.push(r) });
    const { headers, envelopes } = await publishAndRead(big, { title: 'Large list', text: 'To everyone.', html: null }, 'stmt-large');
    expect(envelopes.map((e) => e.length)).toEqual([100, 100, 51]);
    expect(new Set(envelopes.flat()).size).toBe(251);
    expect(envelopes.at(-1)!.at(-1)).toBe(target.canaryAddress);
    expect(mentions(headers, ['example.net'])).toEqual([]);
    expect(reports.at(-1)?.batches.map((b) => [b.outcome, b.accepted])).toEqual([['accepted', 100], ['accepted', 100], ['accepted', 51]]);
  });

  it('maps a wrong SMTP password and a wrong canary password to AUTH_REVOKED', async () => {
    const wrongSmtp = adapter({ smtp: { ...target.bureau, password: 'wrong-password' } });
    expect(await failureOf(wrongSmtp.publish({ title: 't', text: 't', html: null }, 'h'))).toMatchObject({ kind: 'AUTH_REVOKED' });
    const wrongImap = adapter({ canary: { ...target.canary, password: 'wrong-password' } });
    expect(await failureOf(wrongImap.readSince(null))).toMatchObject({ kind: 'AUTH_REVOKED' });
    expect(wrongImap.health().state).toBe('auth-revoked');
  });
});

describe('email adapter failures', () => {
  it('maps an unreachable server to UNAVAILABLE and refuses clear-text SMTP off loopback', async () => {
    const adapter = createEmailAdapter({
      smtp: { host: '127.0.0.1', port: 9, security: 'none', user: 'u', password: 'p' },
      canary: { host: '127.0.0.1', port: 9, user: 'u', password: 'p', security: 'none', timeoutMs: 1000 },
      from: 'a@b.example',
      subscribers: ['c@d.example'],
      clock: systemClock,
      timeoutMs: 1000,
    });
    expect(await failureOf(adapter.publish({ title: 't', text: 't', html: null }, 'h'))).toMatchObject({ kind: 'UNAVAILABLE' });
    expect(await failureOf(adapter.readSince(null))).toMatchObject({ kind: 'UNAVAILABLE' });
    expect(() =>
      createEmailAdapter({ smtp: { host: 'mail.example.org', port: 25, security: 'none', user: 'u', password: 'p' }, canary: { host: '127.0.0.1', port: 9, user: 'u', password: 'p', security: 'none' }, from: 'a@b.example', subscribers: [], clock: systemClock }),
    ).toThrow(/Refusing unencrypted SMTP/);
  });
});
