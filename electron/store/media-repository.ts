// SQLite storage of images (the MediaRepository interface is in repositories.ts): cleaned images
// by SHA-256, each statement version's images, what items read back carry, and evidence's copies.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type {
  EvidenceMediaRecord,
  MediaInfo,
  MediaRecord,
  ObservedMediaRecord,
  ObservedMediaState,
  ObservedMediaWithBytes,
  StatementImage,
  StoredImageMime,
} from './records';
import type { MediaRepository } from './repositories';
import { gated, sqliteTransactions } from './transaction';

type Row = Record<string, SQLInputValue>;
const text = (row: Row, key: string): string => String(row[key]);
const textOrNull = (row: Row, key: string): string | null => (row[key] === null || row[key] === undefined ? null : String(row[key]));
const numOrNull = (row: Row, key: string): number | null => (row[key] === null || row[key] === undefined ? null : Number(row[key]));
const bytesOrNull = (row: Row, key: string): Uint8Array | null => {
  const v = row[key];
  return v instanceof Uint8Array ? new Uint8Array(v) : null;
};
const state = (row: Row): ObservedMediaState => {
  const s = text(row, 'state');
  return s === 'shown' || s === 'withheld' ? s : 'pending';
};

const toInfo = (r: Row): MediaInfo => ({
  sha256: text(r, 'sha256'),
  mime: text(r, 'mime') as StoredImageMime,
  width: Number(r['width']),
  height: Number(r['height']),
  addedBy: text(r, 'added_by'),
  addedAt: text(r, 'added_at'),
  size: Number(r['size']),
});

const toObserved = (r: Row): ObservedMediaRecord => ({
  position: Number(r['position']),
  ref: text(r, 'ref'),
  mime: textOrNull(r, 'mime'),
  alt: textOrNull(r, 'alt'),
  sha256: textOrNull(r, 'sha256'),
  state: state(r),
  reason: textOrNull(r, 'reason'),
  width: numOrNull(r, 'width'),
  height: numOrNull(r, 'height'),
});

const observedColumns = 'position, ref, mime, alt, sha256, state, reason, width, height';
// Conflicts on the key alone are ignored (or update): OR IGNORE would also swallow a CHECK or NOT
// NULL violation, storing nothing without a word, where PostgreSQL's backend refuses the row.

