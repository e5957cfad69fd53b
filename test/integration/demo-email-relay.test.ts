// The demo relay behaves like a real one: each accepted message goes to its envelope recipients
// (RCPT TO) and nobody else, the canary only when it is one of them, and a transaction with more
// than 100 recipients has the rest refused with 452, as real servers cap them.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoEmailServer, type AcceptedBulletin, type DemoEmailServer } from '../../electron/demo/email';
import { composeRaw } from '../helpers/compose-bulletin';

let demo: DemoEmailServer;
const accepted: AcceptedBulletin[] = [];
beforeAll(async () => {
  demo = await startDemoEmailServer();
  demo.onAccepted((b) => accepted.push(b));
});
afterAll(async () => {
  await demo?.stop();
});

async function submit(subject: string, to: readonly string[]) {
  const { username, password } = demo.credentials.bureau;
  const transport = nodemailer.createTransport({ host: demo.smtp.host, port: demo.smtp.port, secure: false, ignoreTLS: true, auth: { user: username, pass: password } });
  try {
    return await transport.sendMail({ envelope: { from: 'press@met.example', to: [...to] }, raw: await composeRaw(subject, 'x') });
  } finally {
    transport.close();
  }
}

it('delivers to the envelope recipients only, the canary when it is one of them', async () => {
  const copies = (): number[] => demo.subscribers.map((s) => demo.delivered().get(s)?.length ?? 0);
  await submit('Just two', ['news-desk@example.org', 'someone@elsewhere.example']);
  expect(accepted.at(-1)).toMatchObject({ subject: 'Just two', recipients: 2, canaryUid: null });
  expect(demo.delivered().get('someone@elsewhere.example')).toHaveLength(1);
  expect(copies()).toEqual(demo.subscribers.map((s) => (s === 'news-desk@example.org' ? 1 : 0)));
  expect(demo.canaryMessages()).toHaveLength(0);
  await submit('To the canary', [demo.canaryAddress]);
  expect(accepted.at(-1)).toMatchObject({ subject: 'To the canary', recipients: 1, canaryUid: 1 });
  expect(demo.canaryMessages()).toHaveLength(1);
});

it('refuses recipients past 100 in one transaction with 452', async () => {
  const info = await submit('Too many', Array.from({ length: 101 }, (_, i) => `r${i}@example.net`));
  expect([info.accepted.length, info.rejected]).toEqual([100, ['r100@example.net']]);
  expect((info as { rejectedErrors?: unknown[] }).rejectedErrors?.[0]).toMatchObject({ responseCode: 452 });
  expect(accepted.at(-1)).toMatchObject({ subject: 'Too many', recipients: 100, canaryUid: null });
});
