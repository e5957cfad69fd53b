// Contract handlers for statements: drafting, two-person approval and the fan-out of an approved
// statement. The acting person always comes from the session, never from the input.
import type { NamespaceHandlers } from '../dispatch';
import { exact, variantsByChannel, type HandlerDeps } from './handler-kit';

export function statementsHandlers({ statements, control, channels, events, clock }: Pick<HandlerDeps, 'statements' | 'control' | 'channels' | 'events' | 'clock'>): NamespaceHandlers<'statements'> {
  const changed = <T extends { id: string }>(view: T): T => {
    events.emit('statements.changed', { id: view.id });
    return view;
  };
  return {
    'statements.list': ({ status }) => statements.list(status ? { status } : {}),
    'statements.get': ({ id }) => ({ statement: statements.get(id), versions: statements.listVersions(id) }),
    'statements.save': (input, { principal }) => {
      const result = statements.saveDraft(exact(input), principal.id);
      if (result.saved) changed(result.statement);
      return result;
    },
    'statements.submit': ({ id }, { principal }) => changed(statements.submit(id, principal.id)),
    'statements.approve': ({ id, contentHash }, { principal }) => changed(statements.approve(id, principal.id, contentHash)),
    'statements.reject': ({ id, comment }, { principal }) => changed(statements.reject(id, principal.id, comment)),
    'statements.publish': async ({ id, channelIds, throughFreeze }, { principal }) => {
      const ready = statements.assertPublishable(id, clock.now());
      const variants = variantsByChannel(channels, channelIds, ready.variants);
      const rows = await control.outbox.fanOut({ statementId: id, approvers: [ready.authorId, ready.approverId], variants, actor: principal, throughFreeze });
      statements.markPublished(id);
      events.emit('statements.changed', { id });
      return rows;
    },
  };
}
