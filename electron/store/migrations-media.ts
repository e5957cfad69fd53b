// Migration 11: images. Bytes are kept in the database (never referenced by a path a person could
// swap), content-addressed by SHA-256. A statement version lists its images in order with their
// alt text; an item read back lists the images it carries, what inspection decided about each and
// the bytes as fetched; evidence keeps its own copy of those bytes. Once shipped, never edited.
export const mediaMigrationSql = `
  -- Images a person added to a statement, already cleaned (metadata stripped, re-encoded).
  CREATE TABLE media (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/webp')),
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    bytes BLOB NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
  ) STRICT;

  -- A version's images, in order; the content hash covers them, so they never change after saving.
  CREATE TABLE statement_version_images (
    statement_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 3),
    sha256 TEXT NOT NULL REFERENCES media (sha256),
    alt TEXT NOT NULL,
    PRIMARY KEY (statement_id, version, position),
    FOREIGN KEY (statement_id, version) REFERENCES statement_versions (statement_id, version)
  ) STRICT;

  -- The images an approved statement goes out with, in order, fixed when it is queued: the outbox
  -- sends these bytes, and read-back compares what the channel shows against them.
  CREATE TABLE statement_send_images (
    statement_id TEXT NOT NULL,
    position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 3),
    sha256 TEXT NOT NULL REFERENCES media (sha256),
    alt TEXT NOT NULL,
    PRIMARY KEY (statement_id, position)
  ) STRICT;

  -- The channel's own id for each image it accepted (PublishResult.mediaRefs), so an image the
  -- channel re-encoded (other bytes) still matches the ledger by its id.
  CREATE TABLE publication_media_refs (
    channel_id TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    ref TEXT NOT NULL,
    PRIMARY KEY (channel_id, statement_id, ref)
  ) STRICT;

  -- What the channel said an item carries and what inspecting the fetched bytes decided.
  -- sha256 and bytes are NULL until fetched (state 'pending') or when fetching was refused.
  CREATE TABLE observed_media (
    channel_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 0),
    ref TEXT NOT NULL,
    mime TEXT,
    alt TEXT,
    sha256 TEXT,
    bytes BLOB,
    state TEXT NOT NULL CHECK (state IN ('pending', 'shown', 'withheld')),
    reason TEXT,
    width INTEGER,
    height INTEGER,
    PRIMARY KEY (channel_id, item_id, position),
    FOREIGN KEY (channel_id, item_id) REFERENCES observed_items (channel_id, item_id) ON DELETE CASCADE
  ) STRICT;
  CREATE INDEX observed_media_by_hash ON observed_media (sha256) WHERE sha256 IS NOT NULL;

  -- Evidence is append-only: its media bytes are copied, so nothing later can change them.
  CREATE TABLE evidence_media (
    evidence_id INTEGER NOT NULL REFERENCES evidence (id),
    position INTEGER NOT NULL CHECK (position >= 0),
    ref TEXT NOT NULL,
    mime TEXT,
    alt TEXT,
    sha256 TEXT,
    bytes BLOB,
    state TEXT NOT NULL CHECK (state IN ('pending', 'shown', 'withheld')),
    reason TEXT,
    PRIMARY KEY (evidence_id, position)
  ) STRICT;
  CREATE TRIGGER evidence_media_append_only_update BEFORE UPDATE ON evidence_media
  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;
  CREATE TRIGGER evidence_media_append_only_delete BEFORE DELETE ON evidence_media
  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;
`;
