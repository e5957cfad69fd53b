// Fetching the bytes of an image an item carries, for every adapter that reads media over HTTP:
// only from the hosts the channel serves media from, never following a redirect elsewhere
// (BAD_RESPONSE, nothing fetched), and refusing anything over the caller's byte limit before
// reading it all (REJECTED: a declared length over the limit is refused unread; an undeclared or
// lying one is cut off at the limit).
import { readStreamCapped } from './http';
import { ChannelError } from './types';

export interface MediaFetchOptions {
  /** Host names (lower-case, with port when not the default) the channel serves media from. */
  readonly allowedHosts: readonly string[];
  readonly maxBytes: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

const maxRedirects = 3;

/** Over the caller's byte limit: REJECTED, as the adapter interface promises. */
function tooLarge(message: string): ChannelError {
  return new ChannelError({ kind: 'REJECTED', message });
}

/** An address, scheme or redirect the channel should not have sent: nothing fetched from it. */
function refuse(message: string): ChannelError {
  return new ChannelError({ kind: 'BAD_RESPONSE', message });
}

function checkedUrl(service: string, raw: string, allowed: readonly string[], base?: URL): URL {
  let url: URL;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch {
    throw refuse(`${service} gave an image address that is not a URL (${raw.slice(0, 80)}); it was not fetched.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse(`${service} gave an image address with scheme ${url.protocol}; only http(s) is fetched.`);
  if (!allowed.includes(url.host.toLowerCase())) {
    throw refuse(`${service} pointed an image at ${url.host}, which is not one of its own hosts (${allowed.join(', ')}); it was not fetched.`);
  }
  return url;
}

/** Reads `body` to the end, refusing (REJECTED) as soon as it passes `maxBytes`. */
export async function readBytesCapped(service: string, body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  const bytes = await readStreamCapped(body, maxBytes, () => tooLarge(`${service} sent an image over the ${maxBytes}-byte limit; it was cut off and not kept.`));
  return new Uint8Array(bytes);
}

export async function fetchMediaBytes(service: string, rawUrl: string | null, options: MediaFetchOptions): Promise<Uint8Array> {
  if (!rawUrl) throw refuse(`${service} listed the image without an address; there is nothing to fetch.`);
  let url = checkedUrl(service, rawUrl, options.allowedHosts);
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await fetch(url, {
        redirect: 'manual',
        ...(options.headers ? { headers: { ...options.headers } } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const e = err as { message?: string; cause?: { code?: string } };
      throw new ChannelError({ kind: 'UNAVAILABLE', message: `${service} did not serve the image (${e.cause?.code ?? e.message ?? 'connection failed'}).` });
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      const location = res.headers.get('location');
      if (!location || hop >= maxRedirects) throw refuse(`${service} redirected the image ${location ? 'too many times' : 'without a Location'}; it was not fetched.`);
      url = checkedUrl(service, location, options.allowedHosts, url);
      continue;
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      throw new ChannelError({ kind: 'NOT_FOUND', message: `${service} no longer has the image (HTTP ${res.status}).` });
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ChannelError({ kind: res.status >= 500 ? 'UNAVAILABLE' : 'BAD_RESPONSE', message: `${service} refused to serve the image (HTTP ${res.status}).` });
    }
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await res.body?.cancel();
      throw tooLarge(`${service} announced an image of ${declared} bytes, over the ${options.maxBytes}-byte limit; it was not read.`);
    }
    return readBytesCapped(service, res.body, options.maxBytes);
  }
}

/** The `host` (with a non-default port) of a base URL, lower-case, for allowedHosts. */
export function hostOf(base: string): string {
  return new URL(base).host.toLowerCase();
}
