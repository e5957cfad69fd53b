// Sensible first values for a holding statement's placeholders, so a supervisor under pressure
// checks words rather than types them: {time} and {date} of the first unverified item still in the
// columns (when the trouble started; now if there is none), and {channels} named from the kinds of
// the connected channels. Channel names are not used: they carry @handles, which the core refuses
// in a filled value (a pre-approved statement must not mention anyone new).
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ChannelSummary, FeedItem } from '../../../../electron/shared/contract';
import { useTransport } from '../../../lib/transport-context';
import { useChannels } from '../../../lib/api/channels';
import { feedQueryOptions } from '../../feeds/api/feed';

const kindWords: Record<ChannelSummary['kind'], string> = {
  x: 'X account',
  wordpress: 'website',
  email: 'email alerts',
  rss: 'news feed',
  bluesky: 'Bluesky account',
  mastodon: 'Mastodon account',
};

/** "X account, website and email alerts" */
export function channelsInWords(kinds: readonly ChannelSummary['kind'][]): string {
  const words = [...new Set(kinds.map((k) => kindWords[k]))];
  if (words.length <= 1) return words[0] ?? 'accounts';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

export function defaultValues(placeholders: readonly string[], since: Date, kinds: readonly ChannelSummary['kind'][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of placeholders) {
    if (name === 'time') out[name] = timeFormat.format(since);
    else if (name === 'date') out[name] = dateFormat.format(since);
    else if (name === 'channels') out[name] = channelsInWords(kinds);
    else out[name] = '';
  }
  return out;
}

function firstUnverified(items: readonly FeedItem[]): string | null {
  let first: string | null = null;
  for (const i of items) if (i.provenance === 'unverified' && (first === null || i.firstSeenAt < first)) first = i.firstSeenAt;
  return first;
}

/** When the first unverified item still in the columns was seen, or null. */
export function useTroubleStartedAt(): string | null {
  const transport = useTransport();
  const channels = useChannels();
  return useQueries({
    queries: (channels.data ?? []).map((c) => ({ ...feedQueryOptions(transport, c.id), select: firstUnverified })),
    combine: (results) => results.reduce<string | null>((min, r) => (r.data && (min === null || r.data < min) ? r.data : min), null),
  });
}

/** Defaults for one template's placeholders, from the columns and the channels. */
export function usePlaceholderDefaults(placeholders: readonly string[] | undefined): Record<string, string> {
  const started = useTroubleStartedAt();
  const channels = useChannels();
  return useMemo(() => {
    const since = started ? new Date(started) : new Date();
    return defaultValues(placeholders ?? [], since, (channels.data ?? []).map((c) => c.kind));
  }, [placeholders, started, channels.data]);
}
