// The content hash an approval is bound to: SHA-256 over a canonical JSON of the title, every
// variant and, when there are any, the images in order (each image's SHA-256 and alt text), so a
// swapped image or changed alt text voids the approval. A statement without images hashes exactly
// as before images existed: the ledger's recorded hashes stay valid. Canonical = keys sorted, no whitespace, strings exactly as typed (no Unicode
// normalisation: a changed byte must change the hash, because a changed byte is what gets published).
import { createHash } from 'node:crypto';
import type { StatementContent } from './types';

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };

/** JSON with object keys sorted at every depth and undefined members left out. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v: Json) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as { readonly [key: string]: Json | undefined })
    .filter((e): e is [string, Json] => e[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Domain tag: a hash of some other JSON document can never be mistaken for a statement hash. */
const hashDomain = 'control-room.statement.v1';

export function statementContentHash(content: StatementContent): string {
  const images = content.images && content.images.length > 0 ? content.images.map((i) => ({ sha256: i.sha256, alt: i.alt })) : undefined;
  const document = canonicalJson({ kind: hashDomain, title: content.title, variants: { ...content.variants }, images });
  return `sha256:${createHash('sha256').update(document, 'utf8').digest('hex')}`;
}
