// Contract handlers for the desks namespace: the registry of running cores on this database, and
// whether this desk reaches that database (with the drafts it keeps meanwhile).
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function desksHandlers({ desks, channels, databaseHealth, offlineDrafts }: Pick<HandlerDeps, 'desks' | 'channels' | 'databaseHealth' | 'offlineDrafts'>): NamespaceHandlers<'desks'> {
  return {
    'desks.list': () => desks.list(),
    'desks.readers': () => desks.readers(channels.list().map((c) => c.id)),
    'desks.databaseHealth': (_input, { principal }) => ({
      ...databaseHealth.state(),
      pendingDrafts: offlineDrafts.pendingCount(),
      syncProblem: offlineDrafts.syncProblem(),
      notices: principal ? offlineDrafts.notices(principal.id).map(({ seq, statementId, copyId, title, reason, at }) => ({ id: seq, statementId, copyId, title, reason, at })) : [],
    }),
    'desks.dismissOfflineDraftNotice': ({ id }, { principal }) => {
      offlineDrafts.dismiss(id, principal.id);
      return { dismissed: true as const };
    },
  };
}
