// The live columns side by side, one per connected channel, with the filter bar above them.
import type { ChannelSummary, FeedItem } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useChannels } from '../../channels/api/channels';
import { useFeed } from '../api/feed';
import { ChannelColumn } from './channel-column';
import { FilterBar } from './filter-bar';

const noItems: readonly FeedItem[] = [];

function LiveColumn({ channel, order }: { readonly channel: ChannelSummary; readonly order: number }) {
  const feed = useFeed(channel.id);
  return (
    <ChannelColumn
      channel={channel}
      items={feed.data ?? noItems}
      order={order}
      loading={feed.isPending}
      error={feed.isError ? errorMessage(feed.error) : null}
    />
  );
}

export function ColumnsView() {
  const channels = useChannels();
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
            <LiveColumn key={c.id} channel={c} order={i} />
          ))}
        </div>
      )}
    </div>
  );
}
