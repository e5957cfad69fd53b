// The one contract between the renderer and the core: every call and every pushed event, each
// with zod schemas. Main and the browser-mode host validate inputs against it; the preload only
// forwards names listed here; the renderer imports its types only.
import { z } from 'zod';
import {
  filledTemplateSchema,
  statementIdSchema,
  statementVariantsSchema,
  statementVersionSchema,
  statementViewSchema,
  templateValuesSchema,
  templateViewSchema,
} from './contract-statements';
import { authorizeXSchema, connectChannelSchema, connectionTestSchema } from './contract-channels';
import {
  breakGlassAlertSchema,
  controlEvents,
  evidenceBundleSchema,
  freezeRecordSchema,
  freezeResultSchema,
  freezeScopeSchema,
  itemRefSchema,
  lockStepSchema,
  outboxRowSchema,
  retractRequestResultSchema,
  runbookSchema,
} from './contract-control';
import { maxDisplayNameLength, maxFreezeReasonLength, maxItemsPerColumn, maxPassphraseLength } from './rules';

export const roles = ['operator', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who may make a call: `public` needs no sign-in (status, sign-in itself). */
export type Access = 'public' | readonly Role[];

interface CallDef<I extends z.ZodType, O extends z.ZodType> {
  /** 'action' calls change something and are written to the audit log (allowed or refused). */
  readonly effect: 'read' | 'action';
  readonly input: I;
  readonly output: O;
  readonly access: Access;
  readonly summary: string;
}

function call<I extends z.ZodType, O extends z.ZodType>(def: CallDef<I, O>): CallDef<I, O> {
  return def;
}

/** Inputs are strict objects: an unknown key is a caller bug or a probe, never silently ignored. */
const noInput = z.strictObject({});

export const statusSchema = z.object({
  app: z.literal('control-room'),
  version: z.string(),
  mode: z.enum(['desktop', 'browser', 'cli']),
  dataDir: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  latestSchemaVersion: z.number().int().nonnegative(),
  runtime: z.object({ node: z.string(), electron: z.string().nullable() }),
  startedAt: z.string(),
});
export type Status = z.infer<typeof statusSchema>;

export const settingKeySchema = z.enum(['demo.enabled', 'monitor.pollIntervalMs', 'session.idleLockMinutes']);
export type SettingKey = z.infer<typeof settingKeySchema>;

export const externalLinkSchema = z.strictObject({ url: z.string().max(2048) });

const channelIdSchema = z.string().min(1).max(64).regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and dashes');

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
});
export type ChannelSummary = z.infer<typeof channelSummarySchema>;

export const signalSchema = z.object({ kind: z.string(), detail: z.string(), weight: z.number() });

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
});
export type FeedItem = z.infer<typeof feedItemSchema>;

export const accountViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type AccountViewData = z.infer<typeof accountViewSchema>;

