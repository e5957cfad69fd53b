// The incident report a person reads: a timeline (first unverified item or edit, alert, freeze, each
// retraction, the statement), the evidence with its hashes, and the files' hashes. Every piece of
// text is HTML-escaped: attacker content is data, never markup. No scripts, no remote loads.
import type { AuditEntryRecord, EvidenceRecord } from '../../store/records';
import type { BundleImage } from './bundle-media';
import type { UnverifiedSighting } from './sightings';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface TimelineEntry {
  readonly at: string;
  readonly what: string;
  readonly who: string;
  readonly detail: string;
}

const actionLabels: Readonly<Record<string, string>> = {
  'control.freeze': 'Freeze',
  'control.unfreeze': 'Unfreeze',
  'control.unfreeze.refused': 'Unfreeze refused',
  'quarantine.capture': 'Quarantine: evidence captured',
  'retract.request': 'Retraction requested',
  'retract.result': 'Retraction',
  'outbox.enqueue': 'Statement approved for publishing',
  'outbox.publish': 'Statement published',
  'outbox.settled': 'Statement send settled by reading the channel',
  'outbox.unknown': 'Statement send outcome unknown',
  'outbox.failed': 'Statement send failed',
  'lock.step': 'Lock step',
  'lock.asked': 'Lock: another desk asked to revoke its own credential',
};

const excerpt = (text: string, max = 140): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** What the timeline says of an unverified item: its id, for an edited one when it was first seen, and its text. */
function sightingDetail({ item, editedAt }: UnverifiedSighting): string {
  const edited = editedAt === null ? '' : ` (edited after publication at ${editedAt}; first seen ${item.firstSeenAt})`;
  return `${item.itemId}${edited}: ${excerpt(item.text)}`;
}

/**
 * The timeline, oldest first: the first unverified item and its alert, then every audited action.
 * An older item edited into unverified content stands at the edit's time, and says so.
 */
export function buildTimeline(unverified: readonly UnverifiedSighting[], audit: readonly AuditEntryRecord[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const first = [...unverified].sort((a, b) => a.at.localeCompare(b.at))[0];
  if (first) {
    out.push({ at: first.at, what: 'First unverified item', who: first.item.channelId, detail: sightingDetail(first) });
    // The first unverified item raises the alarm by itself (severity only sets how loud).
    out.push({ at: first.at, what: 'Alert raised', who: 'system', detail: `severity ${first.item.severity ?? 'unscored'}` });
  }
  for (const u of unverified) {
    if (u !== first) out.push({ at: u.at, what: u.editedAt === null ? 'Unverified item' : 'Item edited into unverified content', who: u.item.channelId, detail: sightingDetail(u) });
  }
  for (const e of audit) {
    let details = '';
    try {
      const parsed = JSON.parse(e.details) as Record<string, unknown>;
      const keep = ['outcome', 'detail', 'channels', 'count', 'itemId', 'since', 'heldRows', 'label'];
      details = keep.filter((k) => parsed[k] !== undefined).map((k) => `${k}: ${typeof parsed[k] === 'string' ? parsed[k] : JSON.stringify(parsed[k])}`).join('; ');
    } catch {
      details = e.details;
    }
    const label = actionLabels[e.action] ?? (e.action.startsWith('alert') ? 'Alert' : e.action);
    out.push({ at: e.at, what: label, who: `${e.actor} (${e.role})`, detail: [e.target, e.reason, details].filter((s) => s).join(' — ') });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

export interface ReportInput {
  readonly title: string;
  readonly generatedAt: string;
  readonly from: string;
  readonly to: string;
  readonly timeline: readonly TimelineEntry[];
  readonly evidence: readonly (EvidenceRecord & { readonly intact: boolean; readonly images?: readonly BundleImage[] })[];
  readonly files: readonly { readonly name: string; readonly sha256: string; readonly bytes: number }[];
}

const cell = (s: string): string => `<td>${escapeHtml(s)}</td>`;

/** An image passed inspection: a preview (data: URL re-encoded by the app) with its alt text; else its hash and why not. */
function imageCell(images: readonly BundleImage[]): string {
  if (images.length === 0) return '<td></td>';
  const one = (i: BundleImage): string => {
    const hash = `<span class="hash">${escapeHtml(i.sha256 ?? 'not fetched')}${i.file ? ` (${escapeHtml(i.file)})` : ''}${i.intact ? '' : ' <strong>HASH MISMATCH</strong>'}</span>`;
    // Only the app's own re-encoded data: URL is ever put in src; nothing of the channel's is.
    if (i.preview !== null && i.preview.startsWith('data:image/webp;base64,')) {
      return `<figure><img src="${i.preview}" alt="${escapeHtml(i.alt ?? '')}"><figcaption>${hash}</figcaption></figure>`;
    }
    return `<p>Image withheld: ${escapeHtml(i.reason ?? 'not shown')}<br>${hash}</p>`;
  };
  return `<td class="images">${images.map(one).join('')}</td>`;
}

export function renderReport(r: ReportInput): string {
  const rows = r.timeline.map((t) => `<tr>${cell(t.at)}${cell(t.what)}${cell(t.who)}${cell(t.detail)}</tr>`).join('\n');
  const evidence = r.evidence
    .map(
      (e) =>
        `<tr>${cell(String(e.id))}${cell(e.channelId)}${cell(e.itemId)}${cell(e.observedAt)}${cell(e.capturedAt)}<td class="text">${escapeHtml(e.text)}</td>` +
        `${imageCell(e.images ?? [])}<td class="hash">raw ${escapeHtml(e.rawSha256)}<br>text ${escapeHtml(e.textSha256)}<br>${e.intact ? 'hashes check' : '<strong>HASH MISMATCH</strong>'}</td></tr>`,
    )
    .join('\n');
  const files = r.files.map((f) => `<tr>${cell(f.name)}${cell(String(f.bytes))}<td class="hash">${escapeHtml(f.sha256)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(r.title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; text-align: left; }
.text { white-space: pre-wrap; max-width: 40em; }
.hash { font-family: monospace; font-size: 12px; word-break: break-all; }
.images img { max-width: 240px; max-height: 240px; display: block; }
</style>
</head>
<body>
<h1>${escapeHtml(r.title)}</h1>
<p>Window: ${escapeHtml(r.from)} to ${escapeHtml(r.to)}. Generated ${escapeHtml(r.generatedAt)}.
Item text below is shown as plain text exactly as observed; it may be abusive.</p>
<h2>Timeline</h2>
<table><thead><tr><th>Time (UTC)</th><th>What</th><th>Who</th><th>Detail</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Evidence (${r.evidence.length} item${r.evidence.length === 1 ? '' : 's'})</h2>
<table><thead><tr><th>#</th><th>Channel</th><th>Item</th><th>Observed</th><th>Captured</th><th>Text</th><th>Images</th><th>SHA-256</th></tr></thead>
<tbody>
${evidence}
</tbody></table>
<h2>Files in this bundle</h2>
<p>manifest.json lists the SHA-256 of every file, this report included.</p>
<table><thead><tr><th>File</th><th>Bytes</th><th>SHA-256</th></tr></thead>
<tbody>
${files}
</tbody></table>
</body>
</html>
`;
}
