// The channels and feed namespaces of the contract: what a person types to connect a real channel,
// channel health, the items each column shows. Secrets travel one way only (screen to core, into
// the OS keychain); no call ever returns one.
import { z } from 'zod';
import { call, noInput, signedIn } from './contract-call';
import { listAddressProblem, unsubscribeUrlProblem } from './email-list';
import { maxItemsPerColumn } from './rules';

const loopback = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** A channel's id (`x-1a2b3c4d`, `demo-website`): the one rule the contract and the services check. */
export const channelIdPattern = /^[a-z0-9-]{1,64}$/;
export const channelIdSchema = z.string().min(1).max(64).regex(channelIdPattern, 'lowercase letters, digits and dashes');

/** https, or http on this machine only (test servers): a token must never cross a network in clear. */
export const serviceUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .superRefine((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid address: write it like https://news.example.org' });
      return;
    }
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password: use the fields for them' });
    else if (url.protocol === 'http:' && !loopback.test(url.hostname)) ctx.addIssue({ code: 'custom', message: 'must use https (http is only accepted for this computer, 127.0.0.1)' });
    else if (url.protocol !== 'https:' && url.protocol !== 'http:') ctx.addIssue({ code: 'custom', message: 'must start with https://' });
  });

const secret = z.string().trim().min(1, 'must not be empty').max(4096);
const host = z.string().trim().min(1, 'must not be empty').max(253).regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/, 'must be a host name like mail.example.org');
const port = z.number().int().min(1).max(65535);
const security = z.enum(['tls', 'starttls', 'none']);
const name = z.string().trim().min(1, 'must not be empty').max(80);

export const connectChannelSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('x'),
    name,
    apiBaseUrl: serviceUrlSchema.optional(),
    auth: z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('oauth1'), appKey: secret, appSecret: secret, accessToken: secret, accessSecret: secret }),
      z.strictObject({ type: z.literal('oauth2'), accessToken: secret, refreshToken: secret.optional(), clientId: secret.optional(), clientSecret: secret.optional() }),
    ]),
  }),
  z.strictObject({
    kind: z.literal('wordpress'),
    name,
    siteUrl: serviceUrlSchema,
    username: z.string().trim().min(1, 'must not be empty').max(60),
    applicationPassword: secret,
    integrationUserIds: z.array(z.number().int().positive()).max(20).optional(),
  }),
  z
    .strictObject({
      kind: z.literal('email'),
      name,
      smtp: z.strictObject({ host, port, security, user: z.string().trim().min(1).max(254), password: secret }),
      canary: z.strictObject({
        host,
        port,
        security,
        user: z.string().trim().min(1).max(254),
        password: secret,
        /** The canary's address among the subscribers, when its login is not that address. */
        address: z.email().max(254).optional(),
      }),
      from: z.email().max(254),
      /** The subscribers: envelope recipients only, never shown to one another. */
      to: z.array(z.email().max(254)).min(1, 'add at least one subscriber').max(2000, 'at most 2,000 subscribers'),
      /** Shown in To: of every copy; default the From address. */
      listAddress: z.email().max(254).optional(),
      /** Where unsubscribe requests are mailed; default the list address. */
      unsubscribeMailto: z.email().max(254).optional(),
      /** One-click unsubscribe (RFC 8058): https with {recipient}; each subscriber then gets a copy of their own. */
      unsubscribeUrl: z
        .string()
        .trim()
        .max(2048)
        .optional()
        .superRefine((url, ctx) => {
          const problem = url === undefined ? null : unsubscribeUrlProblem(url);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    })
    .superRefine((input, ctx) => {
      const problem = listAddressProblem(input.listAddress ?? input.from, input.to);
      if (problem) ctx.addIssue({ code: 'custom', path: [input.listAddress ? 'listAddress' : 'from'], message: problem });
    }),
  z.strictObject({ kind: z.literal('rss'), name, url: serviceUrlSchema }),
  z.strictObject({
    kind: z.literal('mastodon'),
    name,
    /** The instance's address, e.g. https://mastodon.social. */
    instanceUrl: serviceUrlSchema,
    /** From Preferences → Development → the application: scopes "read write" only. */
    accessToken: secret,
    /** The application's client key and secret: optional, Lock needs them to revoke the token. */
    clientId: secret.optional(),
    clientSecret: secret.optional(),
  }),
  z.strictObject({
    kind: z.literal('bluesky'),
    name,
    /** The account's handle (with or without the @) or its DID. */
    handle: z
      .string()
      .trim()
      .max(254, 'must be a handle like press.example.org')
      .transform((h) => h.replace(/^@/, ''))
      .pipe(z.string().min(3, 'must be a handle like press.example.org').max(253).regex(/^(did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+)$/, 'must be a handle like press.example.org (no spaces)')),
    /** An app password, never the main password (the adapter refuses a main-password session). */
    appPassword: secret,
    /** The account's PDS; default https://bsky.social. */
    pdsUrl: serviceUrlSchema.optional(),
  }),
]);
export type ConnectChannelInput = z.infer<typeof connectChannelSchema>;

