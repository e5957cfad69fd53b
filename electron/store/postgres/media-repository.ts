// PostgreSQL storage of images (the MediaRepository interface is in repositories.ts; the same
// semantics as the SQLite one, electron/store/media-repository.ts): cleaned images by SHA-256, each
// statement version's images, what items read back carry, and evidence's copies. Statements that
// must go together run in one transaction; reads that must agree run in one snapshot.
import type {
  EvidenceMediaRecord,
  MediaInfo,
  ObservedMediaRecord,
  ObservedMediaState,
  ObservedMediaWithBytes,
  StatementImage,
  StoredImageMime,
} from '../records';
import type { AsyncMediaRepository } from './async-store';
import { num, optNum, optStr, queries, str, type Row } from './rows';
import type { PgSession } from './transaction';

/** bytea arrives as a Buffer: handed out as a plain Uint8Array, as SQLite's backend does. */
const bytesOrNull = (v: unknown): Uint8Array | null => (v instanceof Uint8Array ? new Uint8Array(v) : null);
const stateOf = (v: unknown): ObservedMediaState => {
  const s = str(v);
  return s === 'shown' || s === 'withheld' ? s : 'pending';
};

const toInfo = (r: Row, size: number): MediaInfo => ({
  sha256: str(r.sha256),
  mime: str(r.mime) as StoredImageMime,
  width: num(r.width),
  height: num(r.height),
  addedBy: str(r.added_by),
  addedAt: str(r.added_at),
  size,
});

const toObserved = (r: Row): ObservedMediaRecord => ({
  position: num(r.position),
  ref: str(r.ref),
  mime: optStr(r.mime),
  alt: optStr(r.alt),
  sha256: optStr(r.sha256),
  state: stateOf(r.state),
  reason: optStr(r.reason),
  width: optNum(r.width),
  height: optNum(r.height),
});

const toImage = (r: Row): StatementImage => ({ sha256: str(r.sha256), alt: str(r.alt) });

const observedColumns = 'position, ref, mime, alt, sha256, state, reason, width, height';

