// The one contract between the renderer and the core: every call and every pushed event, each
// with zod schemas. Main and the browser-mode host validate inputs against it; the preload only
// forwards names listed here; the renderer imports its types only. The calls are declared by
// namespace in contract-<area>.ts; this file is the one entry point.
import { z } from 'zod';
import { accountsCalls } from './contract-accounts';
import { anomalySettingsSchema, appCalls, databaseReachabilitySchema, demoStatusSchema, settingKeySchema } from './contract-app';
import { channelsCalls, channelSummarySchema, feedItemSchema } from './contract-channels';
import { breakGlassAlertSchema, controlCalls, controlEvents } from './contract-control';
import { mediaCalls } from './contract-media';
import { statementsCalls } from './contract-statements';

export { roles, type Access, type Role } from './contract-call';
export { accountViewSchema, sessionStateSchema, type AccountViewData, type SessionState } from './contract-accounts';
export {
  anomalySettingsSchema,
  channelReadersSchema,
  databaseHealthSchema,
  demoStatusSchema,
  deskViewSchema,
  externalLinkSchema,
  settingKeySchema,
  statusSchema,
  type AnomalySettings,
  type ChannelReaders,
  type DatabaseHealthView,
  type DemoStatus,
  type DeskView,
  type SettingKey,
  type Status,
} from './contract-app';
export { addedImageSchema, statementImageSchema, type AddedImageData } from './contract-media';
export { channelHealthSchema, channelSummarySchema, feedItemSchema, feedMediaSchema, type FeedMedia, rateBudgetSchema, signalSchema, type ChannelSummary, type FeedItem } from './contract-channels';

export const calls = {
  ...accountsCalls,
  ...appCalls,
  ...channelsCalls,
  ...statementsCalls,
  ...controlCalls,
  ...mediaCalls,
} as const;

export const events = {
  'app.heartbeat': z.object({ at: z.string() }),
  /** This desk lost or regained its shared database (team mode); its offline drafts waiting. */
  'desks.databaseHealth': databaseReachabilitySchema,
  'settings.changed': z.object({ key: settingKeySchema, value: z.string() }),
  'settings.anomalyChanged': anomalySettingsSchema,
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
  /** A break-glass use was reviewed (id: the authorisation). */
  'templates.breakGlassReviewed': z.object({ id: z.string(), reviewerId: z.string(), at: z.string() }),
  /** Team mode: this desk started (reading: true) or stopped reading a channel (its reader lease). */
  'desks.readerChanged': z.object({ channelId: z.string(), reading: z.boolean() }),
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