export const connectionTestSchema = z.object({
  ok: z.boolean(),
  outcome: z.enum(['ok', 'wrong-credentials', 'unreachable', 'tls', 'rate-limited', 'bad-response', 'rejected']),
  message: z.string(),
});
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

export const authorizeXSchema = z.strictObject({
  name,
  clientId: secret,
  clientSecret: secret.optional(),
  apiBaseUrl: serviceUrlSchema.optional(),
  authorizeBaseUrl: serviceUrlSchema.optional(),
  /** Team mode: connect this existing channel on this desk, with this desk's own authorisation. */
  channelId: channelIdSchema.optional(),
});

/** Mastodon through the instance's consent page: the app registers itself, scopes "read write" only. */
export const authorizeMastodonSchema = z.strictObject({ name, instanceUrl: serviceUrlSchema, channelId: channelIdSchema.optional() });

export const channelHealthSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok') }),
  z.object({ state: z.literal('degraded'), why: z.string() }),
  z.object({ state: z.literal('rate-limited'), until: z.string() }),
  z.object({ state: z.literal('auth-revoked'), why: z.string() }),
  z.object({ state: z.literal('offline'), why: z.string() }),
]);

export const rateBudgetSchema = z.object({
  endpoint: z.enum(['read', 'publish', 'retract']),
  limit: z.number(),
  remaining: z.number(),
  resetAt: z.string(),
});

export const channelSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(['x', 'wordpress', 'email', 'rss', 'bluesky', 'mastodon']),
  name: z.string(),
  demo: z.boolean(),
  health: channelHealthSchema,
  lastReadAt: z.string().nullable(),
  budgets: z.array(rateBudgetSchema),
  /** Email: the From and To every copy carries (the list address, never a subscriber), for the composer's preview. */
  addressing: z.object({ from: z.string(), to: z.string() }).optional(),
});
export type ChannelSummary = z.infer<typeof channelSummarySchema>;

/** Team mode: a credential this desk held for the channel before reconnecting, and whether it was revoked. */
export const earlierCredentialSchema = z.object({
  credentialId: z.number(),
  /** What it is, e.g. 'application password "Control Room – Desk A (…)"'; never the secret. */
  credential: z.string(),
  /** False: it is still live at the service (and Lock lists it). */
  revoked: z.boolean(),
  detail: z.string(),
});
export type EarlierCredential = z.infer<typeof earlierCredentialSchema>;

/** What connecting answers: the channel, and (team mode) what became of this desk's earlier credentials for it. */
export const connectedChannelSchema = channelSummarySchema.extend({ earlierCredentials: z.array(earlierCredentialSchema) });
export type ConnectedChannelSummary = z.infer<typeof connectedChannelSchema>;

export const signalSchema = z.object({ kind: z.string(), detail: z.string(), weight: z.number() });

/**
 * One image of an item as the columns show it: 'shown' has a sha256 for media.image; 'withheld'
 * (hostile or unreadable: SVG, a decompression bomb, too large) and 'pending' (not fetched) say why.
 */
export const feedMediaSchema = z.object({
  ref: z.string(),
  state: z.enum(['shown', 'withheld', 'pending']),
  sha256: z.string().nullable(),
  reason: z.string().nullable(),
  alt: z.string().nullable(),
});
export type FeedMedia = z.infer<typeof feedMediaSchema>;

