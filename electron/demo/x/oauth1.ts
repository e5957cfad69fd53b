// OAuth 1.0a (RFC 5849) HMAC-SHA1 request verification for the demo X server: parse the
// Authorization header, rebuild the signature base string from the request, recompute the
// signature with the stored secrets and compare in constant time. A replayed nonce is refused.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 unreserved characters stay, everything else is %XX (RFC 5849 section 3.6). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** `OAuth k="v", ...` to a map of decoded values; undefined when malformed or a key repeats. */
export function parseOAuthHeader(header: string): Map<string, string> | undefined {
  const match = /^OAuth\s+(.*)$/is.exec(header.trim());
  const body = match?.[1];
  if (body === undefined) return undefined;
  const pairPattern = /\s*([A-Za-z0-9_.~%-]+)\s*=\s*"([^"]*)"\s*(?:,|$)/y;
  const out = new Map<string, string>();
  let index = 0;
  while (index < body.length) {
    pairPattern.lastIndex = index;
    const m = pairPattern.exec(body);
    if (!m || m[1] === undefined || m[2] === undefined) return undefined;
    const key = safeDecode(m[1]);
    const value = safeDecode(m[2]);
    if (key === undefined || value === undefined || out.has(key)) return undefined;
    out.set(key, value);
    index = pairPattern.lastIndex;
  }
  return out;
}

/** Section 3.4.1.3.2: encode every name and value, sort by name then value, join with `&`. */
export function normalizeParameters(params: ReadonlyArray<readonly [string, string]>): string {
  return params
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

export function signatureBaseString(method: string, baseUrl: string, params: ReadonlyArray<readonly [string, string]>): string {
  return [method.toUpperCase(), percentEncode(baseUrl), percentEncode(normalizeParameters(params))].join('&');
}

export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac('sha1', key).update(baseString).digest('base64');
}

/** Constant-time, so a forger cannot learn the signature byte by byte from response timing. */
export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface OAuth1Request {
  method: string;
  authorization: string;
  /** Every base string URL the server accepts (scheme://host[:port]/path, no query). */
  baseUrls: readonly string[];
  /** Query parameters, plus form-body parameters when the body is application/x-www-form-urlencoded. */
  requestParams: ReadonlyArray<readonly [string, string]>;
}

export interface OAuth1Secrets {
  consumerSecret: string;
  tokenSecret: string;
}

export type OAuth1Verification<T extends OAuth1Secrets> =
  | { ok: true; secrets: T; consumerKey: string; token: string; nonce: string; timestamp: string }
  | { ok: false };

const requiredOAuthParams = ['oauth_consumer_key', 'oauth_token', 'oauth_signature_method', 'oauth_signature', 'oauth_timestamp', 'oauth_nonce'];

/**
 * Checks the signature against the secrets `lookup` returns for the header's consumer key and
 * token. The client's timestamp is not compared with the server clock: the demo clock is
 * injected and may be years away from the wall clock the client signs with.
 */
export function verifyOAuth1<T extends OAuth1Secrets>(
  request: OAuth1Request,
  lookup: (consumerKey: string, token: string) => T | undefined,
): OAuth1Verification<T> {
  const header = parseOAuthHeader(request.authorization);
  if (!header || requiredOAuthParams.some((name) => !header.has(name))) return { ok: false };
  const consumerKey = header.get('oauth_consumer_key') ?? '';
  const token = header.get('oauth_token') ?? '';
  const signature = header.get('oauth_signature') ?? '';
  const nonce = header.get('oauth_nonce') ?? '';
  const timestamp = header.get('oauth_timestamp') ?? '';
  if (header.get('oauth_signature_method') !== 'HMAC-SHA1') return { ok: false };
  if (header.has('oauth_version') && header.get('oauth_version') !== '1.0') return { ok: false };
  if (!/^[0-9]{1,12}$/.test(timestamp) || nonce === '') return { ok: false };
  const secrets = lookup(consumerKey, token);
  if (!secrets) return { ok: false };
  // The signature itself and the realm are the only header values left out of the base string.
  const oauthParams = [...header].filter(([name]) => name !== 'oauth_signature' && name !== 'realm');
  const params = [...request.requestParams, ...oauthParams];
  const matches = request.baseUrls.some((baseUrl) =>
    signaturesEqual(hmacSha1Signature(signatureBaseString(request.method, baseUrl, params), secrets.consumerSecret, secrets.tokenSecret), signature),
  );
  return matches ? { ok: true, secrets, consumerKey, token, nonce, timestamp } : { ok: false };
}

/** Remembers recently used nonces (bounded, oldest forgotten first) so a captured request cannot be replayed. */
export class NonceCache {
  private readonly seenKeys = new Set<string>();

  constructor(private readonly capacity = 50_000) {}

  /** True when this nonce was already used with these credentials and timestamp; records it otherwise. */
  checkAndRecord(consumerKey: string, token: string, timestamp: string, nonce: string): boolean {
    const key = JSON.stringify([consumerKey, token, timestamp, nonce]);
    if (this.seenKeys.has(key)) return true;
    this.seenKeys.add(key);
    if (this.seenKeys.size > this.capacity) {
      const oldest = this.seenKeys.values().next();
      if (!oldest.done) this.seenKeys.delete(oldest.value);
    }
    return false;
  }
}
