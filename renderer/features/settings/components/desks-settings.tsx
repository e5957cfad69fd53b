// Settings -> Desks: every running Control Room on this database (one on SQLite), with its host,
// version, when it was last seen, whether it is online (seen within the last 30 s), and its audit
// key: the fingerprint and whether this desk trusts it (the words and what to do: lib/desk-key.ts).
import { Fragment } from 'react';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useDesks } from '../api/desks';
import { commandNote, type DeskKeyView } from '../lib/desk-key';
import { deskRows, desksSummary, needsPerson, pinFileProblem, type DeskRow } from '../lib/desk-rows';
import { Fingerprint } from './fingerprint';

const columns = 6;

/** What a person must do about a key, with the command: an alarm is role="alert", a warning a status. */
function KeyTodo({ view, testId, heading }: { readonly view: DeskKeyView; readonly testId: string; readonly heading: string }) {
  return (
    <div className={`key-todo key-todo--${view.tone}`} role={view.tone === 'alarm' ? 'alert' : 'status'} data-testid={testId}>
      <p className="key-todo__title">{heading}</p>
      <p>{view.meaning}</p>
      {view.todo ? <p>{view.todo}</p> : null}
      {view.command ? (
        <>
          <pre className="key-todo__command">
            <code data-testid={`${testId}-command`}>{view.command}</code>
          </pre>
          <p className="key-todo__note">{commandNote}</p>
        </>
      ) : null}
    </div>
  );
}

function DeskKeyCell({ row }: { readonly row: DeskRow }) {
  return (
    <td>
      {row.key.fingerprint ? <Fingerprint view={row.key} owner={row.name} testId={`desk-fingerprint-${row.id}`} /> : null}
      <span className={`key-trust key-trust--${row.key.tone}`} data-testid={`desk-trust-${row.id}`} data-tone={row.key.tone} title={row.key.meaning}>
        {row.key.trust}
      </span>
      {/* A notice has nothing to do, but its reason is not only a tooltip (keyboards and touch have no hover). */}
      {row.key.tone === 'notice' ? <p className="key-trust__why detail__muted">{row.key.meaning}</p> : null}
    </td>
  );
}

export function DesksSettings() {
  const desks = useDesks();
  const rows = desks.data ? deskRows(desks.data, desks.dataUpdatedAt) : null;
  const pinFile = rows ? pinFileProblem(rows) : null;
  return (
    <section className="panel panel--wide" aria-labelledby="desks-title" data-testid="settings-desks">
      <h2 id="desks-title" className="panel__title">
        Desks
      </h2>
      <ErrorNotice>{desks.isError ? errorMessage(desks.error) : null}</ErrorNotice>
      {desks.data ? <p className="panel__lead">{desksSummary(desks.data)}</p> : null}
      {pinFile ? <KeyTodo view={pinFile} testId="desk-pins-unreadable" heading="This desk cannot read the desk keys it trusts" /> : null}
      {rows && rows.length > 0 ? (
        <table className="table" data-testid="desks-table">
          <caption className="visually-hidden">Desks on this database</caption>
          <thead>
            <tr>
              <th scope="col">Desk</th>
              <th scope="col">Host</th>
              <th scope="col">Version</th>
              <th scope="col">Last seen</th>
              <th scope="col">State</th>
              <th scope="col">Audit key</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Fragment key={r.id}>
                <tr data-testid={`desk-${r.id}`}>
                  <th scope="row">{r.name}</th>
                  <td>{r.host}</td>
                  <td>{r.version}</td>
                  <td>{r.lastSeen}</td>
                  <td>{r.state}</td>
                  <DeskKeyCell row={r} />
                </tr>
                {needsPerson(r) ? (
                  <tr className="table__detail">
                    <td colSpan={columns}>
                      <KeyTodo view={r.key} testId={`desk-key-todo-${r.id}`} heading={`${r.key.trust}: ${r.name}`} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
