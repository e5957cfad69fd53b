// Team mode: which desk reads each channel (holds its reader lease). Read on mount, again at once
// when this desk starts or stops reading a channel (desks.readerChanged), and every 5 s: another
// desk taking over (or nobody reading) is not pushed to this desk, and a lease runs 4 s. On SQLite
// the core says `team: false` and nothing is polled or shown.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { ChannelReaders } from '../../../../electron/shared/contract';
import { callOrThrow } from '../../../lib/call';
import { useTransport } from '../../../lib/transport-context';

export const readersRefreshMs = 5_000;
const readersKey = ['desks', 'readers'] as const;

export type ChannelReader = ChannelReaders['channels'][number]['reader'];

export function useChannelReaders() {
  const transport = useTransport();
  return useQuery({
    queryKey: readersKey,
    queryFn: () => callOrThrow(transport, 'desks.readers', {}),
    refetchInterval: (q) => (q.state.data?.team === false ? false : readersRefreshMs),
  });
}

/** Team mode only: the channel's reader, or null when no desk reads it; undefined where there is nothing to show (one desk, or not loaded). */
export function useChannelReader(channelId: string): ChannelReader | undefined {
  const { data } = useChannelReaders();
  if (!data?.team) return undefined;
  return data.channels.find((c) => c.channelId === channelId)?.reader ?? null;
}

export function applyReaderChanged(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: readersKey });
}
