// The demo newsroom's email bulletin path: an SMTP submission server that plays the bureau's
// outgoing relay, and an IMAP server for the canary subscriber's mailbox, which Control Room reads
// back with the same imapflow code it uses against the bureau's real mail server.
//
// Like a real relay it delivers each accepted message to its envelope recipients (RCPT TO), one
// copy each, and to nobody else: the canary gets a copy only when the canary is a recipient, and
// who else was in the envelope shows nowhere in that copy. It refuses more than 100 recipients in
// one transaction (452), as real servers cap them. It does not rewrite messages: what the canary
// mailbox holds is byte-for-byte what was submitted, so evidence captured from the canary matches
// what the sender's own copy hashes to.
import { systemClock, type Clock } from '../../lib/clock';
import { CanaryMailbox } from './canary-mailbox';
import { randomPassword, type Credential } from './credentials';
import { startCanaryImapServer } from './imap-server';
import { decodeHeaderText, headerValue, parseHeaderFields, splitMessage } from './message-headers';
import { startSmtpSubmission, type SmtpSubmissionServer, type SubmittedMessage, type SubmitterRole } from './smtp-submission';

export type { Credential } from './credentials';
export type { SubmitterRole } from './smtp-submission';

export const defaultCanaryAddress = 'canary@newsroom.example';

export const defaultSubscribers: readonly string[] = [
  'news-desk@example.org',
  'city-editor@example.org',
  'alerts@example.org',
  'resident@example.org',
  defaultCanaryAddress,
];

export interface DemoEmailCredentials {
  /** The bureau's own integration (Control Room's email adapter). */
  readonly bureau: Credential;
  /** The separate integration the July 2019 replay's attacker uses. */
  readonly compromised: Credential;
  /** IMAP login of the canary subscriber's mailbox. */
  readonly canary: Credential;
}

export interface DemoEmailServerOptions {
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly smtpPort?: number;
  readonly imapPort?: number;
  /** The list; the canary address is always added if missing, or nothing could be read back. */
  readonly subscribers?: readonly string[];
  readonly canaryAddress?: string;
  /** Fixed credentials; anything not given gets a random password for this instance. */
  readonly credentials?: Partial<DemoEmailCredentials>;
  readonly clock?: Clock;
  readonly maxMessageBytes?: number;
  /** RCPT TO per transaction; more are refused with 452 (default 100). */
  readonly maxRecipients?: number;
  /** Fixed UIDVALIDITY for the canary mailbox (tests); default: start time in seconds. */
  readonly uidValidity?: number;
}

export interface AcceptedBulletin {
  /** The Message-ID header as written (angle brackets included), or null if there was none. */
  readonly messageId: string | null;
  /** Subject with encoded-words decoded, or null. */
  readonly subject: string | null;
  readonly acceptedAt: Date;
  readonly submittedBy: SubmitterRole;
  readonly envelopeFrom: string | null;
  readonly envelopeTo: readonly string[];
  readonly size: number;
  /** How many envelope recipients it went to. */
  readonly recipients: number;
  /** UID it got in the canary mailbox, or null when the canary was not among its recipients. */
  readonly canaryUid: number | null;
}

export interface DeliveredMessage {
  readonly recipient: string;
  readonly messageId: string | null;
  readonly subject: string | null;
  readonly submittedBy: SubmitterRole;
  readonly deliveredAt: Date;
  readonly raw: Buffer;
}

export interface CanaryMessageSnapshot {
  readonly uid: number;
  readonly raw: Buffer;
  readonly internalDate: Date;
  readonly flags: readonly string[];
}

export interface DemoEmailServer {
  readonly smtp: { readonly host: string; readonly port: number };
  readonly imap: { readonly host: string; readonly port: number };
  readonly credentials: DemoEmailCredentials;
  readonly subscribers: readonly string[];
  readonly canaryAddress: string;
  /** Fires for every accepted bulletin; returns the unsubscribe function. */
  onAccepted(listener: (bulletin: AcceptedBulletin) => void): () => void;
  /** Per-recipient copies delivered so far, by lower-cased envelope address (a snapshot). */
  delivered(): ReadonlyMap<string, readonly DeliveredMessage[]>;
  /** The canary mailbox's messages in UID order (a snapshot). */
  canaryMessages(): readonly CanaryMessageSnapshot[];
  stop(): Promise<void>;
}

