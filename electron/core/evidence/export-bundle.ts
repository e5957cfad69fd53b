// Exports an incident's evidence bundle to a folder: the evidence items and the audit entries of
// the window as JSON, a human-readable HTML report, and a manifest with the SHA-256 of every file.
// Secrets never go in: registered secrets are blanked and values under secret-like keys removed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../../shared/result';
import type { AuditEntryRecord } from '../../store/records';
import type { AuditRepository, ControlRepository, MediaRepository, MonitorRepository } from '../../store/repositories';
import type { AuditLog } from '../audit/audit-log';
import { isSecretLikeKey } from '../audit/secret-guard';
import type { Clock } from '../../lib/clock';
import type { Actor } from '../control/types';
import { redact } from '../../lib/log';
import { gatherBundleImages } from './bundle-media';
import { checkEvidence, sha256Hex } from './capture';
import { buildTimeline, renderReport, type TimelineEntry } from './report-html';
import { unverifiedSightings } from './sightings';

export type BundleSelector = { readonly incidentFrom: string; readonly incidentTo: string } | { readonly incidentId: number };

export interface EvidenceBundleDeps {
  readonly control: ControlRepository;
  readonly ledger: MonitorRepository;
  readonly auditRepo: AuditRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Channels whose unverified items belong on the timeline. */
  readonly channelIds: () => readonly string[];
  /** Evidence's copies of items' images; without it the bundle has none. */
  readonly media?: Pick<MediaRepository, 'evidenceMedia'>;
}

export interface EvidenceBundle {
  readonly dir: string;
  readonly from: string;
  readonly to: string;
  readonly incidentId: number | null;
  readonly files: readonly { readonly name: string; readonly sha256: string; readonly bytes: number }[];
  /** SHA-256 of manifest.json: record it elsewhere (it is in the audit log) to pin the whole bundle. */
  readonly manifestSha256: string;
  readonly evidenceCount: number;
  readonly auditCount: number;
}

/** How far before a freeze the first unverified item is looked for. */
const lookbackMs = 6 * 3_600_000;
/** How long after the last unfreeze the incident's statement and clean-up still belong to it. */
const afterCloseMs = 3 * 3_600_000;

/** A JSON tree with secret-looking keys' values removed and registered secrets blanked out. */
function scrub(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretLikeKey(k) ? '[redacted]' : scrub(v)]));
  }
  return value;
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function iso(value: string, what: string): string {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new AppError('BAD_INPUT', `The ${what} time is not a valid time.`);
  return new Date(ms).toISOString();
}

/** Everything an incident window holds: its bounds, evidence, audit entries and unverified items. */
export async function gatherIncident(deps: EvidenceBundleDeps, selector: BundleSelector) {
  const { control, ledger, auditRepo, clock } = deps;
  const generatedAt = clock.now().toISOString();
  let from: string;
  let to: string;
  let incidentId: number | null = null;
  const channels = deps.channelIds();
  if ('incidentId' in selector) {
    const incident = await control.incident(selector.incidentId);
    if (!incident) throw new AppError('NOT_FOUND', `There is no incident ${selector.incidentId}.`);
    incidentId = incident.id;
    const closedUntil = incident.closedAt === null ? null : new Date(Date.parse(incident.closedAt) + afterCloseMs).toISOString();
    to = closedUntil !== null && closedUntil < generatedAt ? closedUntil : generatedAt;
    // The incident starts with its first unverified item (new, or an older one edited into it),
    // which usually comes before the freeze.
    const before = new Date(Date.parse(incident.openedAt) - lookbackMs).toISOString();
    const first = (await unverifiedSightings(ledger, channels, before, incident.openedAt))[0];
    from = first ? first.at : incident.openedAt;
  } else {
    from = iso(selector.incidentFrom, 'start');
    to = iso(selector.incidentTo, 'end');
  }
  if (from > to) throw new AppError('BAD_INPUT', 'The window ends before it starts.');

  const evidence = (await control.evidenceBetween(from, to)).map((e) => ({ ...e, intact: checkEvidence(e).length === 0 }));
  const auditEntries: AuditEntryRecord[] = await auditRepo.read(async (r) => {
    const out: AuditEntryRecord[] = [];
    for await (const e of r.entriesFrom(1)) if (e.at >= from && e.at <= to) out.push(e);
    return out;
  });
  const unverified = await unverifiedSightings(ledger, channels, from, to);
  return { generatedAt, from, to, incidentId, evidence, auditEntries, unverified };
}

