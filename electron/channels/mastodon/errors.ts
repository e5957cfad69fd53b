// Maps masto's errors onto the typed channel outcomes. Mastodon's 429 carries X-RateLimit-Reset as
// an ISO timestamp; masto keeps the failed Response as the error's `cause`, which is where it is
// read. As for every channel: a post that may have reached the instance is OUTCOME_UNKNOWN.
import { MastoHttpError, MastoTimeoutError, MastoUnexpectedError } from 'masto';
import { ChannelError, type ChannelFailure } from '../types';

export type MastodonAction = 'read' | 'publish' | 'retract' | 'revoke';

const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The reset time a Mastodon answer announces (ISO 8601 in X-RateLimit-Reset), or null. */
export function rateLimitReset(headers: Headers | undefined): string | null {
  const raw = headers?.get('x-ratelimit-reset');
  if (!raw) return null;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? new Date(at).toISOString() : null;
}

function responseOf(err: MastoHttpError): Response | undefined {
  return err.cause instanceof Response ? err.cause : undefined;
}

function describe(err: MastoHttpError): string {
  const detail = err.description ?? err.message;
  return detail ? detail.slice(0, 200) : 'no details';
}

export function toChannelError(err: unknown, action: MastodonAction, now: Date): ChannelError {
  if (err instanceof ChannelError) return err;
  if (err instanceof MastoHttpError) {
    const status = err.statusCode;
    const detail = describe(err);
    let failure: ChannelFailure;
    if (status === 401) failure = { kind: 'AUTH_REVOKED', message: `Mastodon refused the access token (${detail}). Reconnect the Mastodon account in Settings.` };
    else if (status === 429) {
      const resetAt = rateLimitReset(responseOf(err)?.headers) ?? new Date(now.getTime() + 5 * 60_000).toISOString();
      failure = { kind: 'RATE_LIMITED', resetAt, message: `Mastodon rate limit reached; it resets at ${resetAt}.` };
    } else if (status === 404 || status === 410) failure = { kind: 'NOT_FOUND', message: `Mastodon: not found (${detail}).` };
    else if (status === 422) failure = { kind: 'REJECTED', message: `Mastodon refused the ${action} as invalid (${detail}).` };
    else if (status === 403 || status === 400) failure = { kind: 'REJECTED', message: `Mastodon refused the ${action} (${detail}).` };
    else if (status >= 500) failure = action === 'publish' ? { kind: 'OUTCOME_UNKNOWN', message: `Mastodon answered ${status} to the post; it may or may not have gone out.` } : { kind: 'UNAVAILABLE', message: `The Mastodon instance is having problems (HTTP ${status}).` };
    else failure = { kind: 'BAD_RESPONSE', message: `Mastodon answered HTTP ${status} (${detail}).` };
    return new ChannelError(failure);
  }
  if (err instanceof MastoTimeoutError) {
    return new ChannelError(
      action === 'publish'
        ? { kind: 'OUTCOME_UNKNOWN', message: 'The post was sent but Mastodon did not answer in time. It will be checked on the channel before any retry.' }
        : { kind: 'UNAVAILABLE', message: 'Mastodon did not answer in time.' },
    );
  }
  if (err instanceof MastoUnexpectedError) {
    // An answer arrived but was not JSON (a proxy's HTML error page, say).
    return new ChannelError(action === 'publish' ? { kind: 'OUTCOME_UNKNOWN', message: `Mastodon's answer to the post was unreadable (${err.message}).` } : { kind: 'BAD_RESPONSE', message: `Mastodon sent an unreadable answer (${err.message}).` });
  }
  // fetch failures: a TypeError whose cause names what went wrong (ECONNREFUSED, a bad port...).
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.cause?.message ?? '';
  if (notSentCodes.has(code)) return new ChannelError({ kind: 'UNAVAILABLE', message: `Cannot reach the Mastodon instance (${code}). Check the instance address and the network.` });
  if (action === 'publish') return new ChannelError({ kind: 'OUTCOME_UNKNOWN', message: `The post was sent but Mastodon did not answer (${code || e.message || 'connection failed'}). It will be checked on the channel before any retry.` });
  return new ChannelError({ kind: 'UNAVAILABLE', message: `Mastodon did not answer (${code || e.message || 'connection failed'}).` });
}
