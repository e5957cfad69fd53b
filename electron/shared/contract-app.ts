// The app-wide namespaces of the contract: app (status), settings, links, audit (the signed log)
// and demo (the demo newsroom's status and incident replay, when one is composed in).
import { z } from 'zod';
import { call, noInput, signedIn } from './contract-call';

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
