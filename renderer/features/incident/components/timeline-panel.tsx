// The incident as it happened, oldest first: the first unverified item, the alert, the freeze,
// each retraction, the statement. Details may quote attacker text: they are rendered as text.
import type { AccountViewData } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { useAccounts } from '../../../lib/api/accounts';
import { errorMessage } from '../../../lib/call';
import { formatClock, formatDateTime } from '../../../lib/format';
import { isNoIncidentYet, useTimeline } from '../api/incident';

/** The core names people by account id, often with the role: "<id> (admin)". */
export function whoLabel(who: string, accounts: readonly AccountViewData[] | undefined): string {
  const m = /^(\S+) \((.+)\)$/.exec(who);
  const id = m ? m[1]! : who;
  const name = accounts?.find((a) => a.id === id)?.displayName;
  if (!name) return who;
  return m ? `${name} (${m[2]})` : name;
}

export function TimelinePanel() {
  const timeline = useTimeline();
  const accounts = useAccounts();
  const who = (id: string) => whoLabel(id, accounts.data);
  const noIncident = timeline.isError && isNoIncidentYet(timeline.error);
  const t = timeline.data;
  return (
    <section className="panel incident-timeline" aria-labelledby="timeline-title" data-testid="incident-timeline">
      <div className="panel__head">
        <h2 id="timeline-title" className="panel__title">
          Incident timeline
        </h2>
        <button type="button" className="button button--small" onClick={() => void timeline.refetch()} disabled={timeline.isFetching}>
          {timeline.isFetching ? 'Reading…' : 'Refresh'}
        </button>
      </div>
      {timeline.isPending ? <p>Reading the incident…</p> : null}
      {noIncident ? (
        <p className="detail__muted" data-testid="no-incident">
          No incident yet. An incident starts with the first freeze.
        </p>
      ) : (
        <ErrorNotice>{timeline.isError ? errorMessage(timeline.error) : null}</ErrorNotice>
      )}
      {t ? (
        <>
          <p className="panel__lead">
            {t.incidentId === null ? 'Incident' : `Incident ${t.incidentId}`}: {formatDateTime(t.from)} to {formatDateTime(t.to)} · {t.entries.length}{' '}
            {t.entries.length === 1 ? 'entry' : 'entries'}
          </p>
          <ol className="timeline" data-testid="timeline-entries">
            {t.entries.map((e, i) => (
              <li key={`${e.at}-${i}`} className="timeline__entry" data-testid="timeline-entry">
                <time className="timeline__at" dateTime={e.at} title={formatDateTime(e.at)}>
                  {formatClock(e.at)}
                </time>
                <span className="timeline__what">{e.what}</span>
                <span className="timeline__who">{who(e.who)}</span>
                {e.detail ? <span className="timeline__detail">{e.detail}</span> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
