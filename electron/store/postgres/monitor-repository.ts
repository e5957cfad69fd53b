// PostgreSQL storage of observed items, the publication ledger, adoptions and per-channel reading
// state (the MonitorRepository interface is in repositories.ts; same semantics as the SQLite one).
import type { ItemRevision, ItemStatus, MatchedBy, Provenance, Severity, Signal, StoredItem } from '../records';
import type { AsyncMonitorRepository } from './async-store';
import { num, optStr, queries, str, type Row } from './rows';
import type { PgSession } from './transaction';

/** The columns an item and its revisions share. */
const contentOf = (r: Row) => ({
  channelId: str(r.channel_id),
  itemId: str(r.item_id),
  text: str(r.text),
  html: optStr(r.html),
  url: optStr(r.url),
  raw: str(r.raw),
  contentHash: str(r.content_hash),
  provenance: str(r.provenance) as Provenance,
  matchedBy: optStr(r.matched_by) as MatchedBy,
});

const toItem = (r: Row): StoredItem => ({
  ...contentOf(r),
  firstSeenAt: str(r.first_seen_at),
  publishedAt: optStr(r.published_at),
  severity: optStr(r.severity) as Severity | null,
  signals: JSON.parse(str(r.signals)) as Signal[],
  status: str(r.status) as ItemStatus,
  statusDetail: optStr(r.status_detail),
});

const toRevision = (r: Row): ItemRevision => ({ ...contentOf(r), replacedAt: str(r.replaced_at) });

