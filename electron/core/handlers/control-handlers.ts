// Contract handlers for the buttons a supervisor presses at 11 pm: freeze, unfreeze, retract,
// Lock, and the outbox's per-channel send status. Each calls the service that owns the rule.
import type { OutboxRow } from '../../store/records';
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

const newestFirst = (rows: OutboxRow[]): OutboxRow[] => [...rows].sort((a, b) => b.id - a.id);

export function controlHandlers({ control }: Pick<HandlerDeps, 'control'>): NamespaceHandlers<'control'> {
  return {
    'control.state': () => ({ frozen: control.freeze.state() }),
    'control.freeze': ({ scope, reason }, { principal }) => control.freeze.freeze({ scope, reason, actor: principal }),
    'control.unfreeze': ({ scope }, { principal }) => control.freeze.unfreeze({ scope, actor: principal }),
    'control.retract': ({ items }, { principal }) => control.retraction.retract(items, principal),
    'control.retractUnverifiedSince': ({ since, channelIds }, { principal }) => control.retraction.retractUnverifiedSince(new Date(since).toISOString(), channelIds, principal),
    'control.lockList': ({ channelIds }) => control.lock.list(channelIds),
    'control.lock': ({ channelId, actionId, confirmed }, { principal }) => control.lock.run({ channelId, actionId, confirmed, actor: principal }),
    'control.outbox': ({ statementId }) => newestFirst(statementId ? control.outbox.rows(statementId) : control.outboxRows()).slice(0, 500),
  };
}