export const sessionStateSchema = z.object({
  hasAccounts: z.boolean(),
  session: z.discriminatedUnion('state', [
    z.object({ state: z.literal('active'), account: accountViewSchema, freshUntil: z.string(), locksAt: z.string() }),
    z.object({ state: z.literal('locked'), account: accountViewSchema, reason: z.enum(['idle', 'manual']) }),
    z.object({ state: z.literal('signed-out') }),
  ]),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

// Bounded so a pasted novel cannot make scrypt (or the logs) do silly work.
const usernameInput = z.string().min(1).max(64);
const passphraseInput = z.string().min(1).max(maxPassphraseLength);
const displayNameInput = z.string().min(1).max(maxDisplayNameLength);

export const demoStatusSchema = z.object({
  enabled: z.boolean(),
  running: z.boolean(),
  replay: z.object({ running: z.boolean(), posted: z.number(), total: z.number(), speed: z.number() }),
});

const signedIn = ['operator', 'supervisor', 'admin'] as const;

export const calls = {
  'accounts.session': call({
    effect: 'read',
    input: noInput,
    output: sessionStateSchema,
    access: 'public',
    summary: 'Who is signed in on this window (or whether the first admin must be created).',
  }),
  'accounts.createFirstAdmin': call({
    effect: 'action',
    input: z.strictObject({ username: usernameInput, displayName: displayNameInput, passphrase: passphraseInput }),
    output: sessionStateSchema,
    access: 'public',
    summary: 'First start only: create the first admin and sign in as them.',
  }),
  'accounts.signIn': call({
    effect: 'action',
    input: z.strictObject({ username: usernameInput, passphrase: passphraseInput }),
    output: sessionStateSchema,
    access: 'public',
    summary: 'Sign in on this window.',
  }),
  'accounts.unlock': call({
    effect: 'action',
    input: z.strictObject({ passphrase: passphraseInput }),
    output: sessionStateSchema,
    access: 'public',
    summary: 'Unlock an idle-locked session with the passphrase.',
  }),
  'accounts.signOut': call({
    effect: 'action',
    input: noInput,
    output: sessionStateSchema,
    access: signedIn,
    summary: 'Sign out of this window.',
  }),
  'accounts.lockSession': call({
    effect: 'action',
    input: noInput,
    output: sessionStateSchema,
    access: signedIn,
    summary: 'Lock this window now (stepping away from the desk).',
  }),
  'accounts.activity': call({
    effect: 'read',
    input: noInput,
    output: sessionStateSchema,
    access: signedIn,
    summary: 'The person is at the desk (a key or pointer moved): keeps the session from the idle lock.',
  }),
  'accounts.reauthenticate': call({
    effect: 'read',
    input: z.strictObject({ passphrase: passphraseInput }),
    output: z.object({ freshUntil: z.string() }),
    access: signedIn,
    summary: 'Confirm the passphrase before a privileged action.',
  }),
  'accounts.list': call({
    effect: 'read',
    input: noInput,
    output: z.array(accountViewSchema),
    access: signedIn,
    summary: 'Every account (for approvals and the admin screen).',
  }),
  'accounts.create': call({
    effect: 'action',
    input: z.strictObject({ username: usernameInput, displayName: displayNameInput, role: z.enum(roles), passphrase: passphraseInput }),
    output: accountViewSchema,
    access: ['admin'],
    summary: 'Create an account.',
  }),
  'accounts.setRole': call({
    effect: 'action',
    input: z.strictObject({ accountId: z.string().min(1).max(64), role: z.enum(roles) }),
    output: accountViewSchema,
    access: ['admin'],
    summary: "Change an account's role.",
  }),
  'accounts.disable': call({
    effect: 'action',
    input: z.strictObject({ accountId: z.string().min(1).max(64) }),
    output: accountViewSchema,
    access: ['admin'],
    summary: 'Disable an account (its sessions end).',
  }),
  'accounts.enable': call({
    effect: 'action',
    input: z.strictObject({ accountId: z.string().min(1).max(64) }),
    output: accountViewSchema,
    access: ['admin'],
    summary: 'Enable a disabled account.',
  }),
  'app.status': call({
    effect: 'read',
    input: noInput,
    output: statusSchema,
    access: 'public',
    summary: 'Version, data directory and schema version of the running core.',
  }),
  'settings.get': call({
    effect: 'read',
    input: z.strictObject({ key: settingKeySchema }),
    output: z.object({ key: settingKeySchema, value: z.string().nullable() }),
    access: signedIn,
    summary: 'Read one setting.',
  }),
  'settings.set': call({
    effect: 'action',
    input: z.strictObject({ key: settingKeySchema, value: z.string().max(1000) }),
    output: z.object({ key: settingKeySchema, value: z.string() }),
    access: ['admin'],
    summary: 'Change one setting.',
  }),
  'links.open': call({
    effect: 'action',
    input: externalLinkSchema,
    output: z.object({ url: z.string(), host: z.string(), opened: z.boolean() }),
    access: 'public',
    summary:
      'Open a link outside the app if the https allow-list permits it. In browser mode the ' +
      'core cannot open windows, so it answers opened=false and the page opens the checked URL.',
  }),
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
    input: z.strictObject({ channel: connectChannelSchema }),
    output: channelSummarySchema,
    access: ['admin'],
    summary: 'Connect a real channel: secrets into the OS keychain, settings into the database, then read it.',
  }),
  'channels.authorizeX': call({
    effect: 'action',
    input: authorizeXSchema,
    output: channelSummarySchema,
    access: ['admin'],
    summary:
      'Connect an X account with OAuth 2.0 + PKCE: the X consent page opens in the system browser ' +
      '(the channels.authorize event carries its URL), the answer comes back to a loopback listener.',
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
  'statements.list': call({
    effect: 'read',
    input: z.strictObject({ status: z.enum(['draft', 'pending', 'approved', 'rejected', 'published']).optional() }),
    output: z.array(statementViewSchema),
    access: signedIn,
    summary: 'Statements, newest first (the approvals queue asks for status=pending).',
  }),
  'statements.get': call({
    effect: 'read',
    input: z.strictObject({ id: statementIdSchema }),
    output: z.object({ statement: statementViewSchema, versions: z.array(statementVersionSchema) }),
    access: signedIn,
    summary: 'One statement with every saved version (for the diff against the last approved one).',
  }),
  'statements.save': call({
    effect: 'action',
    input: z.strictObject({
      id: statementIdSchema.optional(),
      title: z.string().max(1_000),
      canonicalText: z.string().max(50_000),
      variants: statementVariantsSchema,
      baseVersion: z.number().int().positive().optional(),
    }),
    output: z.object({ statement: statementViewSchema, saved: z.boolean(), conflict: z.boolean() }),
    access: signedIn,
    summary: 'Autosave a draft: every change is a new version; an identical save is a no-op.',
  }),
  'statements.submit': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema }),
    output: statementViewSchema,
    access: signedIn,
    summary: 'Submit a draft for a second person to approve.',
  }),
  'statements.approve': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema, contentHash: z.string().max(100) }),
    output: statementViewSchema,
    access: ['supervisor', 'admin'],
    summary: 'Approve the exact content (by hash) of a statement someone else wrote.',
  }),
  'statements.reject': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema, comment: z.string().min(1).max(2_000) }),
    output: statementViewSchema,
    access: ['supervisor', 'admin'],
    summary: 'Send a statement back to its author with a comment.',
  }),
  'templates.list': call({
    effect: 'read',
    input: noInput,
    output: z.array(templateViewSchema),
    access: signedIn,
    summary: 'Holding statements and whether each is pre-approved.',
  }),
  'templates.fill': call({
    effect: 'read',
    input: z.strictObject({ id: statementIdSchema, values: templateValuesSchema }),
    output: filledTemplateSchema,
    access: signedIn,
    summary: 'A template with its placeholders filled, and the filled values shown before publishing.',
  }),
  'templates.propose': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema.optional(), name: z.string().min(1).max(200), title: z.string().max(1_000), variants: statementVariantsSchema }),
    output: templateViewSchema,
    access: ['supervisor', 'admin'],
    summary: 'Propose a holding statement (or a new version of one, which voids its pre-approval).',
  }),
  'templates.approve': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema, contentHash: z.string().max(100) }),
    output: templateViewSchema,
    access: ['supervisor', 'admin'],
    summary: 'Pre-approve a template someone else proposed.',
  }),
  'control.state': call({
    effect: 'read',
    input: noInput,
    output: z.object({ frozen: z.array(freezeRecordSchema).readonly() }),
    access: signedIn,
    summary: 'What is frozen, since when, by whom and why.',
  }),
  'control.freeze': call({
    effect: 'action',
    input: z.strictObject({ scope: freezeScopeSchema, reason: z.string().max(maxFreezeReasonLength) }),
    output: freezeResultSchema,
    access: signedIn,
    summary: 'Stop every send path (all or some channels) and quarantine what appears. One person, one click.',
  }),
  'control.unfreeze': call({
    effect: 'action',
    input: z.strictObject({ scope: freezeScopeSchema }),
    output: freezeResultSchema,
    access: ['supervisor', 'admin'],
    summary: 'Lift a freeze (supervisor, with a fresh passphrase).',
  }),
  'control.retract': call({
    effect: 'action',
    input: z.strictObject({ items: z.array(itemRefSchema).min(1).max(5_000) }),
    output: retractRequestResultSchema,
    access: ['supervisor', 'admin'],
    summary: 'Take selected items back: evidence first, then delete or unpublish; honest per-item results.',
  }),
  'control.retractUnverifiedSince': call({
    effect: 'action',
    input: z.strictObject({ since: z.iso.datetime({ offset: true }).max(40), channelIds: z.array(channelIdSchema).min(1).max(50) }),
    output: retractRequestResultSchema,
    access: ['supervisor', 'admin'],
    summary: 'Take back every unverified item since a time on the given channels.',
  }),
  'control.lockList': call({
    effect: 'read',
    input: z.strictObject({ channelIds: z.array(channelIdSchema).max(50).optional() }),
    output: z.array(runbookSchema),
    access: ['supervisor', 'admin'],
    summary: "Each channel's Lock runbook: what can be revoked upstream, and the steps already run.",
  }),
  'control.lock': call({
    effect: 'action',
    input: z.strictObject({ channelId: channelIdSchema, actionId: z.string().min(1).max(100), confirmed: z.literal(true) }),
    output: lockStepSchema,
    access: ['supervisor', 'admin'],
    summary: 'Run one confirmed Lock step (revoke application passwords, revoke a token) and record it.',
  }),
  'control.outbox': call({
    effect: 'read',
    input: z.strictObject({ statementId: z.string().max(100).optional() }),
    output: z.array(outboxRowSchema),
    access: signedIn,
    summary: 'Outbox rows (per-channel send status), newest first.',
  }),
  'statements.publish': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema, channelIds: z.array(channelIdSchema).min(1).max(50), throughFreeze: z.boolean().default(false) }),
    output: z.array(outboxRowSchema),
    access: ['supervisor', 'admin'],
    summary: 'Fan an approved statement out to the chosen channels at once (throughFreeze: send while they stay in quarantine).',
  }),
  'templates.breakGlass': call({
    effect: 'action',
    input: z.strictObject({
      id: statementIdSchema,
      reason: z.string().min(1).max(2_000),
      values: templateValuesSchema,
      channelIds: z.array(channelIdSchema).min(1).max(50),
      throughFreeze: z.boolean().default(false),
    }),
    output: z.array(outboxRowSchema),
    access: ['supervisor', 'admin'],
    summary: 'Crisis: one supervisor publishes a pre-approved holding statement now; everyone is alerted and it is flagged for review.',
  }),
  'evidence.export': call({
    effect: 'action',
    input: z.strictObject({ incidentId: z.number().int().positive().optional() }),
    output: evidenceBundleSchema,
    access: ['supervisor', 'admin'],
    summary: 'Export the incident bundle (evidence, audit entries, hashes, HTML report) into the data folder.',
  }),
  'incident.timeline': call({
    effect: 'read',
    input: z.strictObject({ incidentId: z.number().int().positive().optional() }),
    output: z.object({
      incidentId: z.number().nullable(),
      from: z.string(),
      to: z.string(),
      entries: z.array(z.object({ at: z.string(), what: z.string(), who: z.string(), detail: z.string() })),
    }),
    access: signedIn,
    summary: 'The incident as it happened: first unverified item, alert, freeze, each retraction, the statement.',
  }),
  'audit.list': call({
    effect: 'read',
    input: z.strictObject({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).default(200) }),
    output: z.array(
      z.object({ seq: z.number(), at: z.string(), actor: z.string(), role: z.string(), action: z.string(), target: z.string().nullable(), reason: z.string().nullable(), details: z.string(), hash: z.string() }),
    ),
    access: ['supervisor', 'admin'],
    summary: 'Audit log entries, newest first.',
  }),
  'audit.verify': call({
    effect: 'read',
    input: noInput,
    output: z.object({ ok: z.boolean(), lines: z.array(z.string()), firstBadSeq: z.number().nullable() }),
    access: ['supervisor', 'admin'],
    summary: 'Check every link of the audit hash chain and every signed checkpoint.',
  }),
  'feed.adopt': call({
    effect: 'action',
    input: z.strictObject({ channelId: channelIdSchema, itemId: z.string().min(1).max(200), reason: z.string().trim().min(3, 'say why it is legitimate').max(2_000) }),
    output: feedItemSchema,
    access: ['supervisor', 'admin'],
    summary: 'Vouch for an unverified item as a legitimate outside post (with a reason, audited).',
  }),
  'demo.status': call({
    effect: 'read',
    input: noInput,
    output: demoStatusSchema,
    access: 'public',
    summary: 'Whether the demo newsroom runs, and the incident replay progress.',
  }),
  'demo.replay': call({
    effect: 'action',
    input: z.strictObject({ speed: z.number().min(1).max(1000).optional() }),
    output: demoStatusSchema,
    access: signedIn,
    summary: 'Start the July 2019 incident replay on the demo newsroom.',
  }),
} as const;

export const events = {
  'app.heartbeat': z.object({ at: z.string() }),
  'settings.changed': z.object({ key: settingKeySchema, value: z.string() }),
  'feed.items': z.object({ channelId: z.string(), items: z.array(feedItemSchema) }),
  'feed.gone': z.object({ channelId: z.string(), itemIds: z.array(z.string()) }),
  'channels.report': channelSummarySchema,
  'demo.status': demoStatusSchema,
  'statements.changed': z.object({ id: z.string() }),
  /** opened: the desktop app already handed it to the OS browser; the screen opens it otherwise. */
  'channels.authorize': z.object({ url: z.string(), opened: z.boolean() }),
  'alert.breakGlass': breakGlassAlertSchema,
  ...controlEvents,
  'templates.changed': z.object({ id: z.string() }),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Electron IPC channel names, derived here so main and preload cannot drift apart. */
export const ipcChannel = (name: CallName): string => `cr:call:${name}`;
export const ipcEventChannel = 'cr:event';