/** The incident's timeline for the screen: the same one the exported report shows. */
export async function incidentTimeline(deps: EvidenceBundleDeps, selector: BundleSelector): Promise<{ incidentId: number | null; from: string; to: string; entries: TimelineEntry[] }> {
  const g = await gatherIncident(deps, selector);
  return { incidentId: g.incidentId, from: g.from, to: g.to, entries: buildTimeline(g.unverified, g.auditEntries).map((t) => ({ ...t, detail: redact(t.detail) })) };
}

export async function exportEvidenceBundle(deps: EvidenceBundleDeps, selector: BundleSelector, outDir: string, actor: Actor): Promise<EvidenceBundle> {
  const { generatedAt, from, to, incidentId, evidence, auditEntries, unverified } = await gatherIncident(deps, selector);
  const images = await gatherBundleImages(deps.media, evidence.map((e) => e.id));
  const imagesOf = (id: number) => images.filter((i) => i.image.evidenceId === id).map(({ image }) => image);

  const evidenceJson = {
    format: 'control-room-evidence/v1',
    from, to, incidentId, generatedAt,
    items: evidence.map((e) => {
      const raw = scrub(parseOrKeep(e.raw));
      const media = imagesOf(e.id).map(({ position, ref, alt, mime, sha256, file, intact, reason }) => ({ position, ref, alt, mime, sha256, file, intact, withheld: reason }));
      return { ...e, raw, text: redact(e.text), normalisedText: redact(e.normalisedText), html: e.html === null ? null : redact(e.html), media, redacted: JSON.stringify(raw) !== JSON.stringify(parseOrKeep(e.raw)) || redact(e.text) !== e.text };
    }),
  };
  const auditJson = {
    format: 'control-room-audit-extract/v1',
    from, to, generatedAt,
    // Stored fields as they are (prev_hash, hash), so the chain can be checked entry by entry.
    entries: auditEntries.map((e) => ({ ...e, target: e.target === null ? null : redact(e.target), reason: e.reason === null ? null : redact(e.reason), details: redact(e.details) })),
  };

  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files: { name: string; sha256: string; bytes: number }[] = [];
  // 'wx': an existing bundle is never overwritten; export to a fresh folder.
  const write = async (name: string, content: string | Uint8Array): Promise<string> => {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    try {
      await writeFile(join(dir, name), data, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('CONFLICT', `${join(dir, name)} already exists; export into an empty folder.`);
      throw err;
    }
    const sha256 = sha256Hex(data);
    files.push({ name, sha256, bytes: data.length });
    return sha256;
  };
  await write('evidence.json', `${JSON.stringify(evidenceJson, null, 2)}\n`);
  if (images.some((i) => i.bytes !== null)) await mkdir(join(dir, 'media'), { recursive: true, mode: 0o700 });
  // The images' bytes exactly as captured: the manifest pins each one.
  for (const { image, bytes } of images) if (image.file !== null && bytes !== null) await write(image.file, bytes);
  await write('audit.json', `${JSON.stringify(auditJson, null, 2)}\n`);
  const report = renderReport({
    title: incidentId === null ? 'Control Room incident report' : `Control Room incident report — incident ${incidentId}`,
    generatedAt, from, to,
    timeline: buildTimeline(unverified, auditEntries).map((t) => ({ ...t, detail: redact(t.detail) })),
    evidence: evidence.map((e) => ({ ...e, text: redact(e.text), images: imagesOf(e.id) })),
    files: [...files],
  });
  await write('report.html', report);
  const manifest = { format: 'control-room-bundle-manifest/v1', generatedAt, from, to, incidentId, algorithm: 'sha256', files: [...files] };
  const manifestSha256 = await write('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  await deps.audit.append({
    actor: actor.id, role: actor.role, action: 'evidence.export', target: incidentId === null ? `${from}..${to}` : `incident ${incidentId}`,
    details: { manifestSha256, files: files.map((f) => ({ name: f.name, sha256: f.sha256 })), evidenceCount: evidence.length, auditCount: auditEntries.length },
  });
  return { dir, from, to, incidentId, files, manifestSha256, evidenceCount: evidence.length, auditCount: auditEntries.length };
}
