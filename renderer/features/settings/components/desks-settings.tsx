// Settings -> Desks: every running Control Room on this database (one on SQLite), with its host,
// version, when it was last seen and whether it is online (seen within the last 30 s).
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useDesks } from '../api/desks';
import { deskRows, desksSummary } from '../lib/desk-rows';

export function DesksSettings() {
  const desks = useDesks();
  const rows = desks.data ? deskRows(desks.data, desks.dataUpdatedAt) : null;
  return (
    <section className="panel" aria-labelledby="desks-title" data-testid="settings-desks">
      <h2 id="desks-title" className="panel__title">
        Desks
      </h2>
      <ErrorNotice>{desks.isError ? errorMessage(desks.error) : null}</ErrorNotice>
      {desks.data ? <p className="panel__lead">{desksSummary(desks.data)}</p> : null}
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
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid={`desk-${r.id}`}>
                <th scope="row">{r.name}</th>
                <td>{r.host}</td>
                <td>{r.version}</td>
                <td>{r.lastSeen}</td>
                <td>{r.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
