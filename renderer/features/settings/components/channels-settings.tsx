// The connected channels with their health and budgets. Admins connect real channels here
// (credentials go to the OS keychain, never back to this screen) and remove them; demo channels
// come and go with the demo newsroom.
import { useState } from 'react';
import type { AccountViewData, ChannelSummary } from '../../../../electron/shared/contract';
import { healthLabel } from '../../../components/channel-health';
import { ErrorNotice } from '../../../components/notice';
import { useChannels } from '../../../lib/api/channels';
import { errorMessage } from '../../../lib/call';
import { formatAgo, formatClock } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { useChannelAdmin } from '../api/channel-admin';
import { ConnectChannelForm } from './connect-channel-form';

/** Removing asks twice: it deletes the channel's secrets from the keychain. */
function RemoveChannel({ channel }: { readonly channel: ChannelSummary }) {
  const { remove } = useChannelAdmin();
  const [asking, setAsking] = useState(false);
  if (channel.demo) return <span className="detail__muted">demo</span>;
  return (
    <div className="form__actions">
      {asking ? (
        <>
          <button type="button" className="button button--small button--danger" onClick={() => remove.mutate(channel.id)} disabled={remove.isPending} data-testid={`remove-confirm-${channel.id}`}>
            {remove.isPending ? 'Removing…' : `Yes, remove ${channel.name} and its secrets`}
          </button>
          <button type="button" className="button button--small" onClick={() => setAsking(false)}>
            Keep it
          </button>
        </>
      ) : (
        <button type="button" className="button button--small" onClick={() => setAsking(true)} data-testid={`remove-${channel.id}`}>
          Remove {channel.name}
        </button>
      )}
      <ErrorNotice>{remove.isError ? errorMessage(remove.error) : null}</ErrorNotice>
    </div>
  );
}

export function ChannelsSettings({ me }: { readonly me: AccountViewData }) {
  const channels = useChannels();
  const now = useNow(5000);
  const isAdmin = me.role === 'admin';
  return (
    <section className="panel panel--wide" aria-labelledby="channels-title" data-testid="settings-channels">
      <h2 id="channels-title" className="panel__title">
        Channels
      </h2>
      <p className="panel__lead">
        Every channel Control Room reads back. {isAdmin ? 'Credentials go to the OS keychain and never come back to this screen.' : 'Only an admin can connect or remove channels.'}
      </p>
      {channels.isPending ? <p>Loading channels…</p> : null}
      <ErrorNotice>{channels.isError ? errorMessage(channels.error) : null}</ErrorNotice>
      {channels.data ? (
        <table className="table" data-testid="channels-table">
          <caption className="visually-hidden">Connected channels</caption>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Kind</th>
              <th scope="col">Health</th>
              <th scope="col">Last read</th>
              <th scope="col">Rate-limit budgets</th>
              {isAdmin ? <th scope="col">Change</th> : null}
            </tr>
          </thead>
          <tbody>
            {channels.data.map((c) => {
              const health = healthLabel(c.health);
              return (
                <tr key={c.id} data-testid={`channel-row-${c.id}`}>
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
                  {isAdmin ? (
                    <td>
                      <RemoveChannel channel={c} />
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {isAdmin ? <ConnectChannelForm /> : null}
    </section>
  );
}