export function createSqliteMediaRepository(db: DatabaseSync): MediaRepository {
  // A write of several rows is all or nothing, as on PostgreSQL.
  const { atomically } = sqliteTransactions(db);
  const q = (sql: string) => db.prepare(sql);
  const insertMedia = q('INSERT INTO media (sha256, mime, width, height, bytes, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING');
  const selectMedia = q('SELECT * FROM media WHERE sha256 = ?');
  const selectInfo = q('SELECT sha256, mime, width, height, added_by, added_at, length(bytes) AS size FROM media WHERE sha256 = ?');
  const insertVersionImage = q('INSERT INTO statement_version_images (statement_id, version, position, sha256, alt) VALUES (?, ?, ?, ?, ?)');
  const selectVersionImages = q('SELECT sha256, alt FROM statement_version_images WHERE statement_id = ? AND version = ? ORDER BY position');
  const deleteObserved = q('DELETE FROM observed_media WHERE channel_id = ? AND item_id = ?');
  const insertObserved = q(
    'INSERT INTO observed_media (channel_id, item_id, position, ref, mime, alt, sha256, bytes, state, reason, width, height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const selectObserved = q(`SELECT ${observedColumns} FROM observed_media WHERE channel_id = ? AND item_id = ? ORDER BY position`);
  // One query for a page of items: the ids travel as one JSON array.
  const selectObservedOf = q(`SELECT item_id, ${observedColumns} FROM observed_media WHERE channel_id = ? AND item_id IN (SELECT value FROM json_each(?)) ORDER BY item_id, position`);
  const selectObservedWithBytes = q(`SELECT ${observedColumns}, bytes FROM observed_media WHERE channel_id = ? AND item_id = ? ORDER BY position`);
  const selectShownBytes = q("SELECT mime, bytes FROM observed_media WHERE sha256 = ? AND state = 'shown' AND bytes IS NOT NULL LIMIT 1");
  const deleteSend = q('DELETE FROM statement_send_images WHERE statement_id = ?');
  const insertSend = q('INSERT INTO statement_send_images (statement_id, position, sha256, alt) VALUES (?, ?, ?, ?)');
  const selectSend = q('SELECT sha256, alt FROM statement_send_images WHERE statement_id = ? ORDER BY position');
  const insertRef = q(
    'INSERT INTO publication_media_refs (channel_id, statement_id, sha256, ref) VALUES (?, ?, ?, ?) ON CONFLICT (channel_id, statement_id, ref) DO UPDATE SET sha256 = excluded.sha256',
  );
  const selectRefs = q('SELECT ref FROM publication_media_refs WHERE channel_id = ? AND statement_id = ?');
  const publicationByItem = q('SELECT statement_id FROM publications WHERE channel_id = ? AND item_id = ? LIMIT 1');
  const publicationOpen = q('SELECT statement_id FROM publications WHERE channel_id = ? AND item_id IS NULL AND content_hash = ? ORDER BY id LIMIT 1');
  const sendInFlight = q("SELECT 1 FROM outbox WHERE statement_id = ? AND channel_id = ? AND status IN ('claimed', 'unknown') LIMIT 1");
  const insertEvidence = q(
    'INSERT INTO evidence_media (evidence_id, position, ref, mime, alt, sha256, bytes, state, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (evidence_id, position) DO NOTHING',
  );
  const selectEvidence = q('SELECT * FROM evidence_media WHERE evidence_id = ? ORDER BY position');

  return gated<MediaRepository>(db, {
    putMedia: (m) => {
      insertMedia.run(m.sha256, m.mime, m.width, m.height, m.bytes, m.addedBy, m.addedAt);
    },
    getMedia: (sha256) => {
      const r = selectMedia.get(sha256) as Row | undefined;
      if (!r) return null;
      const bytes = bytesOrNull(r, 'bytes') ?? new Uint8Array();
      return { ...toInfo({ ...r, size: bytes.length }), bytes } satisfies MediaRecord & { size: number };
    },
    mediaInfo: (sha256) => {
      const r = selectInfo.get(sha256) as Row | undefined;
      return r ? toInfo(r) : null;
    },
    setVersionImages: (statementId, version, images) =>
      atomically(() => {
        images.forEach((image, position) => insertVersionImage.run(statementId, version, position, image.sha256, image.alt));
      }),
    versionImages: (statementId, version): StatementImage[] =>
      (selectVersionImages.all(statementId, version) as Row[]).map((r) => ({ sha256: text(r, 'sha256'), alt: text(r, 'alt') })),
    setObservedMedia: (channelId, itemId, media) =>
      atomically(() => {
        deleteObserved.run(channelId, itemId);
        for (const m of media) {
          insertObserved.run(channelId, itemId, m.position, m.ref, m.mime, m.alt, m.sha256, m.bytes, m.state, m.reason, m.width, m.height);
        }
      }),
    observedMedia: (channelId, itemId) => (selectObserved.all(channelId, itemId) as Row[]).map(toObserved),
    observedMediaOf: (channelId, itemIds) => {
      const out = new Map<string, ObservedMediaRecord[]>();
      if (itemIds.length === 0) return out;
      for (const r of selectObservedOf.all(channelId, JSON.stringify(itemIds)) as Row[]) {
        const itemId = text(r, 'item_id');
        const list = out.get(itemId) ?? [];
        list.push(toObserved(r));
        out.set(itemId, list);
      }
      return out;
    },
    observedMediaWithBytes: (channelId, itemId): ObservedMediaWithBytes[] =>
      (selectObservedWithBytes.all(channelId, itemId) as Row[]).map((r) => ({ ...toObserved(r), bytes: bytesOrNull(r, 'bytes') })),
    shownImage: (sha256) => {
      const own = selectMedia.get(sha256) as Row | undefined;
      const r = own ?? (selectShownBytes.get(sha256) as Row | undefined);
      const bytes = r ? bytesOrNull(r, 'bytes') : null;
      return r && bytes ? { mime: text(r, 'mime'), bytes } : null;
    },
    setSendImages: (statementId, images) =>
      atomically(() => {
        deleteSend.run(statementId);
        images.forEach((image, position) => insertSend.run(statementId, position, image.sha256, image.alt));
      }),
    sendImages: (statementId) => (selectSend.all(statementId) as Row[]).map((r) => ({ sha256: text(r, 'sha256'), alt: text(r, 'alt') })),
    recordMediaRefs: (channelId, statementId, refs) =>
      atomically(() => {
        for (const r of refs) insertRef.run(channelId, statementId, r.sha256, r.ref);
      }),
    expectedMedia: (channelId, itemId, contentHash) => {
      const entry = (publicationByItem.get(channelId, itemId) ?? publicationOpen.get(channelId, contentHash)) as Row | undefined;
      if (!entry) return null;
      const statementId = textOrNull(entry, 'statement_id');
      if (statementId === null) return { sha256s: [], refs: [] };
      return {
        sha256s: (selectSend.all(statementId) as Row[]).map((r) => text(r, 'sha256')),
        refs: (selectRefs.all(channelId, statementId) as Row[]).map((r) => text(r, 'ref')),
        answerPending: sendInFlight.get(statementId, channelId) !== undefined,
      };
    },
    insertEvidenceMedia: (evidenceId, media) =>
      atomically(() => {
        for (const m of media) insertEvidence.run(evidenceId, m.position, m.ref, m.mime, m.alt, m.sha256, m.bytes, m.state, m.reason);
      }),
    evidenceMedia: (evidenceId): EvidenceMediaRecord[] =>
      (selectEvidence.all(evidenceId) as Row[]).map((r) => ({
        position: Number(r['position']),
        ref: text(r, 'ref'),
        mime: textOrNull(r, 'mime'),
        alt: textOrNull(r, 'alt'),
        sha256: textOrNull(r, 'sha256'),
        bytes: bytesOrNull(r, 'bytes'),
        state: state(r),
        reason: textOrNull(r, 'reason'),
      })),
  });
}
