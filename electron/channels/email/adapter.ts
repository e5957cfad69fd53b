// The email bulletin channel: bulletins go out through SMTP (nodemailer) to the subscriber list,
// and come back through a canary subscriber's mailbox over IMAP, the way every subscriber sees
// them. A delivered email cannot be taken back: retract says so and offers a correction bulletin.
//
// Subscribers are envelope recipients only: To: is the bureau's list address, so no subscriber
// ever sees another (list-headers.ts, send-bulletin.ts).
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Clock } from '../../lib/clock';
import { htmlToText } from '../html-text';
import { ChannelError, type ChannelAdapter, type ChannelHealth, type ObservedItem, type OutboundImage, type ReadResult, type Variant } from '../types';
import { listHeaders, onePerRecipient, resolveListSettings, stableMessageId, type ListOptions, type ListSettings } from './list-headers';
import { attachmentBytes, inlineImages, messageUrl, observedEmailMedia, parseMessageUrl, type InlineImages } from './media';
import { readCanaryMessage, readCanarySince, type CanaryReaderConfig } from './read-canary';
import { canaryHasCopy, sendBulletin, summariseSend, type SendReport } from './send-bulletin';

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  /** 'tls': implicit TLS (465); 'starttls': required upgrade (587); 'none': loopback only. */
  readonly security: 'tls' | 'starttls' | 'none';
  readonly user: string;
  readonly password: string;
}

export interface EmailAdapterOptions extends ListOptions {
  readonly smtp: SmtpConfig;
  readonly canary: CanaryReaderConfig;
  /** Envelope recipients only: never written into any header of the bulletin. */
  readonly subscribers: readonly string[];
  /** The canary's address among the subscribers. Default: the canary login, if it is an address. */
  readonly canaryAddress?: string;
  /** RCPT TO per SMTP transaction. Default 100, what most servers allow. */
  readonly maxRecipientsPerMessage?: number;
  /** What every transaction of a send did (also after a failure). */
  readonly onSendReport?: (report: SendReport) => void;
  readonly clock: Clock;
  readonly timeoutMs?: number;
}

const service = 'the email server';
const loopback = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i;

/** How a bulletin reads: subject, then the plain-text body (or the HTML body as text). */
export function bulletinText(subject: string, text: string, html: string | null): string {
  const body = text.trim() ? text : html ? htmlToText(html) : '';
  return body ? `${subject}\n${body}`.trim() : subject;
}

/** Cursor "uidValidity:lastUid": UIDs mean nothing under another UIDVALIDITY, so it starts over. */
function parseCursor(cursor: string | null): { uidValidity: string | null; lastUid: number } {
  const m = cursor ? /^(\d+):(\d+)$/.exec(cursor) : null;
  return m ? { uidValidity: m[1]!, lastUid: Number(m[2]) } : { uidValidity: null, lastUid: 0 };
}

function mapMailError(err: unknown, action: 'read' | 'publish'): ChannelError {
  if (err instanceof ChannelError) return err;
  const e = err as { code?: string; responseCode?: number; message?: string; authenticationFailed?: boolean; serverResponseCode?: string };
  const msg = e.message ?? String(err);
  if (e.code === 'EAUTH' || e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED' || e.responseCode === 535) {
    return new ChannelError({ kind: 'AUTH_REVOKED', message: `The email server refused the credentials. Reconnect the email channel in Settings.` });
  }
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'ESOCKET' && /ECONNREFUSED/.test(msg)) {
    return new ChannelError({ kind: 'UNAVAILABLE', message: `Cannot reach ${service} (${e.code}). Check the address and the network.` });
  }
  if (action === 'publish' && (e.code === 'ETIMEDOUT' || e.code === 'ECONNECTION' || e.code === 'ESOCKET' || e.code === 'EMESSAGE')) {
    return new ChannelError({ kind: 'OUTCOME_UNKNOWN', message: `The bulletin was sent but ${service} did not confirm it (${e.code}). It will be checked in the canary mailbox before any retry.` });
  }
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
    return new ChannelError({ kind: 'REJECTED', message: `The email server refused the bulletin (${e.responseCode}).` });
  }
  return new ChannelError({ kind: 'UNAVAILABLE', message: `Email ${action} failed: ${msg.slice(0, 200)}` });
}

/**
 * How large a message may be for its images to be read from it: four images at the limit, base64
 * (4/3, plus line breaks), and a megabyte for the text parts and headers.
 */
function maxSourceFor(maxBytes: number): number {
  return Math.ceil(maxBytes * 1.4) * 4 + 1024 * 1024;
}

