// A twitter-api-v2 plugin that sends X API requests to another base URL (the demo X server, a
// recording proxy) without touching the adapter: X's hosts in each request URL are replaced by
// the configured origin (and path prefix), and plain-http targets get an http.Agent.
//
// Signing order matters for OAuth 1.0a: twitter-api-v2 runs `onBeforeRequestConfig` hooks on the
// request params *before* it computes the signature, and it re-reads `params.url` afterwards. The
// plugin rewrites `params.url` there, so the signature covers the rewritten URL, the one the
// server is actually reached at (RFC 5849 base string URI). The demo server also accepts
// signatures over `https://api.x.com` + path, for clients that rewrite after signing.
import { Agent as HttpAgent } from 'node:http';
import type { ITwitterApiClientPlugin } from 'twitter-api-v2';

/** The hosts twitter-api-v2 (1.x) and older clients address; stream and ads hosts are left alone. */
export const rewrittenXHosts: readonly string[] = ['api.x.com', 'api.twitter.com', 'upload.x.com', 'upload.twitter.com'];

export interface XBaseUrlPluginOptions {
  /** Used for http: targets; one keep-alive agent per plugin when not given. */
  httpAgent?: HttpAgent;
}

/** Maps an X URL onto `base`; any other URL is returned unchanged. */
export function rewriteXUrl(url: URL, base: URL): URL {
  if (!rewrittenXHosts.includes(url.hostname.toLowerCase())) return url;
  const out = new URL(base.href);
  // Keep a path prefix of the base (e.g. http://host/x-demo) in front of X's own path.
  out.pathname = base.pathname.replace(/\/+$/, '') + url.pathname;
  out.search = url.search;
  out.hash = '';
  return out;
}

export function createXBaseUrlPlugin(baseUrl: string | URL, options: XBaseUrlPluginOptions = {}): ITwitterApiClientPlugin {
  const base = new URL(typeof baseUrl === 'string' ? baseUrl : baseUrl.href);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`X base URL must be http(s): ${base.href}`);
  if (base.search || base.hash) throw new Error(`X base URL takes no query or fragment: ${base.href}`);
  // twitter-api-v2 always calls https.request; with an http: URL that only works given an http.Agent.
  const httpAgent = options.httpAgent ?? new HttpAgent({ keepAlive: true });
  return {
    onBeforeRequestConfig({ url, params }) {
      const rewritten = rewriteXUrl(url, base);
      // Mutating params.url (not the `url` copy) is what the client signs and sends.
      if (rewritten !== url) params.url = rewritten.href;
    },
    onBeforeRequest({ computedParams, requestOptions }) {
      if (computedParams.url.protocol === 'http:') requestOptions.agent = httpAgent;
    },
  };
}
