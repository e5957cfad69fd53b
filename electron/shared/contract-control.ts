// The control, evidence and incident namespaces of the contract, and the progress the control
// services push to the UI (event name -> payload); the services emit through a ControlEventSink.
import { z } from 'zod';
import { allChannels } from './all-channels';
import { call, noInput, signedIn } from './contract-call';
import { channelIdSchema } from './contract-channels';
import { maxFreezeReasonLength } from './rules';

const freezeView = z.object({
  /** A channel id, or allChannels ('*') for every channel. */
  scope: z.string(),
  frozenBy: z.string(),
  frozenRole: z.string(),
  frozenAt: z.string(),
  reason: z.string(),
  incidentId: z.number().nullable(),
});

export const outboxStates = ['queued', 'scheduled', 'held', 'sending', 'sent', 'unknown', 'settling', 'retrying', 'rate-limited', 'failed', 'cancelled'] as const;
export type OutboxProgressState = (typeof outboxStates)[number];

/**
 * Why a queued send is not going out now. Behaviour reads this; the held reason beside it is text
 * for people (core/outbox/held.ts writes both) and may be reworded freely.
 */
export const heldByValues = ['freeze', 'schedule', 'rate-limit', 'network', 'not-connected', 'resend', 'stale-approval'] as const;
export type HeldBy = (typeof heldByValues)[number];

export const retractionStates = ['queued', 'waiting', 'retracting', 'retracted', 'already-gone', 'impossible', 'failed'] as const;
export type RetractionProgressState = (typeof retractionStates)[number];

export const controlEvents = {
  /** After every freeze or unfreeze: the whole frozen set, so a late listener needs nothing else. */
  'control.freezeChanged': z.object({
    frozen: z.array(freezeView),
    changedBy: z.string(),
    at: z.string(),
    /** Queued rows now held by the freeze. */
    heldRows: z.number().int(),
    /** Sends already past the gate when the freeze committed (they finish; their items are ours). */
    inFlight: z.number().int(),
  }),
  'outbox.progress': z.object({
    rowId: z.number().int(),
    statementId: z.string(),
    channelId: z.string(),
    state: z.enum(outboxStates),
    attempt: z.number().int(),
    /** What holds it (freeze, schedule, rate limit, network...), or null when nothing does. */
    heldBy: z.enum(heldByValues).nullable(),
    /** The same, said for people. */
    heldReason: z.string().nullable(),
    /** When it will be tried next, if it waits. */
    notBefore: z.string().nullable(),
    itemId: z.string().nullable(),
    url: z.string().nullable(),
    error: z.string().nullable(),
    at: z.string(),
  }),
  /**
   * The statements whose sends wait for a supervisor's confirmation (their approval ran out while
   * they waited), the whole set after every change: every signed-in screen shows it.
   */
  'outbox.awaitingConfirmation': z.object({ statementIds: z.array(z.string()), at: z.string() }),
  'retraction.progress': z.object({
    retractionId: z.number().int(),
    channelId: z.string(),
    itemId: z.string(),
    origin: z.enum(['manual', 'since', 'quarantine']),
    state: z.enum(retractionStates),
    detail: z.string().nullable(),
    /** Email: nothing can be taken back; a correction bulletin can be drafted (normal approval). */
    correctionOffered: z.boolean(),
    /** When this channel's whole queue is expected to be done, on its rate-limit schedule. */
    eta: z.string().nullable(),
    /** Jobs still waiting on this channel after this one. */
    pending: z.number().int(),
    at: z.string(),
  }),
  'quarantine.captured': z.object({
    channelId: z.string(),
    itemId: z.string(),
    evidenceId: z.number().int(),
    retractionId: z.number().int(),
    at: z.string(),
  }),
  'lock.stepRecorded': z.object({
    channelId: z.string(),
    actionId: z.string(),
    label: z.string(),
    outcome: z.enum(['done', 'manual', 'failed']),
    detail: z.string(),
    runBy: z.string(),
    at: z.string(),
    stepId: z.number(),
    /** The desk it ran on (team mode); null on a single desk's older steps. */
    deskId: z.string().nullable(),
  }),
} as const;


const channelRef = channelIdSchema;
export const freezeScopeSchema = z.union([z.literal(allChannels), z.array(channelRef).min(1).max(50)]);
export const freezeRecordSchema = freezeView;

export const freezeResultSchema = z.object({
  frozen: z.array(freezeView).readonly(),
  heldRows: z.number(),
  inFlight: z.number(),
  incidentId: z.number().nullable(),
  elapsedMs: z.number(),
});

export const retractRequestResultSchema = z.object({
  jobs: z.array(z.object({ retractionId: z.number(), channelId: z.string(), itemId: z.string(), evidenceId: z.number() })).readonly(),
  refused: z.array(z.object({ channelId: z.string(), itemId: z.string(), why: z.string() })).readonly(),
  eta: z.record(z.string(), z.string().nullable()),
});