export function createPostgresMediaRepository(s: PgSession): AsyncMediaRepository {
  const { all, one } = queries(s);
  const { transaction, snapshot } = s;

  const sendImagesOf = async (statementId: string): Promise<StatementImage[]> =>
    (await all('SELECT sha256, alt FROM statement_send_images WHERE statement_id = $1 ORDER BY position', [statementId])).map(toImage);

  return {
    putMedia: async (m) => {
      await s.query(
        'INSERT INTO media (sha256, mime, width, height, bytes, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING',
        [m.sha256, m.mime, m.width, m.height, m.bytes, m.addedBy, m.addedAt],
      );
    },
    getMedia: async (sha256) => {
      const r = await one('SELECT sha256, mime, width, height, bytes, added_by, added_at FROM media WHERE sha256 = $1', [sha256]);
      if (!r) return null;
      const bytes = bytesOrNull(r.bytes) ?? new Uint8Array();
      return { ...toInfo(r, bytes.length), bytes };
    },
    mediaInfo: async (sha256) => {
      const r = await one('SELECT sha256, mime, width, height, added_by, added_at, octet_length(bytes) AS size FROM media WHERE sha256 = $1', [sha256]);
      return r ? toInfo(r, num(r.size)) : null;
    },
    setVersionImages: (statementId, version, images) =>
      transaction(async () => {
        for (const [position, image] of images.entries()) {
          await s.query('INSERT INTO statement_version_images (statement_id, version, position, sha256, alt) VALUES ($1, $2, $3, $4, $5)', [
            statementId, version, position, image.sha256, image.alt,
          ]);
        }
      }),
    versionImages: async (statementId, version) =>
      (await all('SELECT sha256, alt FROM statement_version_images WHERE statement_id = $1 AND version = $2 ORDER BY position', [statementId, version])).map(toImage),
    setObservedMedia: (channelId, itemId, media) =>
      transaction(async () => {
        await s.query('DELETE FROM observed_media WHERE channel_id = $1 AND item_id = $2', [channelId, itemId]);
        for (const m of media) {
          await s.query(
            `INSERT INTO observed_media (channel_id, item_id, position, ref, mime, alt, sha256, bytes, state, reason, width, height)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
            [channelId, itemId, m.position, m.ref, m.mime, m.alt, m.sha256, m.bytes, m.state, m.reason, m.width, m.height],
          );
        }
      }),
    observedMedia: async (channelId, itemId) =>
      (await all(`SELECT ${observedColumns} FROM observed_media WHERE channel_id = $1 AND item_id = $2 ORDER BY position`, [channelId, itemId])).map(toObserved),
    // One query for a page of items; item ids in SQLite's byte order.
    observedMediaOf: async (channelId, itemIds) => {
      const out = new Map<string, ObservedMediaRecord[]>();
      if (itemIds.length === 0) return out;
      const rows = await all(
        `SELECT item_id, ${observedColumns} FROM observed_media WHERE channel_id = $1 AND item_id = ANY($2::text[]) ORDER BY item_id COLLATE "C", position`,
        [channelId, itemIds],
      );
      for (const r of rows) {
        const itemId = str(r.item_id);
        const list = out.get(itemId) ?? [];
        list.push(toObserved(r));
        out.set(itemId, list);
      }
      return out;
    },
    observedMediaWithBytes: async (channelId, itemId): Promise<ObservedMediaWithBytes[]> =>
      (await all(`SELECT ${observedColumns}, bytes FROM observed_media WHERE channel_id = $1 AND item_id = $2 ORDER BY position`, [channelId, itemId])).map(
        (r) => ({ ...toObserved(r), bytes: bytesOrNull(r.bytes) }),
      ),
    // A statement's own image first; else bytes read back that inspection passed ('shown' only).
    shownImage: async (sha256) => {
      const r = await one(
        `SELECT mime, bytes FROM (
           SELECT 0 AS preference, mime, bytes FROM media WHERE sha256 = $1
           UNION ALL
           (SELECT 1 AS preference, mime, bytes FROM observed_media WHERE sha256 = $1 AND state = 'shown' AND bytes IS NOT NULL LIMIT 1)
         ) AS found ORDER BY preference LIMIT 1`,
        [sha256],
      );
      const bytes = r ? bytesOrNull(r.bytes) : null;
      return r && bytes ? { mime: str(r.mime), bytes } : null;
    },
    setSendImages: (statementId, images) =>
      transaction(async () => {
        await s.query('DELETE FROM statement_send_images WHERE statement_id = $1', [statementId]);
        for (const [position, image] of images.entries()) {
          await s.query('INSERT INTO statement_send_images (statement_id, position, sha256, alt) VALUES ($1, $2, $3, $4)', [statementId, position, image.sha256, image.alt]);
        }
      }),
    sendImages: sendImagesOf,
    recordMediaRefs: (channelId, statementId, refs) =>
      transaction(async () => {
        for (const r of refs) {
          await s.query(
            `INSERT INTO publication_media_refs (channel_id, statement_id, sha256, ref) VALUES ($1, $2, $3, $4)
             ON CONFLICT (channel_id, statement_id, ref) DO UPDATE SET sha256 = excluded.sha256`,
            [channelId, statementId, r.sha256, r.ref],
          );
        }
      }),
    // By the ledger entry of this item, else the oldest still-open entry with this content; the
    // channel's ids are not known while our send to it awaits its answer.
    expectedMedia: (channelId, itemId, contentHash) =>
      snapshot(async () => {
        const entry =
          (await one('SELECT statement_id FROM publications WHERE channel_id = $1 AND item_id = $2 LIMIT 1', [channelId, itemId])) ??
          (await one('SELECT statement_id FROM publications WHERE channel_id = $1 AND item_id IS NULL AND content_hash = $2 ORDER BY id LIMIT 1', [channelId, contentHash]));
        if (!entry) return null;
        const statementId = optStr(entry.statement_id);
        if (statementId === null) return { sha256s: [], refs: [] };
        const refs = await all('SELECT ref FROM publication_media_refs WHERE channel_id = $1 AND statement_id = $2', [channelId, statementId]);
        const inFlight = await one("SELECT 1 FROM outbox WHERE statement_id = $1 AND channel_id = $2 AND status IN ('claimed', 'unknown') LIMIT 1", [statementId, channelId]);
        return {
          sha256s: (await sendImagesOf(statementId)).map((i) => i.sha256),
          refs: refs.map((r) => str(r.ref)),
          answerPending: inFlight !== undefined,
        };
      }),
    insertEvidenceMedia: (evidenceId, media) =>
      transaction(async () => {
        for (const m of media) {
          await s.query(
            `INSERT INTO evidence_media (evidence_id, position, ref, mime, alt, sha256, bytes, state, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (evidence_id, position) DO NOTHING`,
            [evidenceId, m.position, m.ref, m.mime, m.alt, m.sha256, m.bytes, m.state, m.reason],
          );
        }
      }),
    evidenceMedia: async (evidenceId): Promise<EvidenceMediaRecord[]> =>
      (await all('SELECT position, ref, mime, alt, sha256, bytes, state, reason FROM evidence_media WHERE evidence_id = $1 ORDER BY position', [evidenceId])).map((r) => ({
        position: num(r.position),
        ref: str(r.ref),
        mime: optStr(r.mime),
        alt: optStr(r.alt),
        sha256: optStr(r.sha256),
        bytes: bytesOrNull(r.bytes),
        state: stateOf(r.state),
        reason: optStr(r.reason),
      })),
  };
}
