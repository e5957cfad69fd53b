// An in-memory channel that carries images the way the real APIs do: publish uploads each image
// first and answers with the channel's id for it (mediaRefs), reading back lists each item's images
// by that id, and fetchMedia hands over the bytes, refusing a file over the cap before reading it.
// The test plays the attacker by posting straight into it.
import { ChannelError, type ChannelAdapter, type ObservedItem, type OutboundImage } from '../../electron/channels/types';
import { stubAdapter } from './stub-adapter';

interface StoredMedia {
  readonly ref: string;
  readonly mime: string;
  readonly alt: string | null;
  readonly bytes: Uint8Array;
}

interface Post {
  readonly id: string;
  readonly text: string;
  media: StoredMedia[];
}

export interface ImageChannel {
  readonly adapter: ChannelAdapter;
  /** What publish received, in order. */
  readonly published: { text: string; images: readonly OutboundImage[] }[];
  /** The attacker posts (or a test swaps an image): images as bytes with what they claim to be. */
  post(text: string, media: readonly { bytes: Uint8Array; mime: string; alt?: string }[]): string;
  replaceImage(postId: string, index: number, bytes: Uint8Array): void;
  has(postId: string): boolean;
}

export function imageChannel(kind: ChannelAdapter['kind'] = 'mastodon'): ImageChannel {
  const posts: Post[] = [];
  const published: { text: string; images: readonly OutboundImage[] }[] = [];
  let next = 1;
  const media = (m: { bytes: Uint8Array; mime: string; alt?: string }): StoredMedia => ({ ref: `media-${next++}`, mime: m.mime, alt: m.alt ?? null, bytes: m.bytes });
  const post = (text: string, list: readonly { bytes: Uint8Array; mime: string; alt?: string }[]): string => {
    const id = `post-${next++}`;
    posts.unshift({ id, text, media: list.map(media) });
    return id;
  };
  const toItem = (p: Post): ObservedItem => ({
    channelItemId: p.id,
    publishedAt: null,
    text: p.text,
    html: null,
    url: null,
    raw: { id: p.id, text: p.text, media: p.media.map((m) => ({ id: m.ref, type: m.mime })) },
    media: p.media.map((m) => ({ ref: m.ref, mime: m.mime, alt: m.alt, url: `https://media.example/${m.ref}` })),
  });
  const adapter = stubAdapter({
    kind,
    readSince: async () => ({ items: posts.map(toItem), cursor: null, visibleIds: posts.map((p) => p.id), windowComplete: true, profile: null }),
    publish: async (variant, _hint, images = []) => {
      published.push({ text: variant.text, images });
      const stored = images.map((i) => media({ bytes: i.bytes, mime: i.mime, alt: i.alt }));
      const id = `post-${next++}`;
      posts.unshift({ id, text: variant.text, media: stored });
      return { readBack: 'item-id', channelItemId: id, url: null, publishedAt: null, mediaRefs: stored.map((s, i) => ({ sha256: images[i]?.sha256 ?? '', ref: s.ref })) };
    },
    retract: async (id) => {
      const at = posts.findIndex((p) => p.id === id);
      if (at < 0) return { kind: 'already-gone' };
      posts.splice(at, 1);
      return { kind: 'retracted', how: 'deleted' };
    },
    fetchMedia: async (m, maxBytes) => {
      const found = posts.flatMap((p) => p.media).find((s) => s.ref === m.ref);
      if (!found) throw new ChannelError({ kind: 'NOT_FOUND', message: `no media ${m.ref}` });
      if (found.bytes.length > maxBytes) throw new ChannelError({ kind: 'REJECTED', message: `media ${m.ref} is ${found.bytes.length} bytes, over ${maxBytes}` });
      return found.bytes;
    },
  });
  return {
    adapter,
    published,
    post,
    replaceImage: (postId, index, bytes) => {
      const p = posts.find((x) => x.id === postId);
      const old = p?.media[index];
      // A swapped image is a new upload: a new id and new bytes.
      if (p && old) p.media[index] = media({ bytes, mime: old.mime, alt: old.alt ?? '' });
    },
    has: (postId) => posts.some((p) => p.id === postId),
  };
}