/** One copy's bytes: the list headers, To: the list address, never a subscriber. */
function composeBulletin(list: ListSettings, variant: Variant, messageId: string, date: Date, recipient: string | null, images: InlineImages | null): Promise<Buffer> {
  return new MailComposer({
    from: list.from,
    to: list.listAddress,
    subject: variant.title ?? '',
    text: variant.text,
    ...(images ? { html: images.html, attachments: images.attachments } : variant.html ? { html: variant.html } : {}),
    messageId,
    date,
    headers: listHeaders(list, recipient),
  })
    .compile()
    .build();
}

/**
 * The thrown error after a send that did not reach everyone: its kind drives the outbox. Only
 * when the canary has its copy is the send settled by reading it back (OUTCOME_UNKNOWN); else a
 * retry sends to those still missing (in this run: nobody gets it twice).
 */
function incompleteSend(report: SendReport, failure: unknown, canaryHasIt: boolean): ChannelError {
  const progressed = report.alreadyDone > 0 || report.batches.some((b) => b.accepted > 0 || b.rejected.length > 0);
  const retry = 'The retry sends only to those still missing.';
  if (failure !== null) {
    const cause = mapMailError(failure, 'publish').failure;
    const next = cause.kind === 'OUTCOME_UNKNOWN' || cause.kind === 'REJECTED' || cause.kind === 'AUTH_REVOKED' ? '' : ` ${retry}`;
    return progressed ? new ChannelError({ ...cause, message: `${summariseSend(report)} ${cause.message}${next}` }) : new ChannelError(cause);
  }
  if (canaryHasIt) {
    // Deferred beside the canary in one transaction: the canary's copy will read back as the bulletin.
    return new ChannelError({ kind: 'OUTCOME_UNKNOWN', message: `${summariseSend(report)} The canary has its copy, so the bulletin counts as sent once read back; the deferred addresses are not sent again automatically.` });
  }
  return new ChannelError({ kind: 'UNAVAILABLE', message: `${summariseSend(report)} ${retry}` });
}

