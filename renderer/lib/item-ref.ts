// How the screen names one observed item across features (selection, alerts, retraction): its
// channel and its id on that channel, and a string key for maps and test ids.

export interface ItemRef {
  readonly channelId: string;
  readonly itemId: string;
}

/** Channel ids cannot contain ':' (the contract's channel-id pattern), so the first ':' splits a key back into its parts. */
export const itemKey = (ref: ItemRef): string => `${ref.channelId}:${ref.itemId}`;
