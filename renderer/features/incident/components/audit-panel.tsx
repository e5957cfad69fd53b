// The audit log (supervisors and admins): prominently, whether its hash chain and signed
// checkpoints verify (green, or red naming the first bad entry); and every entry, newest first,
// in pages. Entries record actions on attacker content, so their text is rendered as text.
import { ErrorNotice } from '../../../components/notice';
import { useAccounts } from '../../../lib/api/accounts';
import { errorMessage } from '../../../lib/call';
import { formatClock, formatDateTime } from '../../../lib/format';
import { useAuditLog, useAuditVerification, type AuditVerification } from '../api/incident';

const detailsShown = 160;

function Verification({ result }: { readonly result: AuditVerification }) {
  const [first, ...rest] = result.lines;
  return (
    <div className={`audit-verify audit-verify--${result.ok ? 'ok' : 'bad'}`} role="status" data-testid="audit-verify" data-ok={result.ok ? 'true' : 'false'}>
      <p className="audit-verify__head">
        {result.ok ? `✓ Audit log verified: ${first ?? 'nothing to check'}` : `✗ Audit log FAILED verification${result.firstBadSeq !== null ? ` at entry ${result.firstBadSeq}` : ''}.`}
      </p>
      {(result.ok ? rest : result.lines.slice(1)).map((line) => (
        <p key={line} className="audit-verify__line">
          {line}
        </p>
      ))}
    </div>
  );
}

/** Whether the chain verifies, shown beside the timeline so nobody has to scroll for it. */
export function AuditVerifyPanel() {
  const verify = useAuditVerification();
  return (
    <section className="panel" aria-labelledby="audit-verify-title" data-testid="audit-integrity">
      <div className="panel__head">
        <h2 id="audit-verify-title" className="panel__title">
          Audit log integrity
        </h2>
        <button type="button" className="button button--small" onClick={() => void verify.refetch()} disabled={verify.isFetching} data-testid="audit-verify-run">
          {verify.isFetching ? 'Verifying…' : 'Verify again'}
        </button>
      </div>
      {verify.isPending ? <p>Verifying every link of the chain…</p> : null}
      <ErrorNotice>{verify.isError ? errorMessage(verify.error) : null}</ErrorNotice>
      {verify.data ? <Verification result={verify.data} /> : null}
    </section>
  );
}

export function AuditPanel() {
  const verify = useAuditVerification();
  const log = useAuditLog();
  const accounts = useAccounts();
  const who = (id: string) => accounts.data?.find((a) => a.id === id)?.displayName ?? id;
  const bad = verify.data?.firstBadSeq ?? null;
  const entries = log.data?.pages.flat() ?? [];

  return (
    <section className="panel audit" aria-labelledby="audit-title" data-testid="audit-log">
      <h2 id="audit-title" className="panel__title">
        Audit log
      </h2>
      <p className="panel__lead">Every action, newest first{bad !== null ? `; entry ${bad} is the first that fails verification` : ''}.</p>
      {log.isPending ? <p>Reading the audit log…</p> : null}
      <ErrorNotice>{log.isError ? errorMessage(log.error) : null}</ErrorNotice>
      {entries.length > 0 ? (
        <table className="table audit__table" data-testid="audit-entries">
          <caption className="visually-hidden">Audit log entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target and reason</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq} className={bad !== null && e.seq === bad ? 'audit__bad' : undefined} data-testid="audit-entry" data-seq={e.seq}>
                <td>{e.seq}</td>
                <td title={formatDateTime(e.at)}>{formatClock(e.at)}</td>
                <td>
                  {who(e.actor)} <span className="detail__muted">{e.role}</span>
                </td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.target ?? '—'}
                  {e.reason ? <span className="detail__muted"> · {e.reason}</span> : null}
                </td>
                <td className="audit__details" title={e.details.length > detailsShown ? e.details : undefined}>
                  {e.details.length > detailsShown ? `${e.details.slice(0, detailsShown - 1)}…` : e.details}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {log.hasNextPage ? (
        <button type="button" className="button button--small" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {log.isFetchingNextPage ? 'Reading…' : 'Load older entries'}
        </button>
      ) : null}
    </section>
  );
}
