// Sensible first values for a holding statement's placeholders, so a supervisor under pressure
// checks words rather than types them: {time} and {date} of the first unverified item still in the
// columns (when the trouble started, handed in by the screen; now if there is none), and {channels} named from the kinds of
// the connected channels. Channel names are not used: they carry @handles, which the core refuses
// in a filled value (a pre-approved statement must not mention anyone new).
import type { ChannelSummary } from '../../../../electron/shared/contract';

/** Platforms where the bureau has an account: several are named once, "X, Mastodon and Bluesky accounts". */
const accountNames: Partial<Record<ChannelSummary['kind'], string>> = { x: 'X', mastodon: 'Mastodon', bluesky: 'Bluesky' };

const kindWords: Record<ChannelSummary['kind'], string> = {
  x: 'X account',
  wordpress: 'website',
  email: 'email alerts',
  rss: 'news feed',
  bluesky: 'Bluesky account',
  mastodon: 'Mastodon account',
};

const inWords = (words: readonly string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

/**
 * "X account, website and email alerts"; with several accounts "X, Mastodon and Bluesky accounts,
 * website and email alerts", which keeps a five-channel bureau within a placeholder's length.
 */
export function channelsInWords(kinds: readonly ChannelSummary['kind'][]): string {
  const unique = [...new Set(kinds)];
  const accounts = unique.flatMap((k) => accountNames[k] ?? []);
  const words: string[] = [];
  for (const kind of unique) {
    if (accounts.length > 1 && accountNames[kind] !== undefined) {
      if (kind === unique.find((k) => accountNames[k] !== undefined)) words.push(`${inWords(accounts)} accounts`);
    } else {
      words.push(kindWords[kind]);
    }
  }
  return inWords(words) || 'accounts';
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
