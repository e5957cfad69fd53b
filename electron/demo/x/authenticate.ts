// Turns a request's Authorization header into the user and integration it acts for: an OAuth 2.0
// user bearer token, or an OAuth 1.0a user-context signature verified against the stored secrets.
import type { DemoXPrincipal } from './credentials';
import { NonceCache, verifyOAuth1 } from './oauth1';
import type { DemoXTokenRegistry } from './token-registry';

/**
 * Origins a client may have signed an OAuth 1.0a request for, besides the address the server was
 * reached at. twitter-api-v2 with the base-url plugin signs the rewritten local URL; a client that
 * rewrites after signing (a proxy, a plugin on `onBeforeRequest`) signs X's public URL.
 */
export const publicXOrigins = ['https://api.x.com', 'https://api.twitter.com'] as const;

export interface AuthenticationRequest {
  method: string;
  authorization: string | undefined;
  /** The origin the request arrived at, e.g. `http://127.0.0.1:51234` (from the Host header). */
  localOrigin: string;
  path: string;
  requestParams: ReadonlyArray<readonly [string, string]>;
}

export class DemoXAuthenticator {
  constructor(
    private readonly registry: DemoXTokenRegistry,
    private readonly nonces = new NonceCache(),
  ) {}

  authenticate(request: AuthenticationRequest): DemoXPrincipal | undefined {
    const header = request.authorization?.trim();
    if (!header) return undefined;
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    if (bearer?.[1] !== undefined) return this.registry.principalForBearer(bearer[1]);
    if (!/^OAuth\s/i.test(header)) return undefined;
    const verification = verifyOAuth1(
      {
        method: request.method,
        authorization: header,
        baseUrls: [request.localOrigin, ...publicXOrigins].map((origin) => origin + request.path),
        requestParams: request.requestParams,
      },
      (consumerKey, token) => this.registry.oauth1Secrets(consumerKey, token),
    );
    if (!verification.ok) return undefined;
    // Checked only after the signature holds, so forged requests cannot flood the cache.
    const { consumerKey, token, timestamp, nonce } = verification;
    if (this.nonces.checkAndRecord(consumerKey, token, timestamp, nonce)) return undefined;
    return verification.secrets.principal;
  }
}
