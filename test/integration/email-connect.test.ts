// The email channel's list settings from what an admin types to the bulletin that goes out: the
// contract's input, split into stored settings and secrets, built into the adapter the core runs,
// against the demo relay. Older stored channels (without list settings) keep working on defaults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/lib/clock';
import { buildAdapter, splitSecrets } from '../../electron/core/channels/connections';
import { startDemoEmailServer, type AcceptedBulletin, type DemoEmailServer } from '../../electron/demo/email';
import { connectChannelSchema } from '../../electron/shared/contract-channels';
import { headersOf } from '../helpers/mail-headers';

let demo: DemoEmailServer;
const accepted: AcceptedBulletin[] = [];
beforeAll(async () => {
  // A canary whose login is not its address, as on many real servers.
  demo = await startDemoEmailServer({ credentials: { canary: { username: 'canary-login', password: 'canary-pw-0123456789' } } });
  demo.onAccepted((b) => accepted.push(b));
});
afterAll(async () => {
  await demo?.stop();
});

function typed(extra: Record<string, unknown>, canary: Record<string, unknown> = {}) {
  return connectChannelSchema.parse({
    kind: 'email',
    name: 'Bulletin',
    smtp: { host: demo.smtp.host, port: demo.smtp.port, security: 'none', user: demo.credentials.bureau.username, password: demo.credentials.bureau.password },
    canary: { host: demo.imap.host, port: demo.imap.port, security: 'none', user: 'canary-login', password: 'canary-pw-0123456789', ...canary },
    from: 'press@newsroom.example',
    to: [...demo.subscribers],
    ...extra,
  });
}

async function sendThrough(config: Record<string, unknown>, secrets: Record<string, string>, subject: string) {
  const adapter = buildAdapter('email', config, secrets, { clock: systemClock });
  const before = accepted.length;
  await adapter.publish({ title: subject, text: 'Body.', html: null }, `stmt-${subject}`);
  const copy = demo.canaryMessages().at(-1)!;
  return { envelopes: accepted.slice(before).map((b) => b.envelopeTo), ...(await headersOf(copy.raw)) };
}

describe('email channel settings, contract to bulletin', () => {
  it('uses the list address, the unsubscribe targets and the canary address an admin typed', async () => {
    // The canary typed first: only knowing its address lets the adapter send its copy last.
    const to = [...demo.subscribers].reverse();
    expect(to[0]).toBe(demo.canaryAddress);
    const split = splitSecrets(typed({ to, listAddress: 'bulletin@newsroom.example', unsubscribeUrl: 'https://newsroom.example/u?e={recipient}' }, { address: demo.canaryAddress }));
    expect(JSON.stringify(split.config)).not.toContain('canary-pw');
    const { value, envelopes } = await sendThrough(split.config, split.secrets, 'typed');
    expect(value('To')).toBe('bulletin@newsroom.example');
    expect(value('List-Unsubscribe')).toBe(`<https://newsroom.example/u?e=${encodeURIComponent(demo.canaryAddress)}>, <mailto:bulletin@newsroom.example?subject=unsubscribe>`);
    expect(value('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(envelopes.at(-1)).toEqual([demo.canaryAddress]);
    expect(envelopes).toHaveLength(demo.subscribers.length);
  });

  it('keeps a channel stored before list settings existed working, on the defaults', async () => {
    const split = splitSecrets(typed({}));
    expect(Object.keys(split.config).sort()).toEqual(['canary', 'from', 'smtp', 'to']);
    const { value, envelopes } = await sendThrough(split.config, split.secrets, 'stored');
    expect(value('To')).toBe('press@newsroom.example');
    expect(value('List-Unsubscribe')).toBe('<mailto:press@newsroom.example?subject=unsubscribe>');
    // Up to 100 subscribers go in one transaction.
    expect(envelopes).toEqual([[...demo.subscribers]]);
  });
});
