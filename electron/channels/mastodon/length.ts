// Mastodon's status length as its StatusLengthValidator counts it (links with a scheme are 23
// characters, `@user@server.tld` is `@user`, then graphemes). The counting itself lives once in
// electron/shared/text-limits.ts, so the composer, the core's rules, this adapter and the demo
// instance never disagree about what fits.
import { defaultChannelLimits, measureMastodon } from '../../shared/text-limits';

export { measureMastodon };
export const mastodonCharacterLimit = defaultChannelLimits.mastodonCharacters;
export const mastodonUrlLength = defaultChannelLimits.mastodonUrlLength;
