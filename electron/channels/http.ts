// Plain-fetch plumbing for adapters that speak HTTP themselves (WordPress, RSS): timeouts, and
// HTTP statuses and socket errors mapped to the typed channel outcomes.
import { ChannelError, type ChannelFailure } from './types';

export type HttpAction = 'read' | 'publish' | 'retract' | 'revoke' | 'connect';

const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const tlsCodes = /CERT|SSL|TLS|SELF_SIGNED/;

/** A compromised channel must not be able to fill memory: no answer we need is near this size. */
export const maxResponseBytes = 16 * 1024 * 1024;

/** Reads a body to the end, throwing `tooBig()` as soon as it passes `maxBytes` (the rest is never read). */
export async function readStreamCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number, tooBig: () => ChannelError): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function readCapped(service: string, res: Response): Promise<string> {
  const tooBig = (): ChannelError => new ChannelError({ kind: 'BAD_RESPONSE', message: `${service} sent an answer over ${maxResponseBytes / 1024 / 1024} MB; it was not read.` });
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxResponseBytes) {
    await res.body?.cancel();
    throw tooBig();
  }
  return (await readStreamCapped(res.body, maxResponseBytes, tooBig)).toString('utf8');
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export async function httpRequest(
  service: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; timeoutMs: number; action: HttpAction },
): Promise<HttpAnswer> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'GET',
      ...(init.headers ? { headers: init.headers } : {}),
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    return { status: res.status, headers: res.headers, text: await readCapped(service, res) };
  } catch (err) {
    if (err instanceof ChannelError) throw err;
    throw new ChannelError(networkFailure(service, err, init.action));
  }
}

function networkFailure(service: string, err: unknown, action: HttpAction): ChannelFailure {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? '';
  if (notSentCodes.has(code)) return { kind: 'UNAVAILABLE', message: `Cannot reach ${service} (${code}). Check the address and the network.` };
  if (tlsCodes.test(code)) return { kind: 'UNAVAILABLE', message: `${service}'s TLS certificate was refused (${code}). Check the address; never switch to http.` };
  const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
  const why = timedOut ? 'no answer in time' : code || e.message || 'connection failed';
  if (action === 'publish') return { kind: 'OUTCOME_UNKNOWN', message: `The post was sent but ${service} did not answer (${why}). It will be checked on the channel before any retry.` };
  return { kind: 'UNAVAILABLE', message: `${service} did not answer (${why}).` };
}

/** Statuses every HTTP adapter reads the same way; adapters handle their own special cases first. */
export function failureForStatus(service: string, answer: HttpAnswer, action: HttpAction, detail: string, now: Date): ChannelFailure {
  const s = answer.status;
  if (s === 401) return { kind: 'AUTH_REVOKED', message: `${service} refused the credentials (${detail}). Reconnect the channel in Settings.` };
  if (s === 429) {
    const retry = Number(answer.headers.get('retry-after') ?? '60');
    const resetAt = new Date(now.getTime() + (Number.isFinite(retry) ? retry : 60) * 1000).toISOString();
    return { kind: 'RATE_LIMITED', resetAt, message: `${service} is rate limiting; it resets at ${resetAt}.` };
  }
  if (s === 404 || s === 410) return { kind: 'NOT_FOUND', message: `${service}: not found (${detail}).` };
  if (s === 400 || s === 403 || s === 409 || s === 422) return { kind: 'REJECTED', message: `${service} refused the ${action} (${detail}).` };
  if (s >= 500 && action === 'publish') return { kind: 'OUTCOME_UNKNOWN', message: `${service} answered ${s} to the post; it may or may not have gone out.` };
  if (s >= 500) return { kind: 'UNAVAILABLE', message: `${service} is having problems (HTTP ${s}).` };
  if (s >= 300 && s < 400) return { kind: 'BAD_RESPONSE', message: `${service} redirected to ${answer.headers.get('location') ?? '?'}; check the site address in Settings.` };
  return { kind: 'BAD_RESPONSE', message: `${service} answered HTTP ${s} (${detail}).` };
}

export function parseJson(service: string, answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    throw new ChannelError({ kind: 'BAD_RESPONSE', message: `${service} sent something that is not JSON (HTTP ${answer.status}); nothing from it was used.` });
  }
}
