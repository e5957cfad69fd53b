// The PDS's repo event stream (com.atproto.sync.subscribeRepos): a WebSocket of binary frames,
// each a DAG-CBOR header ({op, t}) followed by a DAG-CBOR body. Only commits of the bureau's own
// DID that touch posts matter; they wake the monitor, which then reads the repo as usual (the
// stream is a doorbell, the read is the evidence). The last sequence number is kept so a
// reconnect resumes where it left off; after any reconnect one read fills whatever was missed.
import { decodeFirst } from 'cborg';
import { decodeOptions, encode } from '@ipld/dag-cbor';
import WebSocket from 'ws';
import { z } from 'zod';

export const postCollection = 'app.bsky.feed.post';

const headerSchema = z.object({ op: z.number(), t: z.string().optional() });
const commitSchema = z.object({
  seq: z.number(),
  repo: z.string(),
  ops: z.array(z.object({ action: z.string(), path: z.string() })),
});
const seqOnlySchema = z.object({ seq: z.number(), did: z.string().optional() });
const errorSchema = z.object({ error: z.string(), message: z.string().optional() });

export type FirehoseEvent =
  | { readonly kind: 'commit'; readonly seq: number; readonly repo: string; readonly paths: readonly string[] }
  | { readonly kind: 'other'; readonly seq: number | null; readonly did: string | null; readonly type: string }
  | { readonly kind: 'error'; readonly error: string; readonly message: string };

/** One binary frame: header then body, both DAG-CBOR (CIDs decode as CID objects). */
export function decodeFrame(bytes: Uint8Array): FirehoseEvent | null {
  const [header, rest] = decodeFirst(bytes, decodeOptions) as [unknown, Uint8Array];
  const [body] = decodeFirst(rest, decodeOptions) as [unknown, Uint8Array];
  const h = headerSchema.safeParse(header);
  if (!h.success) return null;
  if (h.data.op === -1) {
    const e = errorSchema.safeParse(body);
    return { kind: 'error', error: e.success ? e.data.error : 'Unknown', message: e.success ? (e.data.message ?? '') : '' };
  }
  if (h.data.t === '#commit') {
    const c = commitSchema.safeParse(body);
    if (!c.success) return null;
    return { kind: 'commit', seq: c.data.seq, repo: c.data.repo, paths: c.data.ops.map((o) => o.path) };
  }
  const s = seqOnlySchema.safeParse(body);
  return { kind: 'other', seq: s.success ? s.data.seq : null, did: s.success ? (s.data.did ?? null) : null, type: h.data.t ?? '' };
}

/** The inverse, for the demo PDS and tests: the same encoder the decoder reads. */
export function encodeFrame(header: { op: number; t?: string }, body: unknown): Uint8Array {
  const a = encode(header);
  const b = encode(body);
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Does this event concern the bureau's posts (or its account as a whole)? */
export function concernsOwnPosts(event: FirehoseEvent, did: string): boolean {
  if (event.kind === 'commit') return event.repo === did && event.paths.some((p) => p.startsWith(`${postCollection}/`));
  // #account (deactivated, taken down) and #sync (repo reset) may change what reads back.
  return event.kind === 'other' && event.did === did && (event.type === '#account' || event.type === '#sync');
}

export interface FirehoseOptions {
  /** The account's DID and the PDS that hosts its repo (asked again before each connection). */
  readonly host: () => Promise<{ readonly did: string; readonly url: string }>;
  readonly onChange: () => void;
  readonly signal: AbortSignal;
  /** Waits between reconnects (injected so tests need not sleep). */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly onState?: (state: 'open' | 'closed', why: string) => void;
}

export function subscribeUrl(pdsUrl: string, cursor: number | null): string {
  const url = new URL('/xrpc/com.atproto.sync.subscribeRepos', pdsUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (cursor !== null) url.searchParams.set('cursor', String(cursor));
  return url.toString();
}

/** Runs until the signal aborts: connect, listen, reconnect with the kept cursor, back off. */
export async function watchFirehose(options: FirehoseOptions): Promise<void> {
  let cursor: number | null = null;
  let failures = 0;
  let connectedBefore = false;
  while (!options.signal.aborted) {
    let did: string;
    let url: string;
    try {
      ({ did, url } = await options.host());
    } catch {
      failures++;
      await options.sleep(Math.min(60_000, 1000 * 2 ** Math.min(failures, 6)), options.signal);
      continue;
    }
    // Stopped while signing in: an abort event already fired would never close the socket below.
    if (options.signal.aborted) break;
    const why = await new Promise<string>((resolve) => {
      const ws = new WebSocket(subscribeUrl(url, cursor));
      const stop = (): void => ws.terminate();
      options.signal.addEventListener('abort', stop, { once: true });
      ws.on('open', () => {
        failures = 0;
        options.onState?.('open', '');
        // After a reconnect the events in between may be gone from the PDS's backfill window:
        // one read fills the gap whatever the cursor replays.
        if (connectedBefore) options.onChange();
        connectedBefore = true;
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) return;
        let event: FirehoseEvent | null;
        try {
          event = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        } catch {
          return; // An undecodable frame is skipped; polling still covers what it announced.
        }
        if (!event) return;
        if (event.kind === 'error') return ws.close(1000, event.error);
        if (event.seq !== null) cursor = event.seq;
        if (concernsOwnPosts(event, did)) options.onChange();
      });
      ws.on('error', () => undefined);
      ws.on('close', (_code, reason) => {
        options.signal.removeEventListener('abort', stop);
        resolve(reason.toString() || 'closed');
      });
    });
    options.onState?.('closed', why);
    if (options.signal.aborted) break;
    failures++;
    await options.sleep(Math.min(60_000, 250 * 2 ** Math.min(failures, 8)), options.signal);
  }
}
