// Contract handlers for the buttons a supervisor presses at 11 pm: freeze, unfreeze, retract,
// Lock, publish (approved statements and break-glass holding statements) and evidence export.
import { join } from 'node:path';
import type { ChannelKind, Variant } from '../../channels/types';
import { AppError } from '../../shared/result';
import type { ChannelService } from '../channels/channel-service';
import type { ControlService } from '../control/control-service';
import type { Actor } from '../control/types';
import type { CallContext, Handlers } from '../dispatch';
import type { EventBus } from '../event-bus';
import type { StatementsService } from '../statements/statements-service';
import type { TemplatesService } from '../statements/templates-service';
import type { StatementVariants } from '../statements/types';
import type { Clock } from '../clock';
import type { OutboxRow } from '../../store/records';

type ControlHandlers = Pick<
  Handlers,
  | 'control.state'
  | 'control.freeze'
  | 'control.unfreeze'
  | 'control.retract'
  | 'control.retractUnverifiedSince'
  | 'control.lockList'
  | 'control.lock'
  | 'control.outbox'
  | 'statements.publish'
  | 'templates.breakGlass'
  | 'evidence.export'
  | 'incident.timeline'
>;

export interface ControlHandlerDeps {
  readonly control: ControlService;
  readonly channels: ChannelService;
  readonly statements: StatementsService;
  readonly templates: TemplatesService;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly dataDir: string;
}

export function actorFrom(ctx: CallContext): Actor {
  if (!ctx.principal) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return { id: ctx.principal.id, role: ctx.principal.role };
}

/** Which part of a statement goes to which kind of channel. */
export function variantFor(kind: ChannelKind, v: StatementVariants): Variant | null {
  switch (kind) {
    case 'x':
      return v.x ? { title: null, text: v.x.text, html: null } : null;
    case 'bluesky':
      return v.bluesky ? { title: null, text: v.bluesky.text, html: null } : null;
    case 'mastodon':
      return v.mastodon ? { title: null, text: v.mastodon.text, html: null } : null;
    case 'wordpress':
      return v.website ? { title: v.website.title, text: '', html: v.website.html } : null;
    case 'email':
      return v.email ? { title: v.email.subject, text: v.email.text, html: v.email.html || null } : null;
    case 'rss':
      return null;
  }
}

const variantLabel: Record<ChannelKind, string> = { x: 'X', bluesky: 'Bluesky', mastodon: 'Mastodon', wordpress: 'website', email: 'email', rss: 'feed' };

function variantsByChannel(channels: ChannelService, channelIds: readonly string[], variants: StatementVariants): Record<string, Variant> {
  const out: Record<string, Variant> = {};
  for (const id of channelIds) {
    const c = channels.adapter(id);
    if (!c.adapter.capabilities.publish) throw new AppError('BAD_INPUT', `${c.name} is read-only: untick it.`);
    const v = variantFor(c.kind, variants);
    if (!v) throw new AppError('BAD_INPUT', `The statement has no ${variantLabel[c.kind]} version for ${c.name}: add one in the composer, or untick that channel.`);
    out[id] = v;
  }
  return out;
}

const newestFirst = (rows: OutboxRow[]): OutboxRow[] => [...rows].sort((a, b) => b.id - a.id);

export function controlHandlers(d: ControlHandlerDeps): ControlHandlers {
  return {
    'control.state': () => ({ frozen: d.control.freezeState() }),
    'control.freeze': ({ scope, reason }, ctx) => d.control.freeze({ scope, reason, actor: actorFrom(ctx) }),
    'control.unfreeze': ({ scope }, ctx) => d.control.unfreeze({ scope, actor: actorFrom(ctx) }),
    'control.retract': ({ items }, ctx) => d.control.retract(items, actorFrom(ctx)),
    'control.retractUnverifiedSince': ({ since, channelIds }, ctx) => d.control.retractUnverifiedSince(new Date(since).toISOString(), channelIds, actorFrom(ctx)),
    'control.lockList': ({ channelIds }) => d.control.lock.list(channelIds),
    'control.lock': ({ channelId, actionId, confirmed }, ctx) => d.control.lock.run({ channelId, actionId, confirmed, actor: actorFrom(ctx) }),
    'control.outbox': ({ statementId }) =>
      newestFirst(statementId ? d.control.outbox.rows(statementId) : d.control.outboxRows()).slice(0, 500),
    'statements.publish': async ({ id, channelIds, throughFreeze }, ctx) => {
      const actor = actorFrom(ctx);
      const ready = d.statements.assertPublishable(id, d.clock.now());
      const variants = variantsByChannel(d.channels, channelIds, ready.variants);
      const rows = await d.control.publishStatement({ statementId: id, approvers: [ready.authorId, ready.approverId], variants, actor, throughFreeze });
      d.statements.markPublished(id);
      d.events.emit('statements.changed', { id });
      return rows;
    },
    'templates.breakGlass': async ({ id, reason, values, channelIds, throughFreeze }, ctx) => {
      const actor = actorFrom(ctx);
      const auth = d.templates.breakGlass(id, actor.id, reason, values);
      const variants = variantsByChannel(d.channels, channelIds, auth.variants);
      // Everyone signed in is told at once; the audit log carries the flag for review.
      d.events.emit('alert.breakGlass', { templateId: id, supervisor: ctx.principal?.displayName ?? actor.id, reason, expiresAt: auth.expiresAt, at: d.clock.now().toISOString() });
      d.templates.assertBreakGlassValid(auth.id, d.clock.now());
      return d.control.publishStatement({ statementId: `break-glass-${auth.id}`, approvers: [actor.id], variants, actor, throughFreeze });
    },
    'incident.timeline': ({ incidentId }) => d.control.incidentTimeline(incidentId !== undefined ? { incidentId } : d.control.latestIncidentSelector()),
    'evidence.export': async ({ incidentId }, ctx) => {
      const actor = actorFrom(ctx);
      const selector = incidentId !== undefined ? { incidentId } : d.control.latestIncidentSelector();
      const stamp = d.clock.now().toISOString().replace(/[:.]/g, '-');
      return d.control.exportEvidenceBundle(selector, join(d.dataDir, 'exports', `incident-${stamp}`), actor);
    },
  };
}
