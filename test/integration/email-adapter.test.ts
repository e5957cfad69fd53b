// One email adapter suite, run against the demo newsroom's mail path and against a real Dovecot:
// bulletins out through SMTP, back through the canary mailbox over IMAP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../electron/channels/email/adapter';
import type { ChannelAdapter } from '../../electron/channels/types';
import { systemClock } from '../../electron/lib/clock';
import { emailTargets, type EmailTarget } from '../helpers/email-targets';
import { describeWithPeers } from '../helpers/peer-suite';
import { failureOf } from '../helpers/channel-failure';


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
    bureau = createEmailAdapter({ smtp: target.bureau, canary: target.canary, from: 'press@newsroom.example', to: target.to, clock: systemClock });
  }, 60_000);
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

  it("sees a bulletin the compromised tool sends, like any subscriber", async () => {
    const start = await bureau.readSince(null);
    const attacker = createEmailAdapter({ smtp: target.compromised, canary: target.canary, from: 'press@newsroom.example', to: target.to, clock: systemClock });
    await attacker.publish({ title: 'test', text: 'test', html: null }, 'x');
    const { items } = await readUntil(bureau, start.cursor, 1);
    expect(items.map((i) => i.text)).toEqual(['test\ntest']);
  });

  it('says honestly that a delivered bulletin cannot be retracted, and offers a correction', async () => {
    expect(await bureau.retract('1:1')).toEqual({ kind: 'impossible', why: expect.stringContaining('cannot be taken back'), correctionOffered: true });
  });

  it('maps a wrong SMTP password and a wrong canary password to AUTH_REVOKED', async () => {
    const wrongSmtp = createEmailAdapter({ smtp: { ...target.bureau, password: 'wrong-password' }, canary: target.canary, from: 'press@newsroom.example', to: target.to, clock: systemClock });
    expect(await failureOf(wrongSmtp.publish({ title: 't', text: 't', html: null }, 'h'))).toMatchObject({ kind: 'AUTH_REVOKED' });
    const wrongImap = createEmailAdapter({ smtp: target.bureau, canary: { ...target.canary, password: 'wrong-password' }, from: 'press@newsroom.example', to: target.to, clock: systemClock });
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
      to: ['c@d.example'],
      clock: systemClock,
      timeoutMs: 1000,
    });
    expect(await failureOf(adapter.publish({ title: 't', text: 't', html: null }, 'h'))).toMatchObject({ kind: 'UNAVAILABLE' });
    expect(await failureOf(adapter.readSince(null))).toMatchObject({ kind: 'UNAVAILABLE' });
    expect(() =>
      createEmailAdapter({ smtp: { host: 'mail.example.org', port: 25, security: 'none', user: 'u', password: 'p' }, canary: { host: '127.0.0.1', port: 9, user: 'u', password: 'p', security: 'none' }, from: 'a@b.example', to: [], clock: systemClock }),
    ).toThrow(/Refusing unencrypted SMTP/);
  });
});
