// The demo newsroom's SMTP submission server (npm smtp-server on loopback). Control Room's email
// adapter submits bulletins here with nodemailer exactly as it would to the bureau's real relay;
// the "compromised integration" of the July 2019 replay submits with its own account.
//
// Authentication is required for every message (AUTH PLAIN or LOGIN). There is no TLS: it only
// ever listens on loopback, so STARTTLS is disabled and plain-text AUTH is allowed there.
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { matchesCredential, type Credential } from './credentials';

export type SubmitterRole = 'bureau' | 'compromised';

export interface SubmittedMessage {
  readonly submittedBy: SubmitterRole;
  /** MAIL FROM, or null for the null sender. */
  readonly envelopeFrom: string | null;
  readonly envelopeTo: readonly string[];
  /** The message source exactly as received (after SMTP dot-unstuffing). */
  readonly raw: Buffer;
  readonly receivedAt: Date;
}

export interface SmtpSubmissionOptions {
  readonly accounts: Readonly<Record<SubmitterRole, Credential>>;
  /**
   * Called once per accepted message, before the client hears 250. Throwing turns into a
   * temporary failure (451) for the client, so nothing is reported accepted that was not stored.
   */
  readonly onMessage: (message: SubmittedMessage) => void;
  readonly now: () => Date;
  readonly host?: string;
  readonly port?: number;
  readonly maxMessageBytes?: number;
  /** RCPT TO per transaction; one more is refused with 452 4.5.3, as real servers do. Default 100. */
  readonly maxRecipients?: number;
}

export interface SmtpSubmissionServer {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  // smtp-server reads `responseCode` off the error to pick the reply code.
  return Object.assign(new Error(message), { responseCode });
}

function roleOf(session: SMTPServerSession): SubmitterRole | null {
  const user: unknown = session.user;
  return user === 'bureau' || user === 'compromised' ? user : null;
}

export async function startSmtpSubmission(options: SmtpSubmissionOptions): Promise<SmtpSubmissionServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBytes = options.maxMessageBytes ?? 10 * 1024 * 1024;
  const maxRecipients = options.maxRecipients ?? 100;
  const roles: readonly SubmitterRole[] = ['bureau', 'compromised'];

  const server = new SMTPServer({
    name: 'demo-newsroom.localhost',
    banner: 'Control Room demo newsroom bulletin relay',
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    authMethods: ['PLAIN', 'LOGIN'],
    size: maxBytes,
    logger: false,
    // Reverse DNS of 127.0.0.1 is pointless here and stalls on machines without a resolver.
    disableReverseLookup: true,
    // The demo stops between tests; do not wait the default 30 s for lingering clients.
    closeTimeout: 1000,
    socketTimeout: 60_000,
    onAuth(auth, _session, callback) {
      const username = Buffer.from(auth.username ?? '', 'utf8');
      const password = Buffer.from(auth.password ?? '', 'utf8');
      for (const role of roles) {
        if (matchesCredential(username, password, options.accounts[role])) {
          callback(null, { user: role });
          return;
        }
      }
      callback(smtpError('Invalid username or password', 535));
    },
    onRcptTo(_address, session, callback) {
      if (session.envelope.rcptTo.length >= maxRecipients) callback(smtpError(`4.5.3 Too many recipients (at most ${maxRecipients} per message)`, 452));
      else callback();
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Past the limit smtp-server keeps draining the stream; keep nothing more.
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err: Error) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > maxBytes) {
          callback(smtpError(`Message exceeds the ${maxBytes} byte limit`, 552));
          return;
        }
        const submittedBy = roleOf(session);
        if (!submittedBy) {
          callback(smtpError('Authentication required', 530));
          return;
        }
        const mailFrom = session.envelope.mailFrom;
        try {
          options.onMessage({
            submittedBy,
            envelopeFrom: mailFrom && mailFrom.address ? mailFrom.address : null,
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
            receivedAt: options.now(),
          });
        } catch {
          callback(smtpError('Could not store the message, try again later', 451));
          return;
        }
        callback(null, 'Accepted for delivery to the subscriber list');
      });
    },
  });
  server.on('error', () => {
    // Per-connection errors (resets, timeouts) are routine; smtp-server already answered them.
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  if (!address || typeof address !== 'object') throw new Error('demo SMTP server: no listening address');

  return {
    host,
    port: address.port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
