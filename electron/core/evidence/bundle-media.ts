// The images of an incident's evidence, as the bundle carries them: each image's bytes exactly as
// captured, in media/, with its SHA-256 (checked again against what was recorded at capture), and
// for the HTML report a preview re-encoded from decoded pixels, only for images that pass
// inspection again now; any other image is named by its hash and why it is withheld.
import type { EvidenceMediaRecord } from '../../store/records';
import type { MediaRepository } from '../../store/repositories';
import { inspectImage, previewDataUrl, sha256Hex } from '../media';

export interface BundleImage {
  readonly evidenceId: number;
  readonly position: number;
  readonly ref: string;
  readonly alt: string | null;
  readonly mime: string | null;
  /** As recorded at capture (null: the bytes were never fetched). */
  readonly sha256: string | null;
  /** The bundle file holding the bytes, or null when there are none. */
  readonly file: string | null;
  /** True when the bytes still hash to the recorded SHA-256. */
  readonly intact: boolean;
  /** A data: URL for the report, only when the bytes pass inspection. */
  readonly preview: string | null;
  /** Why there is no preview (withheld, not fetched, failed inspection). */
  readonly reason: string | null;
}

const extension: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

async function bundleImage(evidenceId: number, m: EvidenceMediaRecord): Promise<{ image: BundleImage; bytes: Uint8Array | null }> {
  const base = { evidenceId, position: m.position, ref: m.ref, alt: m.alt, mime: m.mime, sha256: m.sha256 };
  if (m.bytes === null) return { image: { ...base, file: null, intact: m.sha256 === null, preview: null, reason: m.reason ?? 'the image was not fetched' }, bytes: null };
  const intact = m.sha256 !== null && sha256Hex(m.bytes) === m.sha256;
  const inspected = await inspectImage(m.bytes, m.mime);
  // Never named after what the channel claimed: an unchecked file gets .bin so nothing opens it as an image.
  const file = `media/evidence-${evidenceId}-${m.position + 1}.${inspected.ok ? (extension[inspected.mime] ?? 'bin') : 'bin'}`;
  if (!inspected.ok) return { image: { ...base, file, intact, preview: null, reason: m.reason ?? inspected.reason }, bytes: m.bytes };
  return { image: { ...base, file, intact, preview: await previewDataUrl(m.bytes, 'thumb'), reason: null }, bytes: m.bytes };
}

/** Every image of these evidence records, with the bytes to write. */
export async function gatherBundleImages(
  media: Pick<MediaRepository, 'evidenceMedia'> | undefined,
  evidenceIds: readonly number[],
): Promise<{ image: BundleImage; bytes: Uint8Array | null }[]> {
  if (!media) return [];
  const out: { image: BundleImage; bytes: Uint8Array | null }[] = [];
  for (const id of evidenceIds) for (const m of await media.evidenceMedia(id)) out.push(await bundleImage(id, m));
  return out;
}
