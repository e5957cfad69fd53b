// Maps @atproto/xrpc errors onto the typed channel outcomes. As for every channel: a request that
// may have reached the PDS (timeout, reset, 5xx on a write) is OUTCOME_UNKNOWN, never "failed".
import { XRPCError } from '@atproto/api';
import { ChannelError, type ChannelFailure } from '../types';

export type BlueskyAction = 'login' | 'read' | 'publish' | 'retract' | 'revoke';

/** Socket errors that prove nothing was sent: safe to call "unavailable". */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** fetch() wraps the socket error: TypeError('fetch failed', { cause: { code } }). */
function socketCode(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    e = e.cause;
  }
  return '';
}

/** The RateLimit-Reset header (epoch seconds) the reference PDS sends, else a minute from now. */
export function resetAtFrom(headers: Readonly<Record<string, string | undefined>> | undefined, nowMs: number): string {
  const reset = Number(headers?.['ratelimit-reset']);
  return new Date(Number.isFinite(reset) && reset > 0 ? reset * 1000 : nowMs + 60_000).toISOString();
}

export function toChannelError(err: unknown, action: BlueskyAction, nowMs: number = Date.now()): ChannelError {
  if (err instanceof ChannelError) return err;
  if (!(err instanceof XRPCError)) return new ChannelError({ kind: 'BAD_RESPONSE', message: `Unexpected answer from Bluesky: ${err instanceof Error ? err.message : String(err)}` });
  const status = err.status;
  const detail = err.message || err.error || 'no details';
  let failure: ChannelFailure;
  if (status === 401 || err.error === 'ExpiredToken' || err.error === 'InvalidToken' || err.error === 'AuthRequired') {
    failure = { kind: 'AUTH_REVOKED', message: action === 'login' ? `Bluesky refused the handle or app password (${detail}). Check both, or create a new app password.` : `Bluesky refused the session (${detail}): the app password may have been revoked. Reconnect the Bluesky account in Settings.` };
  } else if (status === 429) {
    const resetAt = resetAtFrom(err.headers, nowMs);
    failure = { kind: 'RATE_LIMITED', resetAt, message: `Bluesky rate limit reached; it resets at ${resetAt}.` };
  } else if (status === 404 || err.error === 'RecordNotFound') failure = { kind: 'NOT_FOUND', message: `Bluesky: not found (${detail}).` };
  else if (status === 400 || status === 403) failure = { kind: 'REJECTED', message: `Bluesky refused the ${action} (${detail}).` };
  else if (status >= 500) failure = action === 'publish' ? { kind: 'OUTCOME_UNKNOWN', message: `The PDS answered ${status} to the post; it may or may not exist. It will be checked in the repo before any retry.` } : { kind: 'UNAVAILABLE', message: `The PDS is having problems (HTTP ${status}).` };
  else if (status === 1) {
    const code = socketCode(err);
    if (notSentCodes.has(code)) failure = { kind: 'UNAVAILABLE', message: `Cannot reach the PDS (${code}). Check the network and the PDS address.` };
    else if (action === 'publish') failure = { kind: 'OUTCOME_UNKNOWN', message: `The post was sent but the PDS did not answer (${code || detail}). It will be checked in the repo before any retry.` };
    else failure = { kind: 'UNAVAILABLE', message: `The PDS did not answer (${code || detail}).` };
  } else failure = { kind: 'BAD_RESPONSE', message: `The PDS answered HTTP ${status} (${detail}).` };
  return new ChannelError(failure);
}
