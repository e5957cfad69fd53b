// What a file really is, from its first bytes, before any decoder sees it. An image's claimed type
// (a file name, a Content-Type, a channel's JSON) is never trusted: SVG in particular is refused
// here because it is a document (scripts, external references), and libvips would happily render it.
import type { ImageMimeType } from '../../shared/image-limits';

export type SniffedType =
  | { readonly kind: 'image'; readonly mime: ImageMimeType }
  | { readonly kind: 'svg' }
  | { readonly kind: 'other'; readonly name: string | null };

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  return signature.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const jpeg = [0xff, 0xd8, 0xff];
const otherFormats: readonly { readonly name: string; readonly signature: readonly number[]; readonly at?: number }[] = [
  { name: 'GIF', signature: ascii('GIF8') },
  { name: 'PDF', signature: ascii('%PDF') },
  { name: 'TIFF', signature: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'TIFF', signature: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'HEIC/AVIF', signature: ascii('ftyp'), at: 4 },
  { name: 'BMP', signature: ascii('BM') },
  { name: 'ZIP', signature: [0x50, 0x4b, 0x03, 0x04] },
];

/** True when the start of the file, as text, opens an SVG or other XML/HTML document. */
function looksLikeMarkup(bytes: Uint8Array): boolean {
  // UTF-8 BOM, UTF-16 BOMs, then whitespace; a document that hides its <svg> after a long comment
  // is still markup, so any leading '<' counts.
  let i = 0;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) i = 3;
  else if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  while (i < bytes.length && i < 4096 && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i += 1;
  return bytes[i] === 0x3c; // '<'
}

/** The file's real type from its magic bytes. */
export function sniffImageType(bytes: Uint8Array): SniffedType {
  if (startsWith(bytes, png)) return { kind: 'image', mime: 'image/png' };
  if (startsWith(bytes, jpeg)) return { kind: 'image', mime: 'image/jpeg' };
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return { kind: 'image', mime: 'image/webp' };
  if (looksLikeMarkup(bytes)) return { kind: 'svg' };
  // Gzip: an .svgz is an SVG too, and any compressed payload is not an image we take.
  if (startsWith(bytes, [0x1f, 0x8b])) return { kind: 'other', name: 'gzip-compressed (possibly SVGZ)' };
  const other = otherFormats.find((f) => startsWith(bytes, f.signature, f.at ?? 0));
  return { kind: 'other', name: other?.name ?? null };
}

/** 'image/jpg' and 'image/pjpeg' are what some systems call JPEG; anything else is compared as is. */
export function normaliseMime(mime: string): string {
  const m = mime.trim().toLowerCase().split(';')[0]?.trim() ?? '';
  if (m === 'image/jpg' || m === 'image/pjpeg') return 'image/jpeg';
  return m;
}
