// Sensible first values for a holding statement's placeholders, so a supervisor under pressure
// checks words rather than types them: {time} and {date} of the first unverified item still in the
// columns (when the trouble started, handed in by the screen; now if there is none), and {channels} named from the kinds of
// the connected channels. Channel names are not used: they carry @handles, which the core refuses
// in a filled value (a pre-approved statement must not mention anyone new).
import type { ChannelSummary } from '../../../../electron/shared/contract';

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
