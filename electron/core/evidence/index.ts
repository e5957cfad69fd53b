// The evidence module's public surface: capturing records with their hashes, and the bundle export.
export { checkEvidence, evidenceFromItem, sha256Hex } from './capture';
export type { CaptureContext } from './capture';
export { exportEvidenceBundle } from './export-bundle';
export type { BundleSelector, EvidenceBundle, EvidenceBundleDeps } from './export-bundle';
export { buildTimeline, escapeHtml, renderReport } from './report-html';
export type { ReportInput, TimelineEntry } from './report-html';
