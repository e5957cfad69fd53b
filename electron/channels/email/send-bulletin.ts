// Sends one bulletin to a subscriber list in SMTP transactions of at most `maxRecipients`
// envelope recipients (servers cap RCPT TO per message, typically at 100), and reports what each
// transaction did. Subscribers only ever appear in the envelope; the message's headers are the
// caller's (compose) and never list them.
//
// The canary subscriber goes in the last transaction, and only once every other subscriber's copy
// was accepted (or refused for good): so a copy in the canary mailbox proves the list has it,
// which is what settling an unknown outcome by reading the canary assumes. The one gap: an
// address deferred (4xx) in the canary's own transaction; the adapter reports that case apart.
import type { SendMailOptions, SentMessageInfo } from 'nodemailer';

export interface BatchResult {
  /** 1-based, in sending order. */
  readonly batch: number;
  readonly recipients: number;
  /** This transaction carried the canary's copy (always the last one). */
  readonly canary: boolean;
  /** 'held': not attempted, because an earlier transaction failed or left addresses deferred. */
  readonly outcome: 'accepted' | 'refused' | 'failed' | 'held';
  readonly accepted: number;
  /** Refused for good (5xx at RCPT TO): retrying will not help. */
  readonly rejected: readonly string[];
  /** Refused for now (4xx at RCPT TO): sent again on the retry. */
  readonly deferred: readonly string[];
  readonly error: string | null;
}

export interface SendReport {
  readonly messageId: string;
  readonly subscribers: number;
  /** Accepted or refused for good by an earlier attempt with the same Message-ID: not sent again. */
  readonly alreadyDone: number;
  readonly batches: readonly BatchResult[];
}

export interface BulletinSend {
  readonly messageId: string;
  readonly envelopeFrom: string;
  readonly subscribers: readonly string[];
  readonly canaryAddress: string | null;
  readonly maxRecipients: number;
  /** Each subscriber gets a copy of their own (its headers name them), else one copy per batch. */
  readonly onePerRecipient: boolean;
  compose(recipient: string | null): Promise<Buffer>;
  readonly transport: { sendMail(options: SendMailOptions): Promise<SentMessageInfo> };
  /** Lower-cased addresses done by earlier attempts; this send adds to it as copies are accepted. */
  readonly done: Set<string>;
}

export interface SendOutcome {
  readonly report: SendReport;
  /** The error that stopped the send (later batches are 'held'), or null. */
  readonly failure: unknown;
}

interface RcptError {
  readonly recipient?: string;
  readonly responseCode?: number;
}

/**
 * Subscribers still to send to, de-duplicated, in transactions. The canary rides in the last one
 * when there is room (a list of up to 100 is one transaction, all or nothing, as a crash between
 * two would leave some with a copy and the canary without), else in one of its own after it.
 */
export function planBatches(send: Pick<BulletinSend, 'subscribers' | 'canaryAddress' | 'maxRecipients' | 'onePerRecipient' | 'done'>): { batches: string[][]; canary: string | null; alreadyDone: number } {
  const seen = new Set<string>();
  const others: string[] = [];
  let canary: string | null = null;
  let alreadyDone = 0;
  const canaryKey = send.canaryAddress?.toLowerCase() ?? null;
  for (const raw of send.subscribers) {
    const address = raw.trim();
    const key = address.toLowerCase();
    if (!address || seen.has(key)) continue;
    seen.add(key);
    if (send.done.has(key)) alreadyDone += 1;
    else if (key === canaryKey) canary = address;
    else others.push(address);
  }
  const size = send.onePerRecipient ? 1 : Math.max(1, Math.floor(send.maxRecipients));
  const batches: string[][] = [];
  for (let i = 0; i < others.length; i += size) batches.push(others.slice(i, i + size));
  const last = batches.at(-1);
  if (canary !== null) {
    if (last && last.length < size) last.push(canary);
    else batches.push([canary]);
  }
  return { batches, canary, alreadyDone };
}

function describe(err: unknown): string {
  const e = err as { code?: string; response?: string; message?: string };
  return (e.response ?? e.message ?? String(err)).slice(0, 200) + (e.code ? ` (${e.code})` : '');
}

/** Splits refused recipients: 5xx is final, anything else (4xx, no code) is worth a retry. */
function sortRefusals(errors: readonly RcptError[], refused: readonly string[]): { rejected: string[]; deferred: string[] } {
  const rejected: string[] = [];
  const deferred: string[] = [];
  for (const address of refused) {
    const why = errors.find((e) => e.recipient?.toLowerCase() === address.toLowerCase());
    (typeof why?.responseCode === 'number' && why.responseCode >= 500 ? rejected : deferred).push(address);
  }
  return { rejected, deferred };
}

type Base = Pick<BatchResult, 'batch' | 'recipients' | 'canary'>;