export const itemRefSchema = z.strictObject({ channelId: channelRef, itemId: z.string().min(1).max(200) });

export const outboxRowSchema = z.object({
  id: z.number(),
  statementId: z.string(),
  channelId: z.string(),
  status: z.string(),
  attempts: z.number(),
  notBefore: z.string().nullable(),
  itemId: z.string().nullable(),
  url: z.string().nullable(),
  sentAt: z.string().nullable(),
  heldBy: z.enum(heldByValues).nullable(),
  heldReason: z.string().nullable(),
  lastError: z.string().nullable(),
  /** After this instant the approval (or break-glass authorisation) behind the row has run out. */
  approvedUntil: z.string().nullable(),
  /** Set when a break-glass authorisation sent it. */
  breakGlassId: z.string().nullable(),
  /** The supervisor who confirmed a send whose approval had run out, and when. */
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  /** The supervisor who cancelled it before it went out, and when. */
  cancelledBy: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});

/** A statement whose queued sends wait for a supervisor's confirmation. */
export const awaitingConfirmationSchema = z.object({
  statementId: z.string(),
  title: z.string(),
  channelIds: z.array(z.string()).readonly(),
  /** When its approval ran out. */
  approvedUntil: z.string(),
  /** Since when it has been held. */
  heldSince: z.string(),
});

export const lockStepSchema = z.object({
  id: z.number(),
  channelId: z.string(),
  actionId: z.string(),
  label: z.string(),
  runBy: z.string(),
  runAt: z.string(),
  outcome: z.enum(['done', 'manual', 'failed']),
  detail: z.string(),
  /** The desk the step ran on; null for steps recorded before team mode. */
  deskId: z.string().nullable(),
});

/** One desk's own credential for a channel, as a Lock step (team mode). */
export const deskCredentialStepSchema = z.object({
  credentialId: z.number(),
  deskId: z.string(),
  deskName: z.string(),
  self: z.boolean(),
  online: z.boolean(),
  kind: z.enum(['wordpress-application-password', 'x-oauth2', 'mastodon-oauth', 'shared']),
  credential: z.string(),
  revokedAt: z.string().nullable(),
  /** here: this desk's own; ask: the holding desk is online; from-here: it is offline and WordPress lets this desk revoke it. */
  how: z.enum(['here', 'ask', 'from-here', 'manual', 'revoked']),
  actionId: z.string().nullable(),
  label: z.string(),
  effect: z.string(),
});

export const runbookSchema = z.object({
  channelId: z.string(),
  actions: z.array(z.object({ id: z.string(), label: z.string(), effect: z.string() })).readonly(),
  error: z.string().nullable(),
  steps: z.array(lockStepSchema).readonly(),
  desks: z.array(deskCredentialStepSchema).readonly(),
});

export const evidenceBundleSchema = z.object({
  dir: z.string(),
  from: z.string(),
  to: z.string(),
  incidentId: z.number().nullable(),
  files: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number() })).readonly(),
  manifestSha256: z.string(),
  evidenceCount: z.number(),
});

/** Break-glass: every signed-in person is told at once. */
export const breakGlassAlertSchema = z.object({
  templateId: z.string(),
  supervisor: z.string(),
  reason: z.string(),
  expiresAt: z.string(),
  at: z.string(),
});

export const controlCalls = {
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
  'control.lockEveryDesk': call({
    effect: 'action',
    input: z.strictObject({ channelIds: z.array(channelIdSchema).max(50).optional(), confirmed: z.literal(true) }),
    output: z.array(lockStepSchema),
    access: ['supervisor', 'admin'],
    summary: "Team mode: every desk revokes its own credential (this desk's here, each online desk's when asked); each step recorded with its desk.",
  }),
  'control.outbox': call({
    effect: 'read',
    input: z.strictObject({ statementId: z.string().max(100).optional() }),
    output: z.array(outboxRowSchema),
    access: signedIn,
    summary: 'Outbox rows (per-channel send status), newest first.',
  }),
  'control.awaitingConfirmation': call({
    effect: 'read',
    input: noInput,
    output: z.array(awaitingConfirmationSchema),
    access: signedIn,
    summary: 'Queued statements whose approval ran out while they waited: a supervisor confirms or cancels each.',
  }),
  'control.confirmSend': call({
    effect: 'action',
    input: z.strictObject({ id: z.string().min(1).max(100) }),
    output: z.array(outboxRowSchema),
    access: ['supervisor', 'admin'],
    summary: 'Send a held statement whose approval ran out while it waited (supervisor, fresh passphrase); it gets a fresh approval window.',
  }),
  'control.cancelSend': call({
    effect: 'action',
    input: z.strictObject({ id: z.string().min(1).max(100) }),
    output: z.array(outboxRowSchema),
    access: ['supervisor', 'admin'],
    summary: 'Cancel what of a statement has not gone out yet (scheduled, queued or held); what was sent stays sent.',
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
} as const;
