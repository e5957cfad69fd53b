// The email peers the adapter suite runs against: the demo newsroom's SMTP + canary IMAP, and a
// real Dovecot fed by an smtp-server that delivers each accepted bulletin into its maildir.
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
  readonly to: readonly string[];
  stop(): Promise<void>;
}

async function startDemoTarget(): Promise<EmailTarget> {
  const demo = await startDemoEmailServer();
  const smtp = (c: { username: string; password: string }): SmtpConfig => ({ host: demo.smtp.host, port: demo.smtp.port, security: 'none', user: c.username, password: c.password });
  return {
    bureau: smtp(demo.credentials.bureau),
    compromised: smtp(demo.credentials.compromised),
    canary: { host: demo.imap.host, port: demo.imap.port, user: demo.credentials.canary.username, password: demo.credentials.canary.password, security: 'none' },
    to: demo.subscribers,
    stop: () => demo.stop(),
  };
}

async function startRealTarget(): Promise<EmailTarget> {
  const dovecot = await startDovecot();
  const users = new Map([
    ['bureau', randomBytes(12).toString('hex')],
    ['newsroom-tool', randomBytes(12).toString('hex')],
  ]);
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
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        dovecot.deliver(Buffer.concat(chunks));
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
    to: ['subscribers@newsroom.example'],
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
