// Schema of the append-only, hash-chained audit log and its signed checkpoints. The lead adds this
// as a numbered migration; tests apply it directly with db.exec(auditMigrationSql).
//
// The triggers stop the app's own code (and a casual `sqlite3` session) from changing history. They
// are not the security boundary: whoever can write the file can drop them. The hash chain and the
// Ed25519-signed checkpoints are what make such an edit visible (see electron/core/audit/verify.ts).
export const auditMigrationSql = `
  CREATE TABLE audit_entries (
    -- 1, 2, 3, ... with no gaps; the rowid alias, so rows are stored in chain order.
    seq INTEGER PRIMARY KEY CHECK (seq >= 1),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin', 'system')),
    action TEXT NOT NULL,
    target TEXT,
    reason TEXT,
    -- Canonical JSON (sorted keys, no whitespace), exactly the text the hash covers.
    details TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT;

  CREATE TABLE audit_checkpoints (
    id INTEGER PRIMARY KEY,
    upto_seq INTEGER NOT NULL,
    -- The hash of entry upto_seq when it was signed; no foreign key, so a deleted entry leaves
    -- its checkpoint behind as evidence.
    hash TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    key_id TEXT NOT NULL,
    -- SPKI DER, base64: stored so the log can be checked on a machine without the keychain.
    public_key TEXT NOT NULL,
    -- Ed25519 over 'control-room-audit-checkpoint:v1:<upto_seq>:<hash>', base64.
    signature TEXT NOT NULL,
    UNIQUE (upto_seq, key_id)
  ) STRICT;

  CREATE TRIGGER audit_entries_append_only_update BEFORE UPDATE ON audit_entries
  BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
  CREATE TRIGGER audit_entries_append_only_delete BEFORE DELETE ON audit_entries
  BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
  CREATE TRIGGER audit_checkpoints_append_only_update BEFORE UPDATE ON audit_checkpoints
  BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
  CREATE TRIGGER audit_checkpoints_append_only_delete BEFORE DELETE ON audit_checkpoints
  BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
`;
