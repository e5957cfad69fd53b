// Tables for people and statements: local accounts, sign-in throttling, statement drafts with every
// saved version, two-person reviews, pre-approved templates and break-glass authorisations.
// The lead adds `peopleMigrationSql` as the next migration; once shipped it is never edited.
export const peopleMigrationSql = `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    -- Stored lower-case, so 'Alice' and 'alice' can never be two accounts.
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin')),
    -- 'scrypt$N$r$p$salt$hash': the parameters travel with the hash, so they can be raised later.
    passphrase_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;

  -- Kept in the database, not in memory: restarting the app must not reset a lock-out.
  CREATE TABLE sign_in_throttle (
    username TEXT PRIMARY KEY,
    failures INTEGER NOT NULL CHECK (failures >= 0),
    locked_until TEXT,
    last_failure_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE statements (
    id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL REFERENCES accounts (id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'rejected', 'published')),
    current_version INTEGER NOT NULL CHECK (current_version >= 1),
    submitted_by TEXT REFERENCES accounts (id),
    submitted_at TEXT,
    published_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;

  -- Every autosave that changed something is a new row: nothing typed is ever overwritten.
  CREATE TABLE statement_versions (
    statement_id TEXT NOT NULL REFERENCES statements (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    title TEXT NOT NULL,
    canonical_text TEXT NOT NULL,
    variants TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    saved_by TEXT NOT NULL REFERENCES accounts (id),
    saved_at TEXT NOT NULL,
    PRIMARY KEY (statement_id, version)
  ) STRICT;

  -- Approvals and rejections, never deleted: a voided approval keeps its row with voided_at set.
  CREATE TABLE statement_reviews (
    id TEXT PRIMARY KEY,
    statement_id TEXT NOT NULL REFERENCES statements (id),
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    reviewer_id TEXT NOT NULL REFERENCES accounts (id),
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    comment TEXT,
    decided_at TEXT NOT NULL,
    expires_at TEXT,
    voided_at TEXT,
    void_reason TEXT,
    CHECK (decision = 'rejected' OR expires_at IS NOT NULL),
    CHECK (decision = 'approved' OR comment IS NOT NULL)
  ) STRICT;
  CREATE INDEX statement_reviews_by_statement ON statement_reviews (statement_id, decided_at);

  CREATE TABLE statement_templates (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    current_version INTEGER NOT NULL CHECK (current_version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE statement_template_versions (
    template_id TEXT NOT NULL REFERENCES statement_templates (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    title TEXT NOT NULL,
    variants TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    proposed_by TEXT NOT NULL REFERENCES accounts (id),
    proposed_at TEXT NOT NULL,
    PRIMARY KEY (template_id, version)
  ) STRICT;

  CREATE TABLE statement_template_approvals (
    id TEXT PRIMARY KEY,
    template_id TEXT NOT NULL REFERENCES statement_templates (id),
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    approver_id TEXT NOT NULL REFERENCES accounts (id),
    approved_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
  ) STRICT;

  -- One supervisor publishing a pre-approved template alone: time-boxed and always flagged for review.
  CREATE TABLE break_glass_authorisations (
    id TEXT PRIMARY KEY,
    template_id TEXT NOT NULL REFERENCES statement_templates (id),
    template_version INTEGER NOT NULL,
    supervisor_id TEXT NOT NULL REFERENCES accounts (id),
    reason TEXT NOT NULL,
    filled_values TEXT NOT NULL,
    content TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    flagged_for_review INTEGER NOT NULL DEFAULT 1 CHECK (flagged_for_review IN (0, 1))
  ) STRICT;
`;

/** Schema 9: an admin's reset sets it; sign-in then leads only to setting a new passphrase. */
export const mustChangePassphraseMigrationSql = `
  ALTER TABLE accounts ADD COLUMN must_change_passphrase INTEGER NOT NULL DEFAULT 0
    CHECK (must_change_passphrase IN (0, 1));
`;