/** An item as the columns show it: text only; HTML and the raw payload are fetched on request. */
export const feedItemSchema = z.object({
  channelId: z.string(),
  itemId: z.string(),
  firstSeenAt: z.string(),
  publishedAt: z.string().nullable(),
  text: z.string(),
  url: z.string().nullable(),
  hasHtml: z.boolean(),
  provenance: z.enum(['verified', 'adopted', 'unverified']),
  matchedBy: z.enum(['item-id', 'adoption', 'content-hash']).nullable(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).nullable(),
  signals: z.array(signalSchema),
  status: z.enum(['live', 'gone', 'retracting', 'retracted', 'impossible', 'failed']),
  statusDetail: z.string().nullable(),
  media: z.array(feedMediaSchema),
});
export type FeedItem = z.infer<typeof feedItemSchema>;

export const channelsCalls = {
  'channels.list': call({
    effect: 'read',
    input: noInput,
    output: z.array(channelSummarySchema),
    access: signedIn,
    summary: 'Every connected channel with its health, last read and rate-limit budget.',
  }),
  'channels.test': call({
    effect: 'read',
    input: z.strictObject({ channel: connectChannelSchema }),
    output: connectionTestSchema,
    access: ['admin'],
    summary: 'Test a channel connection with what was typed: a real read, nothing saved.',
  }),
  'channels.connect': call({
    effect: 'action',
    // channelId: connect a channel another desk already shares on this desk too (its own credential where the channel has one).
    input: z.strictObject({ channel: connectChannelSchema, channelId: channelIdSchema.optional() }),
    output: connectedChannelSchema,
    access: ['admin'],
    summary: "Connect a real channel (or, with channelId, a shared one on this desk): secrets into this desk's OS keychain, settings into the database, then read it.",
  }),
  'channels.authorizeX': call({
    effect: 'action',
    input: authorizeXSchema,
    output: connectedChannelSchema,
    access: ['admin'],
    summary:
      'Connect an X account with OAuth 2.0 + PKCE: the X consent page opens in the system browser ' +
      '(the channels.authorize event carries its URL), the answer comes back to a loopback listener.',
  }),
  'channels.authorizeMastodon': call({
    effect: 'action',
    input: authorizeMastodonSchema,
    output: connectedChannelSchema,
    access: ['admin'],
    summary:
      'Connect a Mastodon account with OAuth 2.0 + PKCE: Control Room registers itself on the instance ' +
      '(scopes "read write" only), the consent page opens as for X, the token goes to the keychain.',
  }),
  'channels.rotateSecret': call({
    effect: 'action',
    input: z.strictObject({
      id: channelIdSchema,
      name: z.enum(['app-key', 'app-secret', 'access-token', 'access-secret', 'refresh-token', 'client-secret', 'application-password', 'smtp-password', 'canary-password']),
      secret: z.string().trim().min(1, 'must not be empty').max(4096),
    }),
    output: connectionTestSchema,
    access: ['admin'],
    summary: "Replace one of a channel's secrets (after a Lock step, say): tested with a real read first, the old one removed from the keychain.",
  }),
  'channels.remove': call({
    effect: 'action',
    input: z.strictObject({ id: channelIdSchema }),
    output: z.object({ removed: z.string() }),
    access: ['admin'],
    summary: 'Disconnect a channel and delete its secrets from the keychain.',
  }),
  'feed.list': call({
    effect: 'read',
    input: z.strictObject({ channelId: channelIdSchema, limit: z.number().int().min(1).max(maxItemsPerColumn).default(500) }),
    output: z.array(feedItemSchema),
    access: signedIn,
    summary: "A channel's observed items, newest first.",
  }),
  'feed.item': call({
    effect: 'read',
    input: z.strictObject({ channelId: channelIdSchema, itemId: z.string().min(1).max(200) }),
    output: z.object({ item: feedItemSchema, html: z.string().nullable(), raw: z.string() }),
    access: signedIn,
    summary: 'One item with its HTML (shown only in a sandboxed frame) and its raw payload as received.',
  }),
  'feed.adopt': call({
    effect: 'action',
    input: z.strictObject({ channelId: channelIdSchema, itemId: z.string().min(1).max(200), reason: z.string().trim().min(3, 'say why it is legitimate').max(2_000) }),
    output: feedItemSchema,
    access: ['supervisor', 'admin'],
    summary: 'Vouch for an unverified item as a legitimate outside post (with a reason, audited).',
  }),
} as const;
