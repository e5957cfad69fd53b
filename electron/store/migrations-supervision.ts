// Migration 8: what a supervisor decides about sends after the fact. An outbox row carries the
// end of the approval (or break-glass window) it was queued under, who confirmed it when that ran
// out while it waited, and who cancelled it; held_by learns 'stale-approval'. Break-glass uses
// get their review. Once shipped, never edited: add the next migration instead.
export const supervisionMigrationSql = `
  -- SQLite cannot change a CHECK constraint in place: the column is replaced, values kept.
  ALTER TABLE outbox ADD COLUMN held_by_v8 TEXT
    CHECK (held_by_v8 IN ('freeze', 'schedule', 'rate-limit', 'network', 'not-connected', 'resend', 'stale-approval'));
  UPDATE outbox SET held_by_v8 = held_by;
  ALTER TABLE outbox DROP COLUMN held_by;
  ALTER TABLE outbox RENAME COLUMN held_by_v8 TO held_by;

  -- After approved_until the approval behind a queued row has run out: it is held for a
  -- supervisor's confirmation (a break-glass row is refused). NULL: no window recorded.
  ALTER TABLE outbox ADD COLUMN approved_until TEXT;
  ALTER TABLE outbox ADD COLUMN break_glass_id TEXT;
  ALTER TABLE outbox ADD COLUMN confirmed_by TEXT;
  ALTER TABLE outbox ADD COLUMN confirmed_at TEXT;
  ALTER TABLE outbox ADD COLUMN cancelled_by TEXT;
  ALTER TABLE outbox ADD COLUMN cancelled_at TEXT;

  -- Rows written before this version: break-glass sends are named by their statement id
  -- ('break-glass-' and the authorisation's id); queued rows keep the window they were approved under.
  UPDATE outbox SET break_glass_id = substr(statement_id, 13)
    WHERE statement_id LIKE 'break-glass-%' AND substr(statement_id, 13) IN (SELECT id FROM break_glass_authorisations);
  UPDATE outbox SET approved_until = (SELECT expires_at FROM break_glass_authorisations b WHERE b.id = outbox.break_glass_id)
    WHERE status = 'queued' AND break_glass_id IS NOT NULL;
  UPDATE outbox SET approved_until = (
      SELECT max(r.expires_at) FROM statement_reviews r WHERE r.statement_id = outbox.statement_id AND r.decision = 'approved' AND r.voided_at IS NULL
    )
    WHERE status = 'queued' AND break_glass_id IS NULL;

  -- A supervisor other than the one who used break-glass reviews it, once, with a note.
  ALTER TABLE break_glass_authorisations ADD COLUMN reviewed_by TEXT REFERENCES accounts (id);
  ALTER TABLE break_glass_authorisations ADD COLUMN reviewed_at TEXT;
  ALTER TABLE break_glass_authorisations ADD COLUMN review_note TEXT;
`;
