// Says, on every screen (sign-in included), when this desk cannot reach the shared database (team
// mode): since when, what still works here (drafting, saved on this desk), what does not (sends,
// approvals, freeze from this desk: with the CLI command that still freezes through the database),
// and that it reconnects by itself. Once it is back, it tells the person about any offline draft kept
// beside a statement that changed meanwhile (until they dismiss it).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ErrorNotice } from '../components/notice';
import { databaseHealthKeys, useDatabaseHealth } from '../lib/api/database-health';
import { callOrThrow, errorMessage } from '../lib/call';
import { formatClock } from '../lib/format';
import { useTransport } from '../lib/transport-context';

export const cliFreezeCommand = 'control-room freeze --all --user YOUR_NAME --reason "..." --database postgres://USER@HOST:5432/DATABASE';

function OfflineNotices({ notices }: { readonly notices: readonly { id: number; title: string; reason: string }[] }) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const dismiss = useMutation({
    mutationFn: (id: number) => callOrThrow(transport, 'desks.dismissOfflineDraftNotice', { id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: databaseHealthKeys.all }),
  });
  return (
    <div className="database-banner database-banner--notice" role="status" data-testid="offline-draft-notices">
      {notices.map((n) => (
        <p key={n.id}>
          {`Your draft of “${n.title || 'Untitled'}” saved while this desk was offline was kept as a new draft beside it (find it under Statements): ${n.reason}. Nothing you typed was lost.`}{' '}
          <button type="button" className="button" onClick={() => dismiss.mutate(n.id)} data-testid={`dismiss-offline-notice-${n.id}`}>
            Dismiss
          </button>
        </p>
      ))}
      <ErrorNotice>{dismiss.isError ? errorMessage(dismiss.error) : null}</ErrorNotice>
    </div>
  );
}

export function DatabaseBanner() {
  const health = useDatabaseHealth().data;
  if (!health?.shared) return null;
  if (health.reachable) {
    return (
      <>
        {health.syncProblem ? (
          <p className="database-banner" role="alert" data-testid="offline-sync-problem">
            {health.syncProblem}
          </p>
        ) : null}
        {health.notices.length > 0 ? <OfflineNotices notices={health.notices} /> : null}
      </>
    );
  }
  const waiting = health.pendingDrafts === 1 ? '1 draft save waits' : `${health.pendingDrafts} draft saves wait`;
  return (
    <section className="database-banner" role="alert" aria-label="Database unreachable" data-testid="database-unreachable">
      <p className="database-banner__title">
        This desk cannot reach the shared database{health.since ? ` (since ${formatClock(health.since)})` : ''}. It reconnects by itself.
      </p>
      <p>
        <strong>Still works here:</strong> drafting. Drafts are saved on this desk{health.pendingDrafts > 0 ? ` (${waiting})` : ''} and sync by themselves when the
        database returns.
      </p>
      <p>
        <strong>Not from this desk until then:</strong> sending, approving, freezing, signing in. To freeze now, use another desk, or run{' '}
        <code data-testid="cli-freeze-command">{cliFreezeCommand}</code> on a machine that reaches the database.
      </p>
    </section>
  );
}
