// What a person types to connect a real channel, as it crosses the contract. Secrets travel one
// way only (screen to core, into the OS keychain); no call ever returns one.
import { z } from 'zod';
import { listAddressProblem, unsubscribeUrlProblem } from './email-list';

const loopback = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

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
});
