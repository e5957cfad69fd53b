// Evidence records: what an item looked like before anything was done to it, with SHA-256 of the
// raw payload and of the normalised text, so a copy can be checked against its hashes anywhere.
import { createHash } from 'node:crypto';
import type { EvidenceRecord, NewEvidence, StoredItem } from '../../store/records';
import { normaliseText } from '../provenance/normalise';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface CaptureContext {
  readonly capturedAt: string;
  readonly capturedBy: string;
  readonly reason: NewEvidence['reason'];
  readonly incidentId: number | null;
}

/**
 * Builds the evidence for one observed item. `raw` is the upstream payload exactly as the monitor
 * stored it; the text hash is over the normalised text, so it equals the item's content hash.
 */
export function evidenceFromItem(item: StoredItem, ctx: CaptureContext): NewEvidence {
  const normalisedText = normaliseText(item.text);
  return {
    channelId: item.channelId,
    itemId: item.itemId,
    capturedAt: ctx.capturedAt,
    capturedBy: ctx.capturedBy,
    reason: ctx.reason,
    observedAt: item.firstSeenAt,
    publishedAt: item.publishedAt,
    provenance: item.provenance,
    raw: item.raw,
    text: item.text,
    normalisedText,
    html: item.html,
    url: item.url,
    rawSha256: sha256Hex(item.raw),
    textSha256: sha256Hex(normalisedText),
    incidentId: ctx.incidentId,
  };
}

/** Which stored hashes no longer match their content (empty when the record is intact). */
export function checkEvidence(e: Pick<EvidenceRecord, 'raw' | 'normalisedText' | 'text' | 'rawSha256' | 'textSha256'>): string[] {
  const problems: string[] = [];
  if (sha256Hex(e.raw) !== e.rawSha256) problems.push('raw payload does not match raw_sha256');
  if (sha256Hex(e.normalisedText) !== e.textSha256) problems.push('normalised text does not match text_sha256');
  if (normaliseText(e.text) !== e.normalisedText) problems.push('normalised text does not follow from the text');
  return problems;
}
