// Which statement variant each kind of channel takes (the core's rule, repeated so the publish
// dialogs offer only channels the statement has words for; the core still refuses a mismatch).
import type { CallOutput, ChannelSummary } from '../../electron/shared/contract';

export type StatementVariants = CallOutput<'statements.list'>[number]['variants'];

export function variantFor(kind: ChannelSummary['kind']): keyof StatementVariants | null {
  switch (kind) {
    case 'x':
    case 'bluesky':
    case 'mastodon':
      return kind;
    case 'wordpress':
      return 'website';
    case 'email':
      return 'email';
    default:
      return null;
  }
}

/** The channels a statement (or template) with these variants can go out on. */
export function eligibleChannels(channels: readonly ChannelSummary[], variants: StatementVariants): ChannelSummary[] {
  return channels.filter((c) => {
    const v = variantFor(c.kind);
    return v !== null && variants[v] !== undefined;
  });
}