export function createPostgresMonitorRepository(s: PgSession): AsyncMonitorRepository {
  const { all, one, changes } = queries(s);
  const { transaction } = s;
  const present = async (sql: string, values: readonly string[]): Promise<boolean> => (await one(sql, values)) !== undefined;

  return {
    transaction,
    // One statement for the whole batch, rows in the order given (row_order breaks first_seen_at
    // ties as SQLite's rowid does). A duplicate within the batch conflicts with its first copy, so
    // it is new only once; what was inserted comes back as keys, each item reported at most once.
    insertNew: async (items) => {
      if (items.length === 0) return [];
      const rows = items.map((i, ord) => ({ ...i, signals: JSON.stringify(i.signals), ord }));
      const inserted = await all(
        `INSERT INTO observed_items (channel_id, item_id, first_seen_at, published_at, text, html, url, raw,
           content_hash, provenance, matched_by, severity, signals, status, status_detail)
         SELECT "channelId", "itemId", "firstSeenAt", "publishedAt", text, html, url, raw, "contentHash", provenance, "matchedBy", severity, signals, status, "statusDetail"
           FROM json_to_recordset($1::json) AS i("channelId" text, "itemId" text, "firstSeenAt" text, "publishedAt" text, text text, html text,
             url text, raw text, "contentHash" text, provenance text, "matchedBy" text, severity text, signals text, status text, "statusDetail" text, ord integer)
           ORDER BY ord
         ON CONFLICT (channel_id, item_id) DO NOTHING
         RETURNING channel_id, item_id`,
        [JSON.stringify(rows)],
      );
      const fresh = new Set(inserted.map((r) => JSON.stringify([str(r.channel_id), str(r.item_id)])));
      return items.filter((i) => fresh.delete(JSON.stringify([i.channelId, i.itemId])));
    },
    get: async (channelId, itemId) => {
      const r = await one('SELECT * FROM observed_items WHERE channel_id = $1 AND item_id = $2', [channelId, itemId]);
      return r ? toItem(r) : null;
    },
    exists: (channelId, itemId) => present('SELECT 1 FROM observed_items WHERE channel_id = $1 AND item_id = $2', [channelId, itemId]),
    list: async (channelId, limit) =>
      (await all('SELECT * FROM observed_items WHERE channel_id = $1 ORDER BY first_seen_at DESC, row_order DESC LIMIT $2', [channelId, limit])).map(toItem),
    unverifiedSince: async (channelIds, sinceIso) => {
      if (channelIds.length === 0) return [];
      const rows = await all(
        "SELECT * FROM observed_items WHERE provenance = 'unverified' AND first_seen_at >= $1 AND channel_id = ANY($2::text[]) ORDER BY first_seen_at, row_order",
        [sinceIso, channelIds],
      );
      return rows.map(toItem);
    },
    editedUnverifiedSince: async (channelIds, sinceIso) => {
      if (channelIds.length === 0) return [];
      const rows = await all(
        `SELECT * FROM observed_items o WHERE provenance = 'unverified' AND first_seen_at < $1 AND channel_id = ANY($2::text[])
           AND EXISTS (SELECT 1 FROM item_revisions r WHERE r.channel_id = o.channel_id AND r.item_id = o.item_id AND r.replaced_at >= $1)
         ORDER BY first_seen_at, row_order`,
        [sinceIso, channelIds],
      );
      return rows.map(toItem);
    },
    recentTimes: async (channelId, sinceIso) =>
      (await all('SELECT first_seen_at FROM observed_items WHERE channel_id = $1 AND first_seen_at >= $2', [channelId, sinceIso])).map((r) => Date.parse(str(r.first_seen_at))),
    liveItemIdsSince: async (channelId, sinceIso) =>
      (await all("SELECT item_id, first_seen_at FROM observed_items WHERE channel_id = $1 AND status = 'live' AND first_seen_at >= $2", [channelId, sinceIso ?? ''])).map(
        (r) => ({ itemId: str(r.item_id), firstSeenAt: str(r.first_seen_at) }),
      ),
    markGone: async (channelId, itemIds, at) => {
      if (itemIds.length === 0) return;
      await s.query("UPDATE observed_items SET status = 'gone', gone_at = $1 WHERE channel_id = $2 AND item_id = ANY($3::text[]) AND status = 'live'", [at, channelId, itemIds]);
    },
    setStatus: async (channelId, itemId, status, detail) => {
      await s.query('UPDATE observed_items SET status = $1, status_detail = $2 WHERE channel_id = $3 AND item_id = $4', [status, detail, channelId, itemId]);
    },
    setProvenance: async (channelId, itemId, provenance, matchedBy) => {
      await s.query('UPDATE observed_items SET provenance = $1, matched_by = $2, severity = NULL WHERE channel_id = $3 AND item_id = $4', [provenance, matchedBy, channelId, itemId]);
    },
    recordPublication: async (p) => {
      const r = await one(
        'INSERT INTO publications (channel_id, item_id, content_hash, statement_id, approvers, published_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [p.channelId, p.itemId, p.contentHash, p.statementId, JSON.stringify(p.approvers), p.publishedAt],
      );
      return num(r?.id);
    },
    // The oldest open entry with this content, once: `item_id IS NULL` is checked again on the row
    // itself, so two desks binding the same content cannot both take the same entry.
    bindOpenPublication: async (channelId, hash, itemId) =>
      (await changes(
        `UPDATE publications SET item_id = $1 WHERE item_id IS NULL AND id = (
           SELECT id FROM publications WHERE channel_id = $2 AND content_hash = $3 AND item_id IS NULL ORDER BY id LIMIT 1)`,
        [itemId, channelId, hash],
      )) > 0,
    hasItem: (channelId, itemId) => present('SELECT 1 FROM publications WHERE channel_id = $1 AND item_id = $2', [channelId, itemId]),
    hasOpenContent: (channelId, hash) => present('SELECT 1 FROM publications WHERE channel_id = $1 AND content_hash = $2 AND item_id IS NULL', [channelId, hash]),
    publishedHash: async (channelId, itemId) => optStr((await one('SELECT content_hash FROM publications WHERE channel_id = $1 AND item_id = $2', [channelId, itemId]))?.content_hash),
    // The stored content goes to the revisions first, in the same transaction as the row's change.
    recordEdit: (e) =>
      transaction(async () => {
        const kept = await changes(
          `INSERT INTO item_revisions (channel_id, item_id, text, html, url, raw, content_hash, provenance, matched_by, replaced_at)
           SELECT channel_id, item_id, text, html, url, raw, content_hash, provenance, matched_by, $1 FROM observed_items WHERE channel_id = $2 AND item_id = $3`,
          [e.observedAt, e.channelId, e.itemId],
        );
        if (kept === 0) return null;
        const r = await one(
          `UPDATE observed_items SET text = $1, html = $2, url = $3, raw = $4, content_hash = $5, provenance = $6, matched_by = $7, severity = $8, signals = $9
           WHERE channel_id = $10 AND item_id = $11 RETURNING *`,
          [e.text, e.html, e.url, e.raw, e.contentHash, e.provenance, e.matchedBy, e.severity, JSON.stringify(e.signals), e.channelId, e.itemId],
        );
        return r ? toItem(r) : null;
      }),
    revisions: async (channelId, itemId) => (await all('SELECT * FROM item_revisions WHERE channel_id = $1 AND item_id = $2 ORDER BY id', [channelId, itemId])).map(toRevision),
    isAdopted: (channelId, itemId) => present('SELECT 1 FROM adoptions WHERE channel_id = $1 AND item_id = $2', [channelId, itemId]),
    adopt: async (channelId, itemId, by, reason, at) => {
      await s.query(
        `INSERT INTO adoptions (channel_id, item_id, adopted_by, reason, adopted_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (channel_id, item_id) DO UPDATE SET adopted_by = excluded.adopted_by, reason = excluded.reason, adopted_at = excluded.adopted_at`,
        [channelId, itemId, by, reason, at],
      );
    },
    cursor: async (channelId) => {
      const r = await one('SELECT cursor, profile, last_read_at FROM channel_state WHERE channel_id = $1', [channelId]);
      return { cursor: optStr(r?.cursor), profile: optStr(r?.profile), lastReadAt: optStr(r?.last_read_at) };
    },
    saveCursor: async (channelId, cursor, at, profile) => {
      await s.query(
        `INSERT INTO channel_state (channel_id, cursor, last_read_at, profile) VALUES ($1, $2, $3, $4)
         ON CONFLICT (channel_id) DO UPDATE SET cursor = excluded.cursor, last_read_at = excluded.last_read_at, profile = excluded.profile`,
        [channelId, cursor, at, profile],
      );
    },
    learnedDomains: async (channelId) => (await all('SELECT domain FROM learned_link_domains WHERE channel_id = $1 ORDER BY learned_at, domain COLLATE "C"', [channelId])).map((r) => str(r.domain)),
    learnDomain: async (channelId, domain, at) => {
      await s.query('INSERT INTO learned_link_domains (channel_id, domain, learned_at) VALUES ($1, $2, $3) ON CONFLICT (channel_id, domain) DO NOTHING', [channelId, domain, at]);
    },
  };
}
