// The app-wide namespaces of the contract: app (status), settings, links, audit (the signed log)
// and demo (the demo newsroom's status and incident replay, when one is composed in).
import { z } from 'zod';
import { call, noInput, signedIn } from './contract-call';
import {
  baselineProblem,
  checkAbusiveWord,
  checkDomain,
  checkTimeZone,
  maxAbusiveWords,
  maxDomainInputLength,
  maxOwnDomains,
  maxTimeZoneInputLength,
  officeHoursProblems,
  type Checked,
} from './rules';

export const statusSchema = z.object({
  app: z.literal('control-room'),
  version: z.string(),
  mode: z.enum(['desktop', 'browser', 'cli']),
  dataDir: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  latestSchemaVersion: z.number().int().nonnegative(),
  /** Where the shared state lives: the SQLite file, or the PostgreSQL role@host:port/database (never a password). */
  backend: z.object({ kind: z.enum(['sqlite', 'postgres']), where: z.string() }),
  /** This core's entry in the desks registry. */
  desk: z.object({ id: z.string(), name: z.string() }),
  runtime: z.object({ node: z.string(), electron: z.string().nullable() }),
  startedAt: z.string(),
});
export type Status = z.infer<typeof statusSchema>;

/** One desk of the registry as Settings -> Desks shows it; online = seen within the last 30 s. */
export const deskViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  appVersion: z.string(),
  startedAt: z.string(),
  lastSeenAt: z.string(),
  online: z.boolean(),
  /** This desk (the one answering). */
  self: z.boolean(),
  /** The full fingerprint of the desk's audit key as the registry holds it (null before its keychain was read). */
  keyFingerprint: z.string().nullable(),
  /** Whether the answering desk trusts that key (team mode; null on SQLite). */
  keyTrust: z.enum(['this desk', 'pinned', 'not yet trusted', 'key differs from pin', 'pins unreadable', 'no key']).nullable(),
});
export type DeskView = z.infer<typeof deskViewSchema>;

/**
 * Team mode: which desk holds each channel's reader lease (reads it for the bureau); null when no
 * desk's lease is running (nobody reads the channel). On SQLite `team` is false and `channels` empty.
 */
export const channelReadersSchema = z.object({
  team: z.boolean(),
  channels: z.array(
    z.object({
      channelId: z.string(),
      reader: z.object({ deskId: z.string(), deskName: z.string(), self: z.boolean() }).nullable(),
    }),
  ),
});
export type ChannelReaders = z.infer<typeof channelReadersSchema>;
/** Whether this desk reaches its shared database (team mode); on SQLite always reachable. */
export const databaseReachabilitySchema = z.object({
  /** Team mode (PostgreSQL): other desks share the database. */
  shared: z.boolean(),
  reachable: z.boolean(),
  /** When this desk lost the database (null while reachable). */
  since: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Drafts saved on this desk that wait for the database. */
  pendingDrafts: z.number().int().nonnegative(),
  /** The last sync stopped on a draft the shared store refused (kept on this desk): why. */
  syncProblem: z.string().nullable(),
});

/** A draft saved offline whose statement changed meanwhile: kept as a new draft beside it. */
export const offlineDraftNoticeSchema = z.object({
  id: z.number().int(),
  statementId: z.string(),
  copyId: z.string(),
  title: z.string(),
  reason: z.string(),
  at: z.string(),
});

export const databaseHealthSchema = databaseReachabilitySchema.extend({
  /** The signed-in person's offline drafts kept beside a statement that changed (none when signed out). */
  notices: z.array(offlineDraftNoticeSchema),
});
export type DatabaseHealthView = z.infer<typeof databaseHealthSchema>;

export const settingKeySchema = z.enum(['demo.enabled', 'monitor.pollIntervalMs', 'session.idleLockMinutes']);
export type SettingKey = z.infer<typeof settingKeySchema>;

/** The anomaly settings as the core applies them (defaults filled in) and the admin screen shows them. */
export const anomalySettingsSchema = z.object({
  officeHours: z.object({ start: z.number(), end: z.number(), timeZone: z.string() }),
  ownDomains: z.array(z.string()),
  baselinePerHour: z.number(),
  abusiveWords: z.array(z.string()),
  /** The built-in lexicon, the list's default: a removed built-in word comes back by adding it again. */
  builtInAbusiveWords: z.array(z.string()),
});
export type AnomalySettings = z.infer<typeof anomalySettingsSchema>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A string field checked (and normalised) by a shared rule; the rule's words become the field's error. */
const checkedString = <T>(max: number, check: (s: string) => Checked<T>) =>
  z
    .string()
    .max(max)
    .transform((s, ctx) => {
      const r = check(s);
      if (r.ok) return r.value;
      ctx.addIssue({ code: 'custom', message: r.problem });
      return z.NEVER;
    });

