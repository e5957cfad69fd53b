// Tables of the control room's own actions: the freeze gate, incidents, the outbox the fan-out
// sends from, the append-only evidence store, retraction jobs and the Lock runbook's record.
// The lead adds `controlMigrationSql` as the next migration; once shipped it is never edited.
export const controlMigrationSql = `
  -- An incident opens with the first freeze and closes when the last channel is unfrozen; the
  -- evidence bundle is exported per incident.
  CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    opened_at TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    closed_at TEXT,
    closed_by TEXT
  ) STRICT;

  -- One row per frozen scope: a channel id, or '*' for every channel (including ones connected
  -- later). Present = frozen. Who, when and why travel with the row; history is in the audit log.
  CREATE TABLE freezes (
    scope TEXT PRIMARY KEY CHECK (length(scope) BETWEEN 1 AND 64),
    frozen_by TEXT NOT NULL,
    frozen_role TEXT NOT NULL,
    frozen_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    incident_id INTEGER REFERENCES incidents (id)
  ) STRICT;

  -- One row per statement and channel. A row is claimed (status, attempts, claimed_at committed)
  -- before its adapter is called; 'claimed' or 'unknown' rows are settled by reading the channel.
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    statement_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    variant TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    approvers TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('queued', 'claimed', 'unknown', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    not_before TEXT,
    claimed_at TEXT,
    claimed_by TEXT,
    -- The open ledger entry (publications.id) recorded at claim time.
    publication_id INTEGER,
    item_id TEXT,
    read_back TEXT CHECK (read_back IN ('item-id', 'content')),
    url TEXT,
    sent_at TEXT,
    -- Why a queued row is not going out right now (frozen, scheduled, rate limited, retrying).
    held_reason TEXT,
    last_error TEXT,
    requested_by TEXT NOT NULL,
    requested_role TEXT NOT NULL,
    -- A supervisor's statement that goes out while the channel stays in quarantine (holding
    -- statements during an incident). Everything else is held by a freeze.
    through_freeze INTEGER NOT NULL DEFAULT 0 CHECK (through_freeze IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (statement_id, channel_id)
  ) STRICT;
  CREATE INDEX outbox_active ON outbox (channel_id, status) WHERE status IN ('queued', 'claimed', 'unknown');

  -- What an item looked like before it was retracted. Append-only: the triggers stop the app's
  -- own code from rewriting it; the hashes make an outside edit visible in the exported bundle.
  CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    channel_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    captured_at TEXT NOT NULL,
    captured_by TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('quarantine', 'retract')),
    observed_at TEXT NOT NULL,
    published_at TEXT,
    provenance TEXT NOT NULL,
    raw TEXT NOT NULL,
    text TEXT NOT NULL,
    normalised_text TEXT NOT NULL,
    html TEXT,
    url TEXT,
    raw_sha256 TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    incident_id INTEGER,
    UNIQUE (channel_id, item_id, raw_sha256)
  ) STRICT;
  CREATE INDEX evidence_by_time ON evidence (captured_at);
  CREATE TRIGGER evidence_append_only_update BEFORE UPDATE ON evidence
  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;
  CREATE TRIGGER evidence_append_only_delete BEFORE DELETE ON evidence
  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;

  -- One job per item to take back; worked through per channel within its rate-limit budget.
  CREATE TABLE retractions (
    id INTEGER PRIMARY KEY,
    channel_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    evidence_id INTEGER NOT NULL REFERENCES evidence (id),
    origin TEXT NOT NULL CHECK (origin IN ('manual', 'since', 'quarantine')),
    requested_by TEXT NOT NULL,
    requested_role TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'retracted', 'already-gone', 'impossible', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    not_before TEXT,
    detail TEXT,
    correction_offered INTEGER NOT NULL DEFAULT 0 CHECK (correction_offered IN (0, 1)),
    finished_at TEXT
  ) STRICT;
  -- At most one open job per item: quarantine and a manual retraction of the same item share it.
  CREATE UNIQUE INDEX retractions_open ON retractions (channel_id, item_id) WHERE status IN ('pending', 'running');
  CREATE INDEX retractions_pending ON retractions (channel_id, status, id);

  -- Every Lock runbook step a supervisor confirmed, with what the channel answered.
  CREATE TABLE lock_steps (
    id INTEGER PRIMARY KEY,
    channel_id TEXT NOT NULL,
    action_id TEXT NOT NULL,
    label TEXT NOT NULL,
    run_by TEXT NOT NULL,
    run_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('done', 'manual', 'failed')),
    detail TEXT NOT NULL
  ) STRICT;
`;
