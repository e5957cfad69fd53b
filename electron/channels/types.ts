// The one interface every channel adapter implements, with capabilities declared rather than
// assumed, and the typed outcomes every upstream failure maps to before the core sees it.
import { z } from 'zod';

export const channelKinds = ['x', 'wordpress', 'email', 'rss', 'bluesky', 'mastodon'] as const;
export type ChannelKind = (typeof channelKinds)[number];

/** One item as read back from a channel, already parsed and normalised by its adapter. */
export interface ObservedItem {
  readonly channelItemId: string;
  /** When the channel says it was published (ISO), if it says. */
  readonly publishedAt: string | null;
  /** Plain text as shown to a reader: the tweet, the post title and text, the email subject and body. */
  readonly text: string;
  /** Web posts and email bodies: the HTML as served (rendered only in a sandboxed iframe). */
  readonly html: string | null;
  readonly url: string | null;
  /** The upstream payload as received, for evidence. JSON-serialisable. */
  readonly raw: unknown;
  /** Images the item carries, as the channel lists them (absent or empty: none). */
  readonly media?: readonly ObservedMedia[];
}

export const imageMimes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageMime = (typeof imageMimes)[number];

/**
 * An image of a statement as the core hands it to an adapter: already decoded, checked against the
 * channel's limits, stripped of metadata and re-encoded by the core. `sha256` (lower-case hex) is of
 * exactly `bytes`; `alt` is never empty.
 */
export interface OutboundImage {
  readonly sha256: string;
  readonly mime: ImageMime;
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly alt: string;
}

/** One image of an item as read back. The screen never loads `url`: the core fetches the bytes through the adapter. */
export interface ObservedMedia {
  /** The channel's own id: X media_key, WordPress attachment id, Bluesky blob CID, Mastodon attachment id, email Content-ID. */
  readonly ref: string;
  /** What the channel says it is (checked by decoding, never trusted). */
  readonly mime: string | null;
  readonly alt: string | null;
  readonly url: string | null;
}

export interface ChannelProfile {
  readonly displayName: string | null;
  readonly bio: string | null;
}

export interface ReadResult {
  readonly items: readonly ObservedItem[];
  /** Pass back on the next read; null when the channel has no cursor notion. */
  readonly cursor: string | null;
  /**
   * On a full read (cursor null): every id visible in the channel's recent window, so deletions
   * outside the app are noticed. Null on incremental reads.
   */
  readonly visibleIds: readonly string[] | null;
  /** True when visibleIds is everything the channel holds (fewer items than one page). */
  readonly windowComplete: boolean;
  readonly profile: ChannelProfile | null;
}

export type ChannelFailure =
  | { readonly kind: 'AUTH_REVOKED'; readonly message: string }
  | { readonly kind: 'RATE_LIMITED'; readonly resetAt: string; readonly message: string }
  | { readonly kind: 'NOT_FOUND'; readonly message: string }
  | { readonly kind: 'UNAVAILABLE'; readonly message: string }
  /** Sent, then no answer: the item may or may not exist. Settle by reading, never by resending. */
  | { readonly kind: 'OUTCOME_UNKNOWN'; readonly message: string }
  | { readonly kind: 'BAD_RESPONSE'; readonly message: string }
  | { readonly kind: 'REJECTED'; readonly message: string };

export class ChannelError extends Error {
  readonly failure: ChannelFailure;
  constructor(failure: ChannelFailure) {
    super(failure.message);
    this.name = 'ChannelError';
    this.failure = failure;
  }
}

export function isChannelError(e: unknown): e is ChannelError {
  return e instanceof ChannelError;
}

/** What a statement looks like on one channel. */
export const variantSchema = z.object({
  title: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
});
export type Variant = z.infer<typeof variantSchema>;

export interface PublishResult {
  /**
   * 'item-id': the channel assigned this id and it is how the item reads back (X, WordPress).
   * 'content': the id is the sender's own (an email Message-ID, which anyone can forge); the item
   * is recognised when it reads back by its content hash, once.
   */
  readonly readBack: 'item-id' | 'content';
  readonly channelItemId: string;
  readonly url: string | null;
  readonly publishedAt: string | null;
  /** The channel's id for each image sent, in order (its `ref` when read back), so read-back can match an image the channel re-encoded. */
  readonly mediaRefs?: readonly { readonly sha256: string; readonly ref: string }[];
}

export type RetractOutcome =
  | { readonly kind: 'retracted'; readonly how: 'deleted' | 'unpublished' | 'trashed' }
  | { readonly kind: 'already-gone' }
  /** Email already delivered: nothing can take it back; a correction bulletin can follow. */
  | { readonly kind: 'impossible'; readonly why: string; readonly correctionOffered: boolean };

export interface FreezeAction {
  readonly id: string;
  readonly label: string;
  /** What happens upstream, in words a supervisor can confirm. */
  readonly effect: string;
}

export type ChannelHealth =
  | { readonly state: 'ok' }
  | { readonly state: 'degraded'; readonly why: string }
  | { readonly state: 'rate-limited'; readonly until: string }
  | { readonly state: 'auth-revoked'; readonly why: string }
  | { readonly state: 'offline'; readonly why: string };

export interface RateBudget {
  readonly endpoint: 'read' | 'publish' | 'retract';
  readonly limit: number;
  readonly remaining: number;
  /** ISO time the window resets. */
  readonly resetAt: string;
}

export interface Capabilities {
  readonly publish: boolean;
  readonly retract: 'delete' | 'unpublish' | 'impossible' | 'none';
  readonly freezeActions: boolean;
  readonly profile: boolean;
}

/** Who a message appears to come from and go to (email: From and the list address in To:), for previews. */
export interface Addressing {
  readonly from: string;
  readonly to: string;
}

export interface ChannelAdapter {
  readonly kind: ChannelKind;
  readonly capabilities: Capabilities;
  /** Email only: the header addresses every copy carries (never a subscriber's). */
  readonly addressing?: Addressing;
  readSince(cursor: string | null): Promise<ReadResult>;
  /** The plain text this variant will have when read back from the channel (for the ledger hash). */
  renderedText(variant: Variant): string;
  /** `images`: at most 4, in order; the adapter uploads them first and attaches them (alt text included). */
  publish(variant: Variant, idempotencyHint: string, images?: readonly OutboundImage[]): Promise<PublishResult>;
  retract(channelItemId: string): Promise<RetractOutcome>;
  freezeActions(): Promise<readonly FreezeAction[]>;
  runFreezeAction(actionId: string): Promise<{ readonly done: boolean; readonly detail: string }>;
  health(): ChannelHealth;
  limits(): readonly RateBudget[];
  /** Push-capable channels: calls onChange as soon as the channel says something was published or
   *  deleted, so the monitor reads at once instead of waiting for the next poll. Polling stays the
   *  fallback and the gap-filler after a reconnect. Returns when `signal` aborts. A channel whose
   *  announcement carries the item itself (Mastodon's `update` event) passes it, parsed like a read:
   *  the monitor classifies it at once, without spending a read from the rate-limit budget. */
  watch?(onChange: (pushed?: readonly ObservedItem[]) => void, signal: AbortSignal): Promise<void>;
  /** The bytes of one image an item carries, refusing (ChannelError REJECTED) anything over `maxBytes`
   *  before reading it all. An address off the channel's own hosts, or a redirect elsewhere, is never
   *  fetched (BAD_RESPONSE). Channels that carry no images leave it out. */
  fetchMedia?(media: ObservedMedia, maxBytes: number): Promise<Uint8Array>;
}
