// Reads the canary subscriber's mailbox over IMAP with imapflow: the one reading path used against
// both the demo newsroom's canary server and a real server (the Dovecot integration test), so the
// same assertions hold for both. The email channel adapter reads through it.
//
// Readers keep the last UID they have seen and ask for anything after it. Two IMAP facts shape
// the code: "n:*" always matches the newest message even when its UID is below n (RFC 3501 "*" is
// the largest UID in use), so results are filtered to UID > lastUid here; and UIDs are only
// comparable under one UIDVALIDITY, so that is returned too and a caller must start over when it
// changes.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';

export interface CanaryReaderConfig {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /**
   * 'tls': implicit TLS (port 993); 'starttls': STARTTLS required; 'none': no TLS at all, which is
   * only accepted for loopback hosts (the demo server and test servers), never across a network.
   */
  readonly security: 'tls' | 'starttls' | 'none';
  /** Default INBOX. */
  readonly mailbox?: string;
  readonly timeoutMs?: number;
}

export interface CanaryMessage {
  readonly uid: number;
  /** The raw RFC 822 source, byte for byte. */
  readonly source: Buffer;
  readonly internalDate: Date;
}

export interface CanaryReadResult {
  /** UIDVALIDITY as a decimal string; when it changes, every remembered UID is void. */
  readonly uidValidity: string;
  /** Messages with UID > lastUid, oldest first, at most `limit`. */
  readonly messages: readonly CanaryMessage[];
}

export interface CanaryWatch {
  close(): Promise<void>;
}

const loopbackHost = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

function clientFor(config: CanaryReaderConfig, extra: Partial<ImapFlowOptions>): ImapFlow {
  if (config.security === 'none' && !loopbackHost.test(config.host)) {
    // A canary password in clear text over a network would be a gift to whoever is listening.
    throw new Error(`Refusing an unencrypted IMAP connection to ${config.host}: use 'tls' or 'starttls'`);
  }
  const timeout = config.timeoutMs ?? 15_000;
  const client = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    doSTARTTLS: config.security === 'starttls' ? true : config.security === 'none' ? false : undefined,
    auth: { user: config.user, pass: config.password },
    logger: false,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    ...extra,
  });
  // imapflow also reports failures as 'error' events; unhandled, those would crash the process.
  client.on('error', () => undefined);
  return client;
}

/** "1,2,3,7,9,10" -> "1:3,7,9:10": keeps the command short for long runs of new mail. */
export function compactUidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const uid of sorted) {
    if (start !== undefined && prev !== undefined && uid === prev + 1) {
      prev = uid;
      continue;
    }
    if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`);
    start = uid;
    prev = uid;
  }
  if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`);
  return parts.join(',');
}

async function closeQuietly(client: ImapFlow): Promise<void> {
  try {
    await client.logout();
  } catch {
    client.close();
  }
}

/** Everything in the canary mailbox after `lastUid` (0 = from the start), oldest first. */
export async function readCanarySince(config: CanaryReaderConfig, lastUid: number, options: { limit?: number } = {}): Promise<CanaryReadResult> {
  if (!Number.isSafeInteger(lastUid) || lastUid < 0) throw new RangeError(`lastUid must be a non-negative integer, got ${lastUid}`);
  const limit = options.limit ?? 200;
  const client = clientFor(config, { disableAutoIdle: true });
  await client.connect();
  try {
    // EXAMINE (read-only): reading the canary must never change its flags.
    const lock = await client.getMailboxLock(config.mailbox ?? 'INBOX', { readOnly: true });
    try {
      const opened = client.mailbox;
      const uidValidity = opened ? String(opened.uidValidity) : '';
      if (lastUid >= 0xffffffff) return { uidValidity, messages: [] };
      const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
      // imapflow reports a failed SEARCH as false; "no new mail" must never hide a failure.
      if (!Array.isArray(found)) throw new Error('UID SEARCH failed on the canary mailbox');
      const uids = found.filter((uid) => uid > lastUid).sort((a, b) => a - b).slice(0, limit);
      const messages: CanaryMessage[] = [];
      if (uids.length) {
        const wanted = new Set(uids);
        for await (const message of client.fetch(compactUidSet(uids), { uid: true, source: true, internalDate: true }, { uid: true })) {
          if (!wanted.has(message.uid) || !message.source) continue;
          const date = message.internalDate instanceof Date ? message.internalDate : new Date(String(message.internalDate ?? ''));
          messages.push({ uid: message.uid, source: message.source, internalDate: date });
        }
      }
      messages.sort((a, b) => a.uid - b.uid);
      return { uidValidity, messages };
    } finally {
      lock.release();
    }
  } finally {
    await closeQuietly(client);
  }
}

/**
 * One message's source by UID, or null when it is gone or UIDVALIDITY changed. Its size is asked
 * first: a message over `maxSourceBytes` is refused (RangeError) without downloading it.
 */
export async function readCanaryMessage(config: CanaryReaderConfig, uidValidity: string, uid: number, maxSourceBytes: number): Promise<Buffer | null> {
  const client = clientFor(config, { disableAutoIdle: true });
  await client.connect();
  try {
    const lock = await client.getMailboxLock(config.mailbox ?? 'INBOX', { readOnly: true });
    try {
      if (String(client.mailbox ? client.mailbox.uidValidity : '') !== uidValidity) return null;
      const sized = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
      if (!sized || sized.uid !== uid) return null;
      if ((sized.size ?? 0) > maxSourceBytes) throw new RangeError(`The message is ${sized.size} bytes, over the ${maxSourceBytes} bytes allowed for its images`);
      const full = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      return full && full.source ? full.source : null;
    } finally {
      lock.release();
    }
  } finally {
    await closeQuietly(client);
  }
}

/**
 * Keeps a connection open on the canary mailbox in IDLE and calls `onNewMail` whenever the server
 * says the message count grew. It only signals: the caller then reads with readCanarySince.
 */
export async function watchCanary(
  config: CanaryReaderConfig,
  onNewMail: (event: { count: number; prevCount: number }) => void,
  onClosed?: () => void,
): Promise<CanaryWatch> {
  // Servers may end an IDLE after 30 minutes; restart it well before that.
  const client = clientFor(config, { maxIdleTime: 5 * 60 * 1000 });
  client.on('exists', (event: { count: number; prevCount: number }) => {
    if (event.count > event.prevCount) onNewMail({ count: event.count, prevCount: event.prevCount });
  });
  if (onClosed) client.on('close', onClosed);
  await client.connect();
  try {
    await client.mailboxOpen(config.mailbox ?? 'INBOX', { readOnly: true });
  } catch (err) {
    await closeQuietly(client);
    throw err;
  }
  // Start IDLE now rather than after imapflow's auto-IDLE delay; it resolves when IDLE ends.
  void client.idle().catch(() => undefined);
  return { close: () => closeQuietly(client) };
}
