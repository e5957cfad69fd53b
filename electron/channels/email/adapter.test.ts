// The email adapter's sending side against an in-process smtp-server on loopback that records
// each transaction's envelope (MAIL FROM, RCPT TO) beside the headers it carried: subscribers
// must be in the first and never in the second, in batches, with an honest result per batch.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { headersOf, mentions } from '../../../test/helpers/mail-headers';
import { createManualClock } from '../../lib/clock';
import { ChannelError } from '../types';
import { createEmailAdapter, type EmailAdapterOptions } from './adapter';
import type { SendReport } from './send-bulletin';

interface Transaction {
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
  readonly raw: string;
}

interface Policy {
  /** An SMTP reply code to refuse this recipient with, or null to accept. */
  rcpt?(address: string): number | null;
  /** Drop the connection instead of answering DATA of the n-th transaction (1-based). */
  dropData?(n: number): boolean;
}

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function recordingServer(policy: Policy = {}): Promise<{ port: number; transactions: Transaction[] }> {
  const transactions: Transaction[] = [];
  let data = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 100,
    onAuth: (auth, _s, cb) => (auth.password === 'pw' ? cb(null, { user: auth.username }) : cb(Object.assign(new Error('bad'), { responseCode: 535 }))),
    onRcptTo(address, session, cb) {
      const code = policy.rcpt?.(address.address) ?? null;
      if (code !== null) cb(Object.assign(new Error(`${code === 550 ? '5.1.1 No such user' : '4.2.1 Try later'}`), { responseCode: code }));
      else if (session.envelope.rcptTo.length >= 100) cb(Object.assign(new Error('4.5.3 Too many recipients'), { responseCode: 452 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      data += 1;
      const n = data;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        // Gone after the whole message arrived and before the 250: the sender cannot know.
        if (policy.dropData?.(n)) {
          const open = (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections;
          for (const c of open) if (c.id === session.id) c._socket.destroy();
          return;
        }
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        transactions.push({ mailFrom, rcptTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  server.on('error', () => undefined);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.server.address() as AddressInfo).port, transactions };
}

const canary = 'canary@newsroom.example';
// The canary first here, so the tests show it is moved to the end.
const subscribers = [canary, 'news-desk@example.org', 'City-Editor@example.org', 'alerts@example.org', 'resident@example.org'];
const others = subscribers.slice(1);
const variant = { title: 'Appeal for witnesses', text: 'Call 101.', html: null };

function adapterFor(port: number, extra: Partial<EmailAdapterOptions> = {}) {
  const reports: SendReport[] = [];
  const adapter = createEmailAdapter({
    smtp: { host: '127.0.0.1', port, security: 'none', user: 'bureau', password: 'pw' },
    canary: { host: '127.0.0.1', port: 9, user: canary, password: 'x', security: 'none' },
    from: 'Press Office <press@newsroom.example>',
    subscribers,
    clock: createManualClock('2026-03-01T09:00:00Z'),
    timeoutMs: 2_000,
    onSendReport: (r) => reports.push(r),
    ...extra,
  });
  return { adapter, reports };
}

async function failure(p: Promise<unknown>): Promise<ChannelError['failure']> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(err)}`);
  return err.failure;
}

describe('email adapter: envelope versus headers', () => {
  it('has a header check that finds an address however a header writes it', async () => {
    // What the adapter used to send: every subscriber in To:, here also folded, encoded and in a URL.
    const leaky = [
      'To: news-desk@example.org,\r\n City-Editor@EXAMPLE.org',
      'Cc: =?UTF-8?Q?alerts=40example=2Eorg?=',
      'List-Unsubscribe: <https://newsroom.example/u?e=resident%40example.org>',
      'Subject: x',
      '',
      'body',
    ].join('\r\n');
    const { headers } = await headersOf(leaky);
    expect(mentions(headers, others)).toHaveLength(3);
    expect(mentions(headers, ['resident@example.org'])).toEqual(['List-Unsubscribe: <https://newsroom.example/u?e=resident%40example.org>']);
  });

  it('puts subscribers in RCPT TO only, the canary last, and To: the list address', async () => {
    const smtp = await recordingServer();
    const { adapter } = adapterFor(smtp.port);
    const sent = await adapter.publish(variant, 'stmt-1-email');
    // Up to 100 subscribers are one transaction: all or nothing.
    expect(smtp.transactions.map((t) => t.rcptTo)).toEqual([[...others, canary]]);
    expect(smtp.transactions[0]!.mailFrom).toBe('press@newsroom.example');
    const { headers, value } = await headersOf(smtp.transactions[0]!.raw);
    expect(mentions(headers, subscribers)).toEqual([]);
    expect(value('To')).toBe('press@newsroom.example');
    expect(value('Message-ID')).toBe(sent.channelItemId);
    expect(value('List-Unsubscribe')).toBe('<mailto:press@newsroom.example?subject=unsubscribe>');
    expect(value('List-Unsubscribe-Post')).toBeNull();
    expect(value('Precedence')).toBe('bulk');
    expect(value('Auto-Submitted')).toBe('auto-generated');
  });

  it('with a one-click address, sends one copy per subscriber whose headers name that subscriber only', async () => {
    const smtp = await recordingServer();
    const { adapter } = adapterFor(smtp.port, { listAddress: 'bulletin@newsroom.example', unsubscribeUrl: 'https://newsroom.example/u?e={recipient}' });
    await adapter.publish(variant, 'stmt-2-email');
    expect(smtp.transactions.map((t) => t.rcptTo)).toEqual([...others, canary].map((s) => [s]));
    for (const t of smtp.transactions) {
      const own = t.rcptTo[0]!;
      const { headers, value } = await headersOf(t.raw);
      expect(mentions(headers, subscribers.filter((s) => s !== own))).toEqual([]);
      expect(value('List-Unsubscribe')).toBe(`<https://newsroom.example/u?e=${encodeURIComponent(own)}>, <mailto:bulletin@newsroom.example?subject=unsubscribe>`);
      expect(value('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    }
  });

  it('batches a long list at 100 recipients and reports each batch', async () => {
    const smtp = await recordingServer();
    const many = [...Array.from({ length: 230 }, (_, i) => `r${i}@example.net`), canary];
    const { adapter, reports } = adapterFor(smtp.port, { subscribers: many });
    await adapter.publish(variant, 'stmt-3-email');
    expect(smtp.transactions.map((t) => t.rcptTo.length)).toEqual([100, 100, 31]);
    expect(smtp.transactions[2]!.rcptTo.at(-1)).toBe(canary);
    // One message, three envelopes: the very same bytes each time.
    expect(new Set(smtp.transactions.map((t) => t.raw)).size).toBe(1);
    expect(reports[0]?.batches.map((b) => [b.outcome, b.accepted, b.canary])).toEqual([['accepted', 100, false], ['accepted', 100, false], ['accepted', 31, true]]);
  });
});

describe('email adapter: partial sends', () => {
  it('reports an address refused for good, and still sends to everyone else', async () => {
    const smtp = await recordingServer({ rcpt: (a) => (a === 'alerts@example.org' ? 550 : null) });
    const { adapter, reports } = adapterFor(smtp.port);
    await adapter.publish(variant, 'stmt-4-email');
    expect(smtp.transactions.map((t) => t.rcptTo)).toEqual([['news-desk@example.org', 'City-Editor@example.org', 'resident@example.org', canary]]);
    expect(reports[0]?.batches).toEqual([expect.objectContaining({ outcome: 'accepted', accepted: 4, rejected: ['alerts@example.org'], deferred: [], canary: true })]);
  });

  it('holds the canary back while an address is deferred, and the retry sends only to who is missing, same Message-ID', async () => {
    let busy = true;
    const smtp = await recordingServer({ rcpt: (a) => (a === 'resident@example.org' && busy ? 451 : null) });
    const { adapter, reports } = adapterFor(smtp.port, { maxRecipientsPerMessage: 2 });
    const first = await failure(adapter.publish(variant, 'stmt-5-email'));
    expect(first.kind).toBe('UNAVAILABLE');
    expect(first.message).toMatch(/Accepted for 3 of 5 subscribers.*1 deferred.*1 not sent yet.*retry sends only to those still missing/);
    expect(reports[0]?.batches.map((b) => [b.outcome, b.canary])).toEqual([['accepted', false], ['accepted', false], ['held', true]]);
    expect(smtp.transactions.map((t) => t.rcptTo)).toEqual([['news-desk@example.org', 'City-Editor@example.org'], ['alerts@example.org']]);
    busy = false;
    const sent = await adapter.publish(variant, 'stmt-5-email');
    expect(smtp.transactions.slice(2).map((t) => t.rcptTo)).toEqual([['resident@example.org', canary]]);
    const ids = await Promise.all(smtp.transactions.map(async (t) => (await headersOf(t.raw)).value('Message-ID')));
    expect(new Set(ids)).toEqual(new Set([sent.channelItemId]));
  });

  it('after a connection lost mid-send, says the outcome is unknown with how far it got, and the retry goes on from there', async () => {
    let drop = true;
    const smtp = await recordingServer({ dropData: (n) => n === 2 && drop });
    const { adapter } = adapterFor(smtp.port, { maxRecipientsPerMessage: 2 });
    const lost = await failure(adapter.publish(variant, 'stmt-6-email'));
    expect(lost.kind).toBe('OUTCOME_UNKNOWN');
    expect(lost.message).toMatch(/Accepted for 2 of 5 subscribers.*transaction 2 failed/);
    expect(smtp.transactions.map((t) => t.rcptTo)).toEqual([['news-desk@example.org', 'City-Editor@example.org']]);
    drop = false;
    await adapter.publish(variant, 'stmt-6-email');
    expect(smtp.transactions.slice(1).map((t) => t.rcptTo)).toEqual([['alerts@example.org', 'resident@example.org'], [canary]]);
  });

  it('settles by the canary when an address beside it is deferred, and says that address was not sent', async () => {
    const smtp = await recordingServer({ rcpt: (a) => (a === 'resident@example.org' ? 451 : null) });
    const { adapter } = adapterFor(smtp.port);
    const outcome = await failure(adapter.publish(variant, 'stmt-8-email'));
    expect(outcome.kind).toBe('OUTCOME_UNKNOWN');
    expect(outcome.message).toMatch(/Accepted for 4 of 5 subscribers.*1 deferred.*canary has its copy.*not sent again automatically/);
  });

  it('says so when the server refuses every recipient', async () => {
    const smtp = await recordingServer({ rcpt: () => 550 });
    const { adapter } = adapterFor(smtp.port);
    expect(await failure(adapter.publish(variant, 'stmt-7-email'))).toEqual({ kind: 'REJECTED', message: 'The email server refused every recipient (5).' });
  });
});

describe('email adapter: list settings', () => {
  it('refuses settings that would show a subscriber or break one-click, with a message naming the setting', () => {
    const make = (extra: Partial<EmailAdapterOptions>) => () => adapterFor(1, extra);
    expect(make({ listAddress: 'Alerts@example.org' })).toThrow(/list address "Alerts@example.org" is one of the subscribers/);
    expect(make({ from: 'alerts@example.org' })).toThrow(/list address "alerts@example.org" is one of the subscribers/);
    expect(make({ listAddress: 'not an address' })).toThrow(/list address "not an address" must be an email address/);
    expect(make({ unsubscribeUrl: 'https://newsroom.example/unsubscribe' })).toThrow(/one-click unsubscribe address must contain \{recipient\}/);
    expect(make({ unsubscribeUrl: 'http://newsroom.example/u?e={recipient}' })).toThrow(/must start with https:\/\//);
    expect(make({ unsubscribeUrl: 'https://{recipient}.newsroom.example/u' })).toThrow(/not in the host name/);
    expect(make({ unsubscribeMailto: 'unsubscribe@newsroom.example' })).not.toThrow();
  });
});
