// PostgreSQL's migration 11: images, the same tables as SQLite's (electron/store/migrations-media.ts)
// in PostgreSQL's types (bytea for the bytes). Bytes live in the database, content-addressed by
// SHA-256; evidence keeps its own copy of an item's images and, like evidence itself, is
// append-only: a trigger refuses every change and the app role is granted no UPDATE or DELETE on it
// (appendOnlyTables). Shipped SQL: never edited, see migrations.ts.
import { imageMimeTypes } from '../../shared/image-limits';
import { observedMediaStates } from '../records';
import { appendOnly, oneOf } from './migrations-tables';

// An item's image as read back, in observed_media and in evidence's copy of it.
const itemImageColumns = `ref text NOT NULL, mime text, alt text, sha256 text, bytes bytea,
    state text NOT NULL CHECK (${oneOf('state', observedMediaStates)}), reason text`;

export const mediaSql = `
  -- Images a person added to a statement, already cleaned (metadata stripped, re-encoded).
  CREATE TABLE media (
    sha256 text PRIMARY KEY CHECK (char_length(sha256) = 64),
    mime text NOT NULL CHECK (${oneOf('mime', imageMimeTypes)}),
    width integer NOT NULL CHECK (width > 0),
    height integer NOT NULL CHECK (height > 0),
    bytes bytea NOT NULL,
    added_by text NOT NULL,
    added_at text NOT NULL
  );

  -- A version's images, in order; the content hash covers them, so they never change after saving.
  CREATE TABLE statement_version_images (
    statement_id text NOT NULL,
    version integer NOT NULL,
    position integer NOT NULL CHECK (position BETWEEN 0 AND 3),
    sha256 text NOT NULL REFERENCES media (sha256),
    alt text NOT NULL,
    PRIMARY KEY (statement_id, version, position),
    FOREIGN KEY (statement_id, version) REFERENCES statement_versions (statement_id, version)
  );

  -- The images an approved statement goes out with, in order, fixed when it is queued.
  CREATE TABLE statement_send_images (
    statement_id text NOT NULL,
    position integer NOT NULL CHECK (position BETWEEN 0 AND 3),
    sha256 text NOT NULL REFERENCES media (sha256),
    alt text NOT NULL,
    PRIMARY KEY (statement_id, position)
  );

  -- The channel's own id for each image it accepted, so a re-encoded image still matches by its id.
  CREATE TABLE publication_media_refs (
    channel_id text NOT NULL,
    statement_id text NOT NULL,
    sha256 text NOT NULL,
    ref text NOT NULL,
    PRIMARY KEY (channel_id, statement_id, ref)
  );

  -- What the channel said an item carries and what inspecting the fetched bytes decided.
  -- sha256 and bytes are NULL until fetched (state 'pending') or when fetching was refused.
  CREATE TABLE observed_media (
    channel_id text NOT NULL,
    item_id text NOT NULL,
    position integer NOT NULL CHECK (position >= 0),
    ${itemImageColumns},
    width integer,
    height integer,
    PRIMARY KEY (channel_id, item_id, position),
    FOREIGN KEY (channel_id, item_id) REFERENCES observed_items (channel_id, item_id) ON DELETE CASCADE
  );
  CREATE INDEX observed_media_by_hash ON observed_media (sha256) WHERE sha256 IS NOT NULL;

  -- Evidence is append-only: its media bytes are copied, so nothing later can change them.
  CREATE TABLE evidence_media (
    evidence_id bigint NOT NULL REFERENCES evidence (id),
    position integer NOT NULL CHECK (position >= 0),
    ${itemImageColumns},
    PRIMARY KEY (evidence_id, position)
  );
  ${appendOnly('evidence_media')}
`;