export function createEmailAdapter(options: EmailAdapterOptions): ChannelAdapter {
  const { smtp } = options;
  if (smtp.security === 'none' && !loopback.test(smtp.host)) {
    // An SMTP password in clear text across a network would hand the list to whoever listens.
    throw new ChannelError({ kind: 'REJECTED', message: `Refusing unencrypted SMTP to ${smtp.host}: choose TLS or STARTTLS.` });
  }
  const list = resolveListSettings(options, options.subscribers);
  const canaryAddress = options.canaryAddress ?? (options.canary.user.includes('@') ? options.canary.user : null);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const transportOptions = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth: { user: smtp.user, pass: smtp.password },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
  /**
   * Message-ID -> subscribers an unfinished send already reached (or who were refused for good),
   * so its retry in this process goes only to the rest. A restart forgets it: the retry then goes
   * to everyone again under the same Message-ID, which receivers use to drop the duplicate.
   */
  const unfinished = new Map<string, Set<string>>();
  let health: ChannelHealth = { state: 'ok' };
  const track = async <T>(action: 'read' | 'publish', fn: () => Promise<T>): Promise<T> => {
    try {
      const out = await fn();
      health = { state: 'ok' };
      return out;
    } catch (err) {
      const e = mapMailError(err, action);
      if (e.failure.kind === 'AUTH_REVOKED') health = { state: 'auth-revoked', why: e.failure.message };
      else if (e.failure.kind === 'UNAVAILABLE') health = { state: 'offline', why: e.failure.message };
      throw e;
    }
  };

  return {
    kind: 'email',
    capabilities: { publish: true, retract: 'impossible', freezeActions: true, profile: false },
    addressing: { from: list.from, to: list.listAddress },

    renderedText: (variant) => bulletinText(variant.title ?? '', variant.text, variant.html),

    readSince: (cursor) =>
      track('read', async (): Promise<ReadResult> => {
        const at = parseCursor(cursor);
        const first = await readCanarySince({ timeoutMs, ...options.canary }, at.lastUid);
        // A new UIDVALIDITY voids the remembered UID: read from the start of the mailbox.
        const read = at.uidValidity !== null && at.uidValidity !== first.uidValidity ? await readCanarySince({ timeoutMs, ...options.canary }, 0) : first;
        const items: ObservedItem[] = [];
        const mailbox = options.canary.mailbox ?? 'INBOX';
        for (const m of read.messages) {
          const mail = await simpleParser(m.source, { skipImageLinks: true, skipTextToHtml: true });
          const subject = mail.subject ?? '(no subject)';
          const html = typeof mail.html === 'string' ? mail.html : null;
          const media = observedEmailMedia(mail, messageUrl(options.canary.host, options.canary.port, mailbox, read.uidValidity, m.uid));
          items.push({
            // The mailbox assigns UIDs; a Message-ID is the sender's to choose, so it is not the id.
            channelItemId: `${read.uidValidity}:${m.uid}`,
            publishedAt: (mail.date ?? m.internalDate).toISOString(),
            text: bulletinText(subject, mail.text ?? '', html),
            html,
            url: null,
            raw: { uid: m.uid, messageId: mail.messageId ?? null, from: mail.from?.text ?? null, subject, internalDate: m.internalDate.toISOString(), source: m.source.toString('utf8') },
            ...(media.length > 0 ? { media } : {}),
          });
        }
        const last = read.messages.length ? read.messages[read.messages.length - 1]!.uid : at.uidValidity === read.uidValidity ? at.lastUid : 0;
        return { items: items.reverse(), cursor: `${read.uidValidity}:${last}`, visibleIds: null, windowComplete: false, profile: null };
      }),

    publish: (variant: Variant, idempotencyHint: string, images: readonly OutboundImage[] = []) =>
      track('publish', async () => {
        const messageId = stableMessageId(idempotencyHint, variant, list.fromAddress);
        const inline = images.length > 0 ? inlineImages(variant, images, list.fromAddress.split('@')[1] ?? 'localhost') : null;
        const done = unfinished.get(messageId) ?? new Set<string>();
        const date = options.clock.now();
        // One connection for every transaction of this send, closed when it ends.
        const transport = createTransport({ ...transportOptions, pool: true, maxConnections: 1 });
        let outcome;
        try {
          outcome = await sendBulletin({
            messageId,
            envelopeFrom: list.fromAddress,
            subscribers: options.subscribers,
            canaryAddress,
            maxRecipients: options.maxRecipientsPerMessage ?? 100,
            onePerRecipient: onePerRecipient(list),
            compose: (recipient) => composeBulletin(list, variant, messageId, date, recipient, inline),
            transport,
            done,
          });
        } finally {
          transport.close();
        }
        const { report, failure } = outcome;
        options.onSendReport?.(report);
        const deferred = report.batches.some((b) => b.deferred.length > 0);
        if (failure !== null || deferred) {
          unfinished.set(messageId, done);
          // Bounded: only sends that failed part-way are remembered.
          if (unfinished.size > 50) unfinished.delete(unfinished.keys().next().value as string);
          throw incompleteSend(report, failure, canaryHasCopy(report, canaryAddress));
        }
        unfinished.delete(messageId);
        if (report.subscribers === 0) throw new ChannelError({ kind: 'REJECTED', message: 'The email channel has no subscribers to send to.' });
        if (report.batches.every((b) => b.accepted === 0) && report.alreadyDone === 0) {
          const refused = report.batches.reduce((n, b) => n + b.rejected.length, 0);
          throw new ChannelError({ kind: 'REJECTED', message: `The email server refused every recipient (${refused}).` });
        }
        return { readBack: 'content' as const, channelItemId: messageId, url: null, publishedAt: null, ...(inline ? { mediaRefs: inline.refs } : {}) };
      }),

    // The bytes come from the canary's copy, on the canary's own server only.
    fetchMedia: (media, maxBytes) =>
      track('read', async () => {
        const at = parseMessageUrl(media.url, options.canary.host, options.canary.port);
        let source: Buffer | null;
        try {
          source = await readCanaryMessage({ timeoutMs, ...options.canary, mailbox: at.mailbox }, at.uidValidity, at.uid, maxSourceFor(maxBytes));
        } catch (err) {
          if (err instanceof RangeError) throw new ChannelError({ kind: 'REJECTED', message: `${err.message}; it was not downloaded.` });
          throw err;
        }
        if (!source) throw new ChannelError({ kind: 'NOT_FOUND', message: 'The bulletin is no longer in the canary mailbox.' });
        const mail = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true });
        return attachmentBytes(mail, media.ref, maxBytes);
      }),

    retract: async () => ({
      kind: 'impossible',
      why: 'A delivered email cannot be taken back from subscribers’ inboxes.',
      correctionOffered: true,
    }),

    freezeActions: async () => [
      {
        id: 'rotate-smtp-password',
        label: 'Change the password of the mail account tools send bulletins with',
        effect: 'Any tool holding the old password (the newsroom tool) can no longer send to subscribers. Do it at your mail provider, then store the new password here.',
      },
    ],
    runFreezeAction: async (actionId) => {
      if (actionId !== 'rotate-smtp-password') throw new ChannelError({ kind: 'REJECTED', message: `Unknown freeze action ${actionId}.` });
      return { done: false, detail: 'A manual step at the mail provider: confirm it once done.' };
    },

    health: () => health,
    limits: () => [],
  };
}
