// Images end to end through the core's services on a real SQLite file: an approved statement goes
// out with its images, reads back verified with them (and a swapped one alarms); an attacker's
// post with an image is quarantined with the image's bytes in the evidence bundle; hostile images
// (SVG, a decompression bomb, an oversized file) are withheld with the reason.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../electron/core/audit/audit-log';
import { createControlService, type ControlService } from '../../electron/core/control/control-service';
import { createEventRecorder } from '../../electron/core/control/events';
import { feedItemsWithMedia } from '../../electron/core/channels/channel-service';
import { cleanImage } from '../../electron/core/media';
import { createMonitor, type Monitor } from '../../electron/core/monitor/monitor';
import { createManualClock } from '../../electron/lib/clock';
import { createLogger } from '../../electron/lib/log';
import { openSqliteStore } from '../../electron/store/sqlite-store';
import type { Store } from '../../electron/store/repositories';
import { makeSigningKey } from '../helpers/audit-test-kit';
import { supervisor } from '../helpers/control-test-kit';
import { imageChannel, type ImageChannel } from '../helpers/image-channel';
import { jpegImage, jpegWithGps, pngBomb, pngImage, svgWithScript } from '../helpers/images';

let dir: string;
let store: Store;
let channel: ImageChannel;
let monitor: Monitor;
let control: ControlService;
const clock = createManualClock('2019-07-19T12:00:00Z');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cr-media-flow-'));
  store = openSqliteStore(join(dir, 'control-room.db'));
  channel = imageChannel('mastodon');
  await store.channels.upsert({ id: 'masto', kind: 'mastodon', name: 'Mastodon', config: {}, secretRef: null, demo: false, createdAt: clock.now().toISOString() });
  const logger = createLogger({ quiet: true });
  const audit = createAuditLog({ repo: store.audit, clock, signingKey: makeSigningKey(), checkpointEvery: 1_000_000 });
  const adapters = new Map([['masto', channel.adapter]]);
  control = createControlService({ control: store.control, ledger: store.monitor, media: store.media, audit, auditRepo: store.audit, adapters, clock, logger, events: createEventRecorder() });
  monitor = createMonitor({ repo: store.monitor, media: store.media, clock, logger, scoring: { officeHours: { start: 0, end: 24, timeZone: 'UTC' }, ownDomains: [], baselinePerHour: 2 } });
  monitor.subscribe(control.quarantine.listener);
  monitor.add({ id: 'masto', name: 'Mastodon', adapter: channel.adapter, pollIntervalMs: 1000 });
});
afterEach(async () => {
  await control.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Cleans and stores an image as media.add does; returns its hash. */
async function stored(bytes: Uint8Array, mime: string): Promise<string> {
  const cleaned = await cleanImage(bytes, mime);
  if (!cleaned.ok) throw new Error(cleaned.reason);
  await store.media.putMedia({ sha256: cleaned.sha256, mime: cleaned.mime, width: cleaned.width, height: cleaned.height, bytes: cleaned.bytes, addedBy: 'olu', addedAt: clock.now().toISOString() });
  return cleaned.sha256;
}

async function publishWithImage(statementId: string): Promise<{ sha256: string; itemId: string }> {
  await monitor.pollOnce('masto'); // the baseline read of an empty channel
  const sha256 = await stored(await jpegWithGps(), 'image/jpeg');
  const rows = await control.outbox.fanOut({
    statementId, approvers: ['olu', 'sam'], variants: { masto: { title: null, text: 'Have you seen this man? Call 101.', html: null } },
    images: [{ sha256, alt: 'CCTV still: a man in a red coat' }], actor: supervisor,
  });
  expect(rows.map((r) => r.status)).toEqual(['sent']);
  return { sha256, itemId: rows[0]?.itemId ?? '' };
}

describe('statement images out and back', () => {
  it('sends the cleaned bytes with alt text, and reads the item back verified with its image shown', async () => {
    const { sha256, itemId } = await publishWithImage('appeal');
    expect(channel.published[0]?.images.map((i) => ({ sha256: i.sha256, alt: i.alt, mime: i.mime }))).toEqual([{ sha256, alt: 'CCTV still: a man in a red coat', mime: 'image/jpeg' }]);
    expect(Buffer.from(channel.published[0]?.images[0]?.bytes ?? []).includes('Canon')).toBe(false);
    const [item] = await monitor.pollOnce('masto');
    expect(item).toMatchObject({ itemId, provenance: 'verified' });
    expect(await store.media.observedMedia('masto', itemId)).toEqual([expect.objectContaining({ state: 'shown', sha256, alt: 'CCTV still: a man in a red coat' })]);
  });

  it('raises the alarm when our post reads back with a different image', async () => {
    const { itemId } = await publishWithImage('appeal');
    channel.replaceImage(itemId, 0, await jpegImage(80, 60, '#000'));
    const [item] = await monitor.pollOnce('masto');
    expect(item).toMatchObject({ itemId, provenance: 'unverified', severity: 'critical', signals: [expect.objectContaining({ kind: 'image-mismatch', detail: expect.stringContaining('swapped') })] });
  });

  it('refuses at send an image over the channel limit, sending nothing', async () => {
    await monitor.pollOnce('masto');
    const big = await stored(await pngImage(4000, 3000), 'image/png');
    await expect(control.outbox.fanOut({ statementId: 's2', approvers: ['a', 'b'], variants: { masto: { title: null, text: 'Map', html: null } }, images: [{ sha256: big, alt: 'Map' }], actor: supervisor }))
      .rejects.toThrow(/Image 1 is 4000x3000 pixels; Mastodon takes at most 8.3 megapixels/);
    expect(channel.published).toEqual([]);
  });
});

describe('hostile images read back', () => {
  it('withholds an SVG, a decompression bomb and an oversized file, saying why; shows a plain PNG', async () => {
    await monitor.pollOnce('masto');
    const huge = new Uint8Array(17 * 1024 * 1024);
    huge.set(await pngImage(), 0);
    const id = channel.post('look at this', [
      { bytes: svgWithScript, mime: 'image/png' },
      { bytes: await pngBomb(), mime: 'image/png' },
      { bytes: huge, mime: 'image/png' },
      { bytes: await pngImage(), mime: 'image/png' },
    ]);
    await monitor.pollOnce('masto');
    const media = await store.media.observedMedia('masto', id);
    expect(media.map((m) => [m.state, m.reason?.slice(0, 40) ?? null])).toEqual([
      ['withheld', 'SVG is not accepted: it is a document th'],
      ['withheld', expect.stringContaining('The image is larger than the 40')],
      ['withheld', 'larger than the 16 MB this channel allow'],
      ['shown', null],
    ]);
    expect(await store.media.shownImage(media[0]?.sha256 ?? '')).toBeNull();
    // The column gets a hash only for the image it may show, and the reason for each one it may not.
    const [row] = await feedItemsWithMedia(store.media, 'masto', await store.monitor.list('masto', 10));
    expect(row?.media.map((m) => [m.state, m.sha256 === null])).toEqual([['withheld', true], ['withheld', true], ['withheld', true], ['shown', false]]);
  });

  it("quarantines an attacker's post with its image, and the evidence bundle carries the image's bytes", async () => {
    await monitor.pollOnce('masto');
    await control.freeze.freeze({ scope: '*', reason: 'hijacked', actor: supervisor });
    const attackImage = await pngImage(30, 30, '#f0f');
    const id = channel.post('We are hacked lol', [{ bytes: attackImage, mime: 'image/png', alt: 'meme' }, { bytes: svgWithScript, mime: 'image/svg+xml' }]);
    await monitor.pollOnce('masto');
    await control.retraction.idle();
    expect(channel.has(id)).toBe(false);
    const bundle = await control.exportEvidenceBundle({ incidentId: (await store.control.latestIncident())?.id ?? 0 }, join(dir, 'bundle'), supervisor);
    const sha = createHash('sha256').update(attackImage).digest('hex');
    const imageFile = bundle.files.find((f) => f.name.startsWith('media/') && f.name.endsWith('.png'));
    expect(imageFile).toMatchObject({ sha256: sha });
    expect(readFileSync(join(bundle.dir, imageFile?.name ?? ''))).toEqual(Buffer.from(attackImage));
    const svgFile = bundle.files.find((f) => f.name.endsWith('.bin'));
    expect(readFileSync(join(bundle.dir, svgFile?.name ?? '')).toString()).toContain('<script>');
    const report = readFileSync(join(bundle.dir, 'report.html'), 'utf8');
    expect(report).toMatch(/<img src="data:image\/webp;base64,[A-Za-z0-9+/=]+" alt="meme">/);
    expect(report).toContain('Image withheld: SVG is not accepted');
    expect(report).not.toContain('<script>');
    const evidence = JSON.parse(readFileSync(join(bundle.dir, 'evidence.json'), 'utf8')) as { items: { media: { sha256: string; intact: boolean }[] }[] };
    expect(evidence.items[0]?.media.map((m) => [m.sha256 === sha, m.intact])).toEqual([[true, true], [false, true]]);
  });
});
