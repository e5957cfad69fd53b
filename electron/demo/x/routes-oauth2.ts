// The OAuth 2.0 token endpoints of the demo X server: revoke (RFC 7009), the refresh grant and the
// authorization code grant with PKCE (RFC 7636). They authenticate the client, not a user, and
// answer with RFC 6749 error bodies in X's wording (not guaranteed word for word).
import { z } from 'zod';
import { secretsEqual, type DemoXAuthorizationCodes, type DemoXIssuingTokenRegistry } from './authorization-codes';
import { oauth2Error, reply, type XReply } from './errors';
import { formParams, isFormBody, isJsonBody, parseJson } from './http-io';
import { refreshBodySchema, revokeBodySchema } from './schemas';

export interface OAuth2RouteContext {
  authorization: string | undefined;
  body: string;
  contentType: string | undefined;
  registry: DemoXIssuingTokenRegistry;
  codes: DemoXAuthorizationCodes;
}

/** The scopes the bureau's start-up integration was granted. */
const grantedScopes = 'tweet.read tweet.write users.read media.write offline.access';

/** POST /2/oauth2/token with grant_type=authorization_code, as twitter-api-v2's loginWithOAuth2 sends it. */
const authorizationCodeBodySchema = z.object({
  grant_type: z.literal('authorization_code'),
  code: z.string().min(1),
  redirect_uri: z.string().min(1),
  code_verifier: z.string().min(1),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

/**
 * RFC 6749 form bodies, and JSON too: twitter-api-v2 1.x sends these endpoints JSON (its body-type
 * check for /2/oauth2 looks at the URL's password instead of its path), and X accepts it.
 */
function bodyFields(ctx: OAuth2RouteContext): unknown {
  if (isFormBody(ctx.contentType)) return Object.fromEntries(formParams(ctx.body));
  if (isJsonBody(ctx.contentType)) {
    const json = parseJson(ctx.body);
    return json.ok ? json.value : undefined;
  }
  return undefined;
}

function parseBody<S extends z.ZodType>(ctx: OAuth2RouteContext, schema: S): { ok: true; value: z.output<S> } | { ok: false; reply: XReply } {
  const parsed = schema.safeParse(bodyFields(ctx));
  if (parsed.success) return { ok: true, value: parsed.data };
  const missing = parsed.error.issues.map((issue) => issue.path.join('.')).filter((p) => p !== '');
  const description = missing.length > 0 ? `Missing or invalid parameter [${missing.join(',')}].` : 'Request body is not a valid form or JSON object.';
  return { ok: false, reply: oauth2Error(400, 'invalid_request', description) };
}

type ClientCheck = { ok: true; clientId: string } | { ok: false; reply: XReply };

/** Confidential clients use HTTP Basic (RFC 6749 2.3.1); public ones name themselves in the body. */
function authenticateClient(ctx: OAuth2RouteContext, bodyClientId: string | undefined, bodyClientSecret: string | undefined): ClientCheck {
  const failed: ClientCheck = { ok: false, reply: oauth2Error(401, 'invalid_client', 'Client authentication failed.') };
  const basic = /^Basic\s+(\S+)$/i.exec(ctx.authorization?.trim() ?? '')?.[1];
  let clientId = bodyClientId;
  let clientSecret = bodyClientSecret;
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return failed;
    try {
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    } catch {
      return failed;
    }
    if (bodyClientId !== undefined && bodyClientId !== clientId) return failed;
  }
  if (clientId === undefined) return { ok: false, reply: oauth2Error(400, 'invalid_request', 'Missing required parameter [client_id].') };
  const known = ctx.registry.clientSecret(clientId);
  if (known === undefined) return failed;
  if (clientSecret !== undefined && !secretsEqual(clientSecret, known)) return failed;
  return { ok: true, clientId };
}

/** POST /2/oauth2/revoke */
export function revokeToken(ctx: OAuth2RouteContext): XReply {
  const body = parseBody(ctx, revokeBodySchema);
  if (!body.ok) return body.reply;
  const client = authenticateClient(ctx, body.value.client_id, body.value.client_secret);
  if (!client.ok) return client.reply;
  // RFC 7009: an unknown or already-revoked token is still a success, so nothing leaks.
  ctx.registry.revokeOAuth2Token(client.clientId, body.value.token);
  return reply(200, { revoked: true });
}

/** POST /2/oauth2/token with grant_type=refresh_token */
export function refreshAccessToken(ctx: OAuth2RouteContext): XReply {
  const body = parseBody(ctx, refreshBodySchema);
  if (!body.ok) return body.reply;
  const client = authenticateClient(ctx, body.value.client_id, body.value.client_secret);
  if (!client.ok) return client.reply;
  const tokens = ctx.registry.refresh(client.clientId, body.value.refresh_token);
  if (!tokens) return oauth2Error(400, 'invalid_request', 'Value passed for the token was invalid.');
  return reply(200, {
    token_type: 'bearer',
    expires_in: tokens.expiresInSeconds,
    access_token: tokens.accessToken,
    scope: tokens.scope ?? grantedScopes,
    refresh_token: tokens.refreshToken,
  });
}

const codeFailures = {
  'invalid-code': 'Value passed for the authorization code was invalid.',
  'redirect-mismatch': 'Value passed for the redirect uri did not match the uri of the authorization code.',
  'verifier-mismatch': 'Value passed for the code verifier did not match the code challenge.',
} as const;

/** POST /2/oauth2/token with grant_type=authorization_code */
export function exchangeAuthorizationCode(ctx: OAuth2RouteContext): XReply {
  const body = parseBody(ctx, authorizationCodeBodySchema);
  if (!body.ok) return body.reply;
  // The client proves who it is first: a code is only ever worth something to its own client.
  const client = authenticateClient(ctx, body.value.client_id, body.value.client_secret);
  if (!client.ok) return client.reply;
  const redemption = ctx.codes.redeem(client.clientId, body.value.code, body.value.redirect_uri, body.value.code_verifier);
  if (!redemption.ok) return oauth2Error(400, 'invalid_request', codeFailures[redemption.reason]);
  const { grant } = redemption;
  const tokens = ctx.registry.issue(client.clientId, grant.userId, grant.scope);
  redemption.recordTokens(tokens.refreshToken === null ? [tokens.accessToken] : [tokens.accessToken, tokens.refreshToken]);
  return reply(200, {
    token_type: 'bearer',
    expires_in: tokens.expiresInSeconds,
    access_token: tokens.accessToken,
    scope: tokens.scope,
    ...(tokens.refreshToken === null ? {} : { refresh_token: tokens.refreshToken }),
  });
}

/** POST /2/oauth2/token: one endpoint, the grant type picks the handler. */
export function tokenEndpoint(ctx: OAuth2RouteContext): XReply {
  const fields = bodyFields(ctx);
  const grantType = typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>)['grant_type'] : undefined;
  // Anything but the code grant keeps the refresh grant's answers, unknown grant types included.
  return grantType === 'authorization_code' ? exchangeAuthorizationCode(ctx) : refreshAccessToken(ctx);
}
