// The live columns side by side, one per connected channel, with the filter bar above them; each
// column's header says whether its channel is frozen and offers to freeze or unfreeze it.
import type { AccountViewData, ChannelSummary, FeedItem } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useChannels } from '../../../lib/api/channels';
import { isChannelFrozen, useFreezeRecords } from '../../control/api/control';
import { ChannelFreezeControl } from '../../control/components/channel-freeze';
import { sessionAccount, useSession } from '../../session/api/session';
import { useFeed } from '../api/feed';
import { ChannelColumn } from './channel-column';
import { FilterBar } from './filter-bar';

const noItems: readonly FeedItem[] = [];

function LiveColumn({ channel, order, me }: { readonly channel: ChannelSummary; readonly order: number; readonly me: AccountViewData | null }) {
  const feed = useFeed(channel.id);
  const frozen = isChannelFrozen(useFreezeRecords(), channel.id);
  return (
    <ChannelColumn
      channel={channel}
      items={feed.data ?? noItems}
      order={order}
      loading={feed.isPending}
      error={feed.isError ? errorMessage(feed.error) : null}
      frozen={frozen}
      headerActions={me ? <ChannelFreezeControl channel={channel} frozen={frozen} me={me} /> : null}
    />
  );
}

export function ColumnsView() {
  const channels = useChannels();
  const me = sessionAccount(useSession().data);
  return (
    <div className="columns-view">
      <FilterBar />
      {channels.isPending ? (
        <p className="columns__empty">Connecting to the channels…</p>
      ) : channels.isError ? (
        <div className="columns__empty">
          <ErrorNotice>{errorMessage(channels.error)}</ErrorNotice>
          <button type="button" className="button" onClick={() => void channels.refetch()}>
            Try again
          </button>
        </div>
      ) : channels.data.length === 0 ? (
        <p className="columns__empty">No channels are connected. Real channels are added in Settings → Channels.</p>
      ) : (
        <div className="columns" data-testid="columns">
          {channels.data.map((c, i) => (
            <LiveColumn key={c.id} channel={c} order={i} me={me} />
          ))}
        </div>
      )}
    </div>
  );
}
