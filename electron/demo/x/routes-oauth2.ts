// The OAuth 2.0 token endpoints of the demo X server: revoke (RFC 7009) and the refresh grant.
// They authenticate the client, not a user, and answer with RFC 6749 error bodies.
import { timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { oauth2Error, reply, type XReply } from './errors';
import { formParams, isFormBody, isJsonBody, parseJson } from './http-io';
import { refreshBodySchema, revokeBodySchema } from './schemas';
import type { DemoXTokenRegistry } from './token-registry';

export interface OAuth2RouteContext {
  authorization: string | undefined;
  body: string;
  contentType: string | undefined;
  registry: DemoXTokenRegistry;
}

/** The scopes the bureau's integration was granted. */
const grantedScopes = 'tweet.read tweet.write users.read offline.access';

function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

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
    scope: grantedScopes,
    refresh_token: tokens.refreshToken,
  });
}
