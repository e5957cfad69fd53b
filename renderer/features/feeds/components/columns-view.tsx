// The live columns side by side, one per connected channel, with the filter bar above them; each
// column's header says whether its channel is frozen, in team mode which desk reads it, and carries the controls the screen passes in
// (freeze or unfreeze it: the control feature's).
import type { ReactNode } from 'react';
import type { ChannelSummary, FeedItem } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { useChannels } from '../../../lib/api/channels';
import { isChannelFrozen, useFreezeRecords } from '../../../lib/api/freeze-state';
import { errorMessage } from '../../../lib/call';
import { useFeed } from '../api/feed';
import { useChannelReader } from '../api/readers';
import { ChannelColumn } from './channel-column';
import { FilterBar } from './filter-bar';

const noItems: readonly FeedItem[] = [];

/** Controls in a column's header, given its channel and whether that channel is frozen. */
export type ColumnControls = (channel: ChannelSummary, frozen: boolean) => ReactNode;

function LiveColumn({ channel, order, controls }: { readonly channel: ChannelSummary; readonly order: number; readonly controls: ColumnControls | undefined }) {
  const feed = useFeed(channel.id);
  const frozen = isChannelFrozen(useFreezeRecords(), channel.id);
  const reader = useChannelReader(channel.id);
  return (
    <ChannelColumn
      channel={channel}
      items={feed.data ?? noItems}
      order={order}
      loading={feed.isPending}
      error={feed.isError ? errorMessage(feed.error) : null}
      frozen={frozen}
      {...(reader !== undefined ? { reader } : {})}
      headerActions={controls ? controls(channel, frozen) : null}
    />
  );
}

export function ColumnsView({ columnControls }: { readonly columnControls?: ColumnControls }) {
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
            <LiveColumn key={c.id} channel={c} order={i} controls={columnControls} />
          ))}
        </div>
      )}
    </div>
  );
}