const officeHoursInput = z
  .strictObject({ start: z.number(), end: z.number(), timeZone: checkedString(maxTimeZoneInputLength, checkTimeZone) })
  .superRefine(
    (v, ctx) => {
      for (const [field, message] of Object.entries(officeHoursProblems(v.start, v.end))) ctx.addIssue({ code: 'custom', path: [field], message });
    },
    // Checked even when the time zone is refused too, so every problem is shown at once.
    { when: ({ value }) => isRecord(value) && typeof value['start'] === 'number' && typeof value['end'] === 'number' },
  );

export const anomalySettingsInputSchema = z
  .strictObject({
    officeHours: officeHoursInput.optional(),
    ownDomains: z
      .array(checkedString(maxDomainInputLength, checkDomain))
      .max(maxOwnDomains, `List at most ${maxOwnDomains} domains (subdomains are covered by their domain).`)
      .transform((domains) => [...new Set(domains)])
      .optional(),
    baselinePerHour: z
      .number()
      .superRefine((n, ctx) => {
        const problem = baselineProblem(n);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Change at least one setting.');

const abusiveWordInput = z.strictObject({ word: checkedString(200, checkAbusiveWord) });

export const externalLinkSchema = z.strictObject({ url: z.string().max(2048) });

export const demoStatusSchema = z.object({
  enabled: z.boolean(),
  running: z.boolean(),
  replay: z.object({ running: z.boolean(), posted: z.number(), total: z.number(), speed: z.number() }),
});
export type DemoStatus = z.infer<typeof demoStatusSchema>;

export const appCalls = {
  'app.status': call({
    effect: 'read',
    input: noInput,
    output: statusSchema,
    access: 'public',
    summary: 'Version, data directory and schema version of the running core.',
  }),
  'desks.list': call({
    effect: 'read',
    input: noInput,
    output: z.array(deskViewSchema),
    access: signedIn,
    summary: 'Every desk (running Control Room) on this database: name, host, version, last seen, online (seen within 30 s).',
  }),
  'desks.readers': call({
    effect: 'read',
    input: noInput,
    output: channelReadersSchema,
    access: signedIn,
    summary: 'Team mode: which desk reads each channel (holds its reader lease), or none.',
  }),
  'desks.databaseHealth': call({
    effect: 'read',
    input: noInput,
    output: databaseHealthSchema,
    // Public: the sign-in screen says why signing in cannot work while the database is gone.
    access: 'public',
    summary: "Whether this desk reaches the shared database, since when not, its drafts waiting to sync, and the person's offline drafts kept beside a changed statement.",
  }),
  'desks.dismissOfflineDraftNotice': call({
    effect: 'action',
    input: z.strictObject({ id: z.number().int().positive() }),
    output: z.object({ dismissed: z.literal(true) }),
    access: signedIn,
    summary: 'The person has read that an offline draft was kept beside a statement that changed.',
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
  'settings.anomaly': call({
    effect: 'read',
    input: noInput,
    output: anomalySettingsSchema,
    access: ['admin'],
    summary: 'The anomaly settings: office hours and time zone, own domains, burst baseline, abusive-language list.',
  }),
  'settings.setAnomaly': call({
    effect: 'action',
    input: anomalySettingsInputSchema,
    output: anomalySettingsSchema,
    access: ['admin'],
    summary: 'Change office hours, own domains or the burst baseline; the next item read is scored with them.',
  }),
  'settings.addAbusiveWord': call({
    effect: 'action',
    input: abusiveWordInput,
    output: anomalySettingsSchema,
    access: ['admin'],
    summary: `Add a word to the abusive-language list (at most ${maxAbusiveWords}).`,
  }),
  'settings.removeAbusiveWord': call({
    effect: 'action',
    input: abusiveWordInput,
    output: anomalySettingsSchema,
    access: ['admin'],
    summary: 'Remove a word from the abusive-language list.',
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