function withCanary(subscribers: readonly string[], canary: string): string[] {
  const list = [...new Set(subscribers.map((s) => s.trim().toLowerCase()).filter(Boolean))];
  if (!list.includes(canary)) list.push(canary);
  return list;
}

export async function startDemoEmailServer(options: DemoEmailServerOptions = {}): Promise<DemoEmailServer> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const canaryAddress = (options.canaryAddress ?? defaultCanaryAddress).toLowerCase();
  const subscribers = withCanary(options.subscribers ?? defaultSubscribers, canaryAddress);
  const given = options.credentials ?? {};
  const credentials: DemoEmailCredentials = {
    bureau: given.bureau ?? { username: 'bureau-integration', password: randomPassword() },
    compromised: given.compromised ?? { username: 'compromised-integration', password: randomPassword() },
    canary: given.canary ?? { username: canaryAddress, password: randomPassword() },
  };
  const mailbox = new CanaryMailbox(options.uidValidity === undefined ? {} : { uidValidity: options.uidValidity });
  const deliveries = new Map<string, DeliveredMessage[]>(subscribers.map((s) => [s, []]));
  const listeners = new Set<(bulletin: AcceptedBulletin) => void>();

  const deliver = (message: SubmittedMessage): void => {
    const fields = parseHeaderFields(splitMessage(message.raw).header);
    const subjectRaw = headerValue(fields, 'Subject');
    const messageId = headerValue(fields, 'Message-ID');
    const subject = subjectRaw === null ? null : decodeHeaderText(subjectRaw);
    const recipients = [...new Set(message.envelopeTo.map((r) => r.toLowerCase()))];
    // The canary first: if it can not be stored the client gets a 451 and nobody got a copy.
    const stored = recipients.includes(canaryAddress) ? mailbox.append(message.raw, message.receivedAt) : null;
    for (const recipient of recipients) {
      if (!deliveries.has(recipient)) deliveries.set(recipient, []);
      deliveries.get(recipient)?.push({
        recipient,
        messageId,
        subject,
        submittedBy: message.submittedBy,
        deliveredAt: message.receivedAt,
        raw: message.raw,
      });
    }
    const bulletin: AcceptedBulletin = {
      messageId,
      subject,
      acceptedAt: message.receivedAt,
      submittedBy: message.submittedBy,
      envelopeFrom: message.envelopeFrom,
      envelopeTo: message.envelopeTo,
      size: message.raw.length,
      recipients: recipients.length,
      canaryUid: stored?.uid ?? null,
    };
    for (const listener of [...listeners]) {
      try {
        listener(bulletin);
      } catch {
        // A listener's bug must not turn an accepted message into a failed one.
      }
    }
  };

  const imap = await startCanaryImapServer({ mailbox, account: credentials.canary, host, port: options.imapPort ?? 0 });
  let smtp: SmtpSubmissionServer;
  try {
    smtp = await startSmtpSubmission({
      accounts: { bureau: credentials.bureau, compromised: credentials.compromised },
      onMessage: deliver,
      now: () => clock.now(),
      host,
      port: options.smtpPort ?? 0,
      ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
      maxRecipients: options.maxRecipients ?? 100,
    });
  } catch (err) {
    await imap.stop();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  const smtpServer = smtp;
  return {
    smtp: { host, port: smtp.port },
    imap: { host, port: imap.port },
    credentials,
    subscribers,
    canaryAddress,
    onAccepted(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    delivered: () => new Map([...deliveries].map(([recipient, list]) => [recipient, [...list]])),
    canaryMessages: () =>
      mailbox.messages().map((m) => ({ uid: m.uid, raw: Buffer.from(m.raw), internalDate: new Date(m.internalDate), flags: [...m.flags] })),
    stop() {
      stopping ??= Promise.all([smtpServer.stop(), imap.stop()]).then(() => undefined);
      return stopping;
    },
  };
}
