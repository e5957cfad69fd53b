// Normalised text and its content hash: the form in which what was approved and what appeared on a
// channel are compared when no channel item id links them.
import { createHash } from 'node:crypto';

// Zero-width and bidi-control characters change nothing a reader sees, so they must not change the hash.
const invisible = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(invisible, '').replace(/\s+/gu, ' ').trim().toLowerCase();
}

export function contentHash(text: string): string {
  return createHash('sha256').update(normaliseText(text), 'utf8').digest('hex');
}
