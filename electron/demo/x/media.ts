// The demo X server's media: X API v2's chunked upload (initialize, append, finalize), alt text
// through the metadata endpoint, media attached to a tweet by id, and the bytes served back
// unchanged at a public URL (pbs.twimg.com for real) so read-back can hash them.
import type { DemoXPrincipal } from './credentials';

export interface DemoXMedia {
  /** The numeric media id the upload returns. */
  readonly id: string;
  /** X's media key: `3_<id>` for photos. */
  readonly key: string;
  readonly ownerId: string;
  readonly mime: string;
  readonly totalBytes: number;
  readonly segments: Map<number, Buffer>;
  bytes: Buffer | null;
  alt: string | null;
}

/** X's own limit for a tweet's photo: 5 MB. */
export const maxPhotoBytes = 5 * 1024 * 1024;
export const photoMimes: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };

export class DemoXMediaStore {
  private readonly byId = new Map<string, DemoXMedia>();
  private next = 1_880_028_106_020_515_840n;

  initialize(principal: DemoXPrincipal, mime: string, totalBytes: number): DemoXMedia {
    this.next += 1n;
    const id = this.next.toString();
    const media: DemoXMedia = { id, key: `3_${id}`, ownerId: principal.userId, mime, totalBytes, segments: new Map(), bytes: null, alt: null };
    this.byId.set(id, media);
    return media;
  }

  /** The upload session `id` of this user, finalized or not. */
  find(id: string, principal: DemoXPrincipal): DemoXMedia | undefined {
    const media = this.byId.get(id);
    return media && media.ownerId === principal.userId ? media : undefined;
  }

  /** Joins the segments in order; the error names what is wrong, as X's finalize would refuse. */
  finalize(media: DemoXMedia): string | null {
    if (media.bytes) return null;
    const indexes = [...media.segments.keys()].sort((a, b) => a - b);
    if (indexes.some((n, i) => n !== i)) return 'Segments are missing; append every segment_index from 0 before finalizing.';
    const bytes = Buffer.concat(indexes.map((i) => media.segments.get(i) as Buffer));
    if (bytes.length !== media.totalBytes) return `File size mismatch: total_bytes was ${media.totalBytes}, ${bytes.length} bytes were appended.`;
    media.bytes = bytes;
    media.segments.clear();
    return null;
  }

  byKey(key: string): DemoXMedia | undefined {
    const id = key.startsWith('3_') ? key.slice(2) : '';
    const media = this.byId.get(id);
    return media?.bytes ? media : undefined;
  }
}
