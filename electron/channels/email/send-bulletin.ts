// Sends one bulletin to a subscriber list in SMTP transactions of at most `maxRecipients`
// envelope recipients (servers cap RCPT TO per message, typically at 100), and reports what each
// transaction did. Subscribers only ever appear in the envelope; the message's headers are the
// caller's (compose) and never list them.
//
// The canary subscriber goes last, in a transaction of its own, and only once every other
// subscriber's copy was accepted (or refused for good): so a copy in the canary mailbox proves
// the whole list has it, which is what settling an unknown outcome by reading the canary assumes.
import type { SendMailOptions, SentMessageInfo } from 'nodemailer';

export interface BatchResult {
  /** 1-based, in sending order. */
  readonly batch: number;
  readonly recipients: number;
  /** The canary's own transaction, always last. */
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

/** Subscribers still to send to, de-duplicated, in batches; the canary alone at the end. */
export function planBatches(send: Pick<BulletinSend, 'subscribers' | 'canaryAddress' | 'maxRecipients' | 'onePerRecipient' | 'done'>): { batches: string[][]; alreadyDone: number } {
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
  if (canary !== null) batches.push([canary]);
  return { batches, alreadyDone };
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

export async function sendBulletin(send: BulletinSend): Promise<SendOutcome> {
  const { batches, alreadyDone } = planBatches(send);
  const results: BatchResult[] = [];
  let failure: unknown = null;
  let deferredSoFar = 0;
  const shared = send.onePerRecipient ? null : await send.compose(null);
  for (const [index, recipients] of batches.entries()) {
    const canary = send.canaryAddress !== null && index === batches.length - 1 && recipients[0]?.toLowerCase() === send.canaryAddress.toLowerCase();
    const base = { batch: index + 1, recipients: recipients.length, canary };
    // Nothing after a failure, and no canary copy while any subscriber still lacks theirs.
    if (failure !== null || (canary && deferredSoFar > 0)) {
      results.push({ ...base, outcome: 'held', accepted: 0, rejected: [], deferred: [], error: null });
      continue;
    }
    let accepted: string[] = [];
    let refused: { rejected: string[]; deferred: string[] } = { rejected: [], deferred: [] };
    try {
      const raw = shared ?? (await send.compose(recipients[0] ?? null));
      const info = await send.transport.sendMail({ envelope: { from: send.envelopeFrom, to: recipients }, raw });
      accepted = (info.accepted as unknown[]).map(String);
      refused = sortRefusals((info.rejectedErrors ?? []) as RcptError[], (info.rejected as unknown[]).map(String));
    } catch (err) {
      const e = err as { code?: string; rejected?: unknown; rejectedErrors?: unknown };
      if (e.code === 'EENVELOPE' && Array.isArray(e.rejected) && e.rejected.length > 0) {
        // Every recipient of this transaction refused at RCPT TO: about them, not about the send.
        refused = sortRefusals(Array.isArray(e.rejectedErrors) ? (e.rejectedErrors as RcptError[]) : [], e.rejected.map(String));
      } else {
        failure = err;
        results.push({ ...base, outcome: 'failed', accepted: 0, rejected: [], deferred: [], error: describe(err) });
        continue;
      }
    }
    for (const a of [...accepted, ...refused.rejected]) send.done.add(a.toLowerCase());
    deferredSoFar += refused.deferred.length;
    results.push({ ...base, outcome: accepted.length > 0 ? 'accepted' : 'refused', accepted: accepted.length, ...refused, error: null });
  }
  return { report: { messageId: send.messageId, subscribers: batches.reduce((n, b) => n + b.length, alreadyDone), alreadyDone, batches: results }, failure };
}

/** One sentence a press officer can act on: how far the send got, and what happens next. */
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
  if (waiting + deferred > 0) parts.push(`${waiting + deferred} still to send: the retry sends to them`);
  return `${parts.join('; ')}.`;
}
