// Maps twitter-api-v2's errors onto the typed channel outcomes. The line that matters most: a
// request that may have reached X (timeout, reset) is OUTCOME_UNKNOWN, never "failed".
import { ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { ChannelError, type ChannelFailure } from '../types';
import { problemSchema } from './schemas';

/** Errors that prove nothing was sent: safe to call "unavailable". */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

export function describeProblem(data: unknown): string {
  const p = problemSchema.safeParse(data);
  if (!p.success) return 'no details';
  const first = p.data.errors?.find((e) => e.message)?.message;
  const summary = p.data.detail ?? p.data.title ?? 'no details';
  return first ? `${summary} ${first}` : summary;
}

/**
 * twitter-api-v2 1.x stores the socket error as `_options.error` while its `requestError` getter
 * reads `_options.requestError` (undefined): read both.
 */
function requestCause(err: ApiRequestError): NodeJS.ErrnoException | undefined {
  const stored = (err as unknown as { _options?: { error?: unknown } })._options?.error;
  const cause = (err.requestError as unknown) ?? stored;
  return cause instanceof Error ? (cause as NodeJS.ErrnoException) : undefined;
}

export function toChannelError(err: unknown, action: 'read' | 'publish' | 'retract' | 'revoke'): ChannelError {
  if (err instanceof ChannelError) return err;
  if (err instanceof ApiResponseError) {
    const status = err.code;
    const detail = describeProblem(err.data);
    let failure: ChannelFailure;
    if (status === 401) failure = { kind: 'AUTH_REVOKED', message: `X refused the credentials (${detail}). Reconnect the X account in Settings.` };
    else if (status === 429) {
      const reset = err.rateLimit?.reset;
      const resetAt = new Date((reset ?? Math.ceil(Date.now() / 1000) + 60) * 1000).toISOString();
      failure = { kind: 'RATE_LIMITED', resetAt, message: `X rate limit reached; it resets at ${resetAt}.` };
    } else if (status === 404) failure = { kind: 'NOT_FOUND', message: `X: not found (${detail}).` };
    else if (status === 403 || status === 400) failure = { kind: 'REJECTED', message: `X refused the ${action} (${detail}).` };
    else if (status >= 500) failure = action === 'publish' ? { kind: 'OUTCOME_UNKNOWN', message: `X answered ${status} to the post; it may or may not have gone out.` } : { kind: 'UNAVAILABLE', message: `X is having problems (HTTP ${status}).` };
    else failure = { kind: 'BAD_RESPONSE', message: `X answered HTTP ${status} (${detail}).` };
    return new ChannelError(failure);
  }
  if (err instanceof ApiRequestError) {
    const cause = requestCause(err);
    const code = cause?.code ?? '';
    const reason = cause?.message ?? err.message;
    if (notSentCodes.has(code)) return new ChannelError({ kind: 'UNAVAILABLE', message: `Cannot reach X (${code || reason}). Check the network.` });
    if (action === 'publish') return new ChannelError({ kind: 'OUTCOME_UNKNOWN', message: `The post was sent but X did not answer (${code || reason}). It will be checked on the channel before any retry.` });
    return new ChannelError({ kind: 'UNAVAILABLE', message: `X did not answer (${code || reason}).` });
  }
  return new ChannelError({ kind: 'BAD_RESPONSE', message: `Unexpected answer from X: ${(err as Error).message ?? String(err)}` });
}
