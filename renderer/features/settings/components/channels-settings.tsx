// The connected channels, read-only for now: connecting real channels (credentials in the OS
// keychain) arrives with the keychain issue.
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { formatAgo, formatClock } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { useChannels } from '../../channels/api/channels';
import { healthLabel } from '../../channels/components/channel-health';

export function ChannelsSettings() {
  const channels = useChannels();
  const now = useNow(5000);
  return (
    <section className="panel" aria-labelledby="channels-title" data-testid="settings-channels">
      <h2 id="channels-title" className="panel__title">
        Channels
      </h2>
      <p className="panel__lead">Every channel Control Room reads back. Adding real channels arrives with the keychain issue.</p>
      {channels.isPending ? <p>Loading channels…</p> : null}
      <ErrorNotice>{channels.isError ? errorMessage(channels.error) : null}</ErrorNotice>
      {channels.data ? (
        <table className="table">
          <caption className="visually-hidden">Connected channels</caption>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Kind</th>
              <th scope="col">Health</th>
              <th scope="col">Last read</th>
              <th scope="col">Rate-limit budgets</th>
            </tr>
          </thead>
          <tbody>
            {channels.data.map((c) => {
              const health = healthLabel(c.health);
              return (
                <tr key={c.id}>
                  <th scope="row">
                    {c.name}
                    {c.demo ? ' (demo)' : ''}
                  </th>
                  <td>{c.kind}</td>
                  <td className={`health health--${health.tone}`}>
                    {health.text}
                    {health.detail ? ` — ${health.detail}` : ''}
                  </td>
                  <td>{formatAgo(c.lastReadAt, now)}</td>
                  <td>
                    {c.budgets.length === 0
                      ? '—'
                      : c.budgets.map((b) => `${b.endpoint} ${b.remaining}/${b.limit} (resets ${formatClock(b.resetAt)})`).join(' · ')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
