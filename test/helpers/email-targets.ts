// The email peers the adapter suite runs against: the demo newsroom's SMTP + canary IMAP, and a
// real Dovecot fed by an smtp-server that plays a relay: it caps RCPT TO at 100 per transaction
// (452, like real servers) and delivers a copy into the canary's maildir only when the canary is
// an envelope recipient, adding Return-Path and Delivered-To as a real delivery agent does.
// Both record every accepted transaction's envelope, so a test can compare RCPT TO with headers.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { CanaryReaderConfig } from '../../electron/channels/email/read-canary';
import type { SmtpConfig } from '../../electron/channels/email/adapter';
import { startDemoEmailServer } from '../../electron/demo/email';
import { startDovecot } from './dovecot';
import type { PeerId } from './peers.mjs';

export interface EmailTarget {
  readonly bureau: SmtpConfig;
  readonly compromised: SmtpConfig;
  readonly canary: CanaryReaderConfig;
  /** The canary subscriber's address (the canary login need not be one). */
  readonly canaryAddress: string;
  /** The subscriber list, the canary among them. */
  readonly to: readonly string[];
  /** RCPT TO of every accepted transaction, in order. */
  envelopes(): readonly (readonly string[])[];
  stop(): Promise<void>;
}

const maxRecipients = 100;

async function startDemoTarget(): Promise<EmailTarget> {
  const demo = await startDemoEmailServer({ maxRecipients });
  const envelopes: string[][] = [];
  demo.onAccepted((b) => envelopes.push([...b.envelopeTo]));
  const smtp = (c: { username: string; password: string }): SmtpConfig => ({ host: demo.smtp.host, port: demo.smtp.port, security: 'none', user: c.username, password: c.password });
  return {
    bureau: smtp(demo.credentials.bureau),
    compromised: smtp(demo.credentials.compromised),
    canary: { host: demo.imap.host, port: demo.imap.port, user: demo.credentials.canary.username, password: demo.credentials.canary.password, security: 'none' },
    canaryAddress: demo.canaryAddress,
    to: demo.subscribers,
    envelopes: () => envelopes,
    stop: () => demo.stop(),
  };
}

async function startRealTarget(): Promise<EmailTarget> {
  const dovecot = await startDovecot();
  const users = new Map([
    ['bureau', randomBytes(12).toString('hex')],
    ['newsroom-tool', randomBytes(12).toString('hex')],
  ]);
  const canaryAddress = 'canary@newsroom.example';
  const envelopes: string[][] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username && users.get(auth.username) === auth.password) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(_address, session, cb) {
      if (session.envelope.rcptTo.length >= maxRecipients) cb(Object.assign(new Error('4.5.3 Too many recipients'), { responseCode: 452 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const rcpt = session.envelope.rcptTo.map((r) => r.address);
        envelopes.push(rcpt);
        if (rcpt.some((r) => r.toLowerCase() === canaryAddress)) {
          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          dovecot.deliver(Buffer.concat([Buffer.from(`Return-Path: <${mailFrom}>\r\nDelivered-To: ${canaryAddress}\r\n`), ...chunks]));
        }
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  const smtp = (user: string): SmtpConfig => ({ host: '127.0.0.1', port, security: 'none', user, password: users.get(user)! });
  return {
    bureau: smtp('bureau'),
    compromised: smtp('newsroom-tool'),
    canary: { host: dovecot.host, port: dovecot.port, user: dovecot.user, password: dovecot.password, security: 'none' },
    canaryAddress,
    to: ['news-desk@example.org', 'city-editor@example.org', 'alerts@example.org', 'resident@example.org', canaryAddress],
    envelopes: () => envelopes,
    stop: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await dovecot.stop();
    },
  };
}

/** [name, start, the real peers it needs] for each target (test/helpers/peers.mjs decides). */
export const emailTargets: [string, () => Promise<EmailTarget>, PeerId[]][] = [
  ['demo newsroom mail', startDemoTarget, []],
  ['real Dovecot + smtp-server', startRealTarget, ['dovecot']],
];
