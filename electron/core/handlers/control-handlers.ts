// Contract handlers for the buttons a supervisor presses at 11 pm: freeze, unfreeze, retract,
// Lock, the outbox's per-channel send status, and the decisions about sends not yet out (confirm
// one whose approval ran out while it waited, cancel one). Each calls the service that owns the rule.
import type { OutboxRow } from '../../store/records';
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

const newestFirst = (rows: OutboxRow[]): OutboxRow[] => [...rows].sort((a, b) => b.id - a.id);

export function controlHandlers({ control, statements, events }: Pick<HandlerDeps, 'control' | 'statements' | 'events'>): NamespaceHandlers<'control'> {
  /** A statement's title for the banner; a break-glass send is named by its id. */
  const titleOf = async (statementId: string): Promise<string> => {
    try {
      return (await statements.get(statementId)).title || '(untitled statement)';
    } catch {
      return statementId;
    }
  };
  return {
    'control.state': async () => ({ frozen: await control.freeze.state() }),
    'control.freeze': ({ scope, reason }, { principal }) => control.freeze.freeze({ scope, reason, actor: principal }),
    'control.unfreeze': ({ scope }, { principal }) => control.freeze.unfreeze({ scope, actor: principal }),
    'control.retract': ({ items }, { principal }) => control.retraction.retract(items, principal),
    'control.retractUnverifiedSince': ({ since, channelIds }, { principal }) => control.retraction.retractUnverifiedSince(new Date(since).toISOString(), channelIds, principal),
    'control.lockList': ({ channelIds }) => control.lock.list(channelIds),
    'control.lock': ({ channelId, actionId, confirmed }, { principal }) => control.lock.run({ channelId, actionId, confirmed, actor: principal }),
    'control.lockEveryDesk': ({ channelIds, confirmed }, { principal }) => control.lock.everyDesk({ ...(channelIds ? { channelIds } : {}), confirmed, actor: principal }),
    'control.outbox': async ({ statementId }) => newestFirst(await (statementId ? control.outbox.rows(statementId) : control.outboxRows())).slice(0, 500),
    'control.awaitingConfirmation': async () => Promise.all((await control.outbox.awaitingConfirmation()).map(async (a) => ({ ...a, title: await titleOf(a.statementId) }))),
    // A confirmation is a fresh approval of the same words: it lasts as long as an approval does.
    'control.confirmSend': ({ id }, { principal }) => control.outbox.confirm(id, principal, statements.approvalValidityMs),
    'control.cancelSend': async ({ id }, { principal }) => {
      const { rows, nothingSent } = await control.outbox.cancel(id, principal);
      // Nothing went out: the statement is approved again and can be published or scheduled anew.
      if (nothingSent && (await statements.reopenAfterCancel(id))) events.emit('statements.changed', { id });
      return rows;
    },
  };
}