/** One SMTP transaction; a failure of the whole transaction is returned, not thrown. */
async function sendTransaction(send: BulletinSend, shared: Buffer | null, recipients: readonly string[], base: Base): Promise<{ result: BatchResult; failure: unknown }> {
  let accepted: string[] = [];
  let refused: { rejected: string[]; deferred: string[] } = { rejected: [], deferred: [] };
  try {
    const raw = shared ?? (await send.compose(recipients[0] ?? null));
    const info = await send.transport.sendMail({ envelope: { from: send.envelopeFrom, to: [...recipients] }, raw });
    accepted = (info.accepted as unknown[]).map(String);
    refused = sortRefusals((info.rejectedErrors ?? []) as RcptError[], (info.rejected as unknown[]).map(String));
  } catch (err) {
    const e = err as { code?: string; rejected?: unknown; rejectedErrors?: unknown };
    // Every recipient of this transaction refused at RCPT TO: about them, not about the send.
    if (!(e.code === 'EENVELOPE' && Array.isArray(e.rejected) && e.rejected.length > 0)) {
      return { result: { ...base, outcome: 'failed', accepted: 0, rejected: [], deferred: [], error: describe(err) }, failure: err };
    }
    refused = sortRefusals(Array.isArray(e.rejectedErrors) ? (e.rejectedErrors as RcptError[]) : [], e.rejected.map(String));
  }
  for (const a of [...accepted, ...refused.rejected]) send.done.add(a.toLowerCase());
  return { result: { ...base, outcome: accepted.length > 0 ? 'accepted' : 'refused', accepted: accepted.length, ...refused, error: null }, failure: null };
}

export async function sendBulletin(send: BulletinSend): Promise<SendOutcome> {
  const { batches, canary, alreadyDone } = planBatches(send);
  const results: BatchResult[] = [];
  let failure: unknown = null;
  const shared = send.onePerRecipient ? null : await send.compose(null);
  const held = (base: Base): BatchResult => ({ ...base, outcome: 'held', accepted: 0, rejected: [], deferred: [], error: null });
  for (const [index, batch] of batches.entries()) {
    const withCanary = canary !== null && index === batches.length - 1;
    if (failure !== null) {
      results.push(held({ batch: results.length + 1, recipients: batch.length, canary: withCanary }));
      continue;
    }
    // No canary copy while any subscriber still lacks theirs: it would vouch for a list that is not complete.
    const holdCanary = withCanary && results.some((r) => r.deferred.length > 0);
    const recipients = holdCanary ? batch.filter((a) => a !== canary) : batch;
    if (recipients.length > 0) {
      const sent = await sendTransaction(send, shared, recipients, { batch: results.length + 1, recipients: recipients.length, canary: withCanary && !holdCanary });
      results.push(sent.result);
      failure = sent.failure;
    }
    if (holdCanary) results.push(held({ batch: results.length + 1, recipients: 1, canary: true }));
  }
  return { report: { messageId: send.messageId, subscribers: batches.reduce((n, b) => n + b.length, alreadyDone), alreadyDone, batches: results }, failure };
}

/** True when the canary's transaction was accepted for the canary itself. */
export function canaryHasCopy(report: SendReport, canaryAddress: string | null): boolean {
  const key = canaryAddress?.toLowerCase();
  return key !== undefined && report.batches.some((b) => b.canary && b.outcome === 'accepted' && ![...b.rejected, ...b.deferred].some((a) => a.toLowerCase() === key));
}

/** How far the send got, in one sentence a press officer can read; what happens next is the caller's to say. */
export function summariseSend(report: SendReport): string {
  const sum = (pick: (b: BatchResult) => number): number => report.batches.reduce((n, b) => n + pick(b), 0);
  const rejected = sum((b) => b.rejected.length);
  const deferred = sum((b) => b.deferred.length);
  const waiting = sum((b) => (b.outcome === 'failed' || b.outcome === 'held' ? b.recipients : 0));
  const failed = report.batches.find((b) => b.outcome === 'failed');
  const earlier = report.alreadyDone > 0 ? ` (and ${report.alreadyDone} by an earlier attempt)` : '';
  const parts = [`Accepted for ${sum((b) => b.accepted)} of ${report.subscribers} subscribers${earlier} in ${report.batches.filter((b) => b.outcome === 'accepted').length} of ${report.batches.length} transactions`];
  if (rejected > 0) parts.push(`${rejected} address${rejected === 1 ? '' : 'es'} refused for good`);
  if (deferred > 0) parts.push(`${deferred} deferred by the server`);
  if (failed) parts.push(`transaction ${failed.batch} failed: ${failed.error ?? 'no answer'}`);
  if (waiting > 0) parts.push(`${waiting} not sent yet`);
  return `${parts.join('; ')}.`;
}
