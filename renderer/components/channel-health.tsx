// A channel's health in words a person acts on, with the rate-limit budget and the last read.
import type { ChannelSummary } from '../../electron/shared/contract';
import { assertNeverValue } from '../lib/assert-never';
import { formatAgo, formatClock } from '../lib/format';
import { useNow } from '../lib/use-now';

export function healthLabel(health: ChannelSummary['health']): { text: string; tone: 'ok' | 'warn' | 'alert'; detail: string | null } {
  switch (health.state) {
    case 'ok':
      return { text: 'ok', tone: 'ok', detail: null };
    case 'degraded':
      return { text: 'degraded', tone: 'warn', detail: health.why };
    case 'rate-limited':
      return { text: `rate-limited until ${formatClock(health.until)}`, tone: 'warn', detail: null };
    case 'auth-revoked':
      return { text: 'auth revoked', tone: 'alert', detail: health.why };
    case 'offline':
      return { text: 'offline', tone: 'alert', detail: health.why };
    default:
      return assertNeverValue(health);
  }
}

/**
 * Ticks on its own so the column (and its 20,000 rows) does not re-render every second.
 * `readElsewhere` (team mode, another desk holds the reader lease): the last read shown is this
 * desk's own, so it is labelled so; "Last read never" alone read as if nobody read the channel.
 */
export function ChannelHealth({ channel, readElsewhere = false }: { readonly channel: ChannelSummary; readonly readElsewhere?: boolean }) {
  const now = useNow(1000);
  const health = healthLabel(channel.health);
  const read = channel.budgets.find((b) => b.endpoint === 'read');
  return (
    <dl className="channel-health">
      <div className="channel-health__row">
        <dt className="visually-hidden">Health</dt>
        <dd className={`health health--${health.tone}`} data-testid={`health-${channel.id}`} title={health.detail ?? undefined}>
          {health.text}
          {health.detail ? <span className="health__why"> — {health.detail}</span> : null}
        </dd>
      </div>
      <div className="channel-health__row">
        <dt>{readElsewhere ? 'Last read on this desk' : 'Last read'}</dt>
        <dd title={channel.lastReadAt ? formatClock(channel.lastReadAt) : undefined}>{formatAgo(channel.lastReadAt, now)}</dd>
        {read ? (
          <>
            <dt>Reads left</dt>
            <dd title={`Budget resets at ${formatClock(read.resetAt)}`}>
              {read.remaining}/{read.limit} · resets {formatClock(read.resetAt)}
            </dd>
          </>
        ) : null}
      </div>
    </dl>
  );
}
