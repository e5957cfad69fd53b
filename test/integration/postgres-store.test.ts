// What only the PostgreSQL backend has to get right (the shared behaviour is the store contract):
// migrations by the owner role and refusals that name what to do (a newer or older schema, the
// app role running DDL; a remote host without verified TLS is connection.test.ts), the app role's rights, and what one
// desk sees of another's work (nothing uncommitted; one moment per audit read).
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { heldByValues } from '../../electron/shared/contract-control';
import { StoreError } from '../../electron/store/database';
import { latestSchemaVersion } from '../../electron/store/migrations';
import type { AsyncStore } from '../../electron/store/postgres/async-store';
import { migrateLockKey, migratePostgres } from '../../electron/store/postgres/migrate';
import { postgresMigrations } from '../../electron/store/postgres/migrations';
import { openPostgresStore } from '../../electron/store/postgres/postgres-store';
import { describeWithPeers } from '../helpers/peer-suite';
import { startPostgres, type PostgresDatabase, type PostgresServer } from '../helpers/postgres';
import { at, channel, evidence, item, outboxRow } from '../helpers/store-contract-fixtures';

describeWithPeers(['postgresql'], 'PostgreSQL store: migrations, roles and refusals', () => {
  let server: PostgresServer;
  const cleanup: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    console.info(`[postgres] test server up in ${server.startupMs} ms`);
  });
  afterEach(async () => {
    for (const done of cleanup.splice(0).reverse()) await done();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const client = async (url: string): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    cleanup.push(() => c.end());
    return c;
  };
  const open = async (url: string): Promise<AsyncStore> => {
    const store = await openPostgresStore(url, { max: 3 });
    cleanup.push(() => store.close());
    return store;
  };
  const migrated = async (): Promise<PostgresDatabase> => {
    const db = await server.freshDatabase();
    expect(await migratePostgres(db.ownerUrl, { appRole: server.appRole })).toEqual({ from: 0, to: latestSchemaVersion });
    return db;
  };
  const refusal = async (work: Promise<unknown>): Promise<StoreError> => {
    const err: unknown = await work.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  };

  it('migrates once to the latest schema; a second run changes nothing', async () => {
    const db = await migrated();
    expect(await migratePostgres(db.ownerUrl, { appRole: server.appRole })).toEqual({ from: latestSchemaVersion, to: latestSchemaVersion });
    expect((await open(db.appUrl)).schemaVersion).toBe(latestSchemaVersion);
  });

  it('a database from a newer Control Room is refused by the app and by migrate, and left as it was', async () => {
    const db = await migrated();
    await (await client(db.ownerUrl)).query('UPDATE control_room_schema SET version = $1', [latestSchemaVersion + 1]);
    const opened = await refusal(openPostgresStore(db.appUrl));
    expect(opened.kind).toBe('NEWER_SCHEMA');
    expect(opened.message).toContain(`schema ${latestSchemaVersion + 1}; this version knows up to ${latestSchemaVersion}`);
    expect(opened.message).toContain('Install the newer version');
    expect((await refusal(migratePostgres(db.ownerUrl))).kind).toBe('NEWER_SCHEMA');
    expect((await (await client(db.ownerUrl)).query('SELECT version FROM control_room_schema')).rows).toEqual([{ version: latestSchemaVersion + 1 }]);
  });

  it('an older or empty database asks for `control-room db migrate`, which then brings it up', async () => {
    const db = await server.freshDatabase();
    expect((await refusal(openPostgresStore(db.appUrl))).message).toMatch(/at schema 0; this Control Room needs schema \d+\. Run `control-room db migrate`/);
    // The version before the latest (numbers may skip: two branches may each have taken one).
    const previous = [...postgresMigrations].map((m) => m.version).sort((a, b) => a - b).at(-2) ?? 0;
    expect(await migratePostgres(db.ownerUrl, { appRole: server.appRole, targetVersion: previous })).toEqual({ from: 0, to: previous });
    expect((await refusal(openPostgresStore(db.appUrl))).message).toContain(`at schema ${previous}`);
    expect(await migratePostgres(db.ownerUrl, { appRole: server.appRole })).toEqual({ from: previous, to: latestSchemaVersion });
    await (await open(db.appUrl)).channels.upsert(channel('x-main'));
  });

  it('migrated without granting the app role anything, a desk is told to run migrate naming its role', async () => {
    const db = await server.freshDatabase();
    await migratePostgres(db.ownerUrl);
    const err = await refusal(openPostgresStore(db.appUrl));
    expect(err.message).toContain('The app role cannot read the schema');
    expect(err.message).toContain('naming this role as the app role');
    await migratePostgres(db.ownerUrl, { appRole: server.appRole });
    expect((await open(db.appUrl)).schemaVersion).toBe(latestSchemaVersion);
  });

  it('the app role has DML only: no DDL, no rewriting of history, no migrating', async () => {
    const db = await migrated();
    const app = await client(db.appUrl);
    await expect(app.query('CREATE TABLE extra (a int)')).rejects.toThrow(/permission denied for schema public/);
    await expect(app.query('DROP TABLE outbox')).rejects.toThrow(/must be owner/);
    await expect(app.query('ALTER TABLE outbox ADD COLUMN extra text')).rejects.toThrow(/must be owner/);
    await expect(app.query("UPDATE audit_entries SET actor = 'someone else'")).rejects.toThrow(/permission denied for table audit_entries/);
    await expect(app.query('DELETE FROM evidence')).rejects.toThrow(/permission denied for table evidence/);
    await expect(app.query('UPDATE control_room_schema SET version = 1')).rejects.toThrow(/permission denied/);
    // Even the owner's own code cannot change an audit row: the trigger refuses it.
    const store = await open(db.appUrl);
    await store.audit.write((w) => w.insertEntry({ seq: 1, at: at(1), actor: 'sup-1', role: 'supervisor', action: 'freeze', target: null, reason: null, details: '{}', prevHash: 'genesis', hash: 'h1' }));
    await expect((await client(db.ownerUrl)).query("UPDATE audit_entries SET actor = 'x'")).rejects.toThrow('audit_entries is append-only');
    const fresh = await server.freshDatabase();
    const err = await refusal(migratePostgres(fresh.appUrl));
    expect(err.message).toContain('needs the owner role');
    expect(err.message).toContain('control-room db migrate');
  });

  it('a schema 10 database brought up to date keeps its rows, and the app role may then store images (migration 11)', async () => {
    const db = await server.freshDatabase();
    expect(await migratePostgres(db.ownerUrl, { appRole: server.appRole, targetVersion: 10 })).toEqual({ from: 0, to: 10 });
    await (await client(db.ownerUrl)).query("INSERT INTO channels (id, kind, name, created_at) VALUES ('x-main', 'x', 'X', $1)", [at(0)]);
    expect(await migratePostgres(db.ownerUrl, { appRole: server.appRole })).toEqual({ from: 10, to: latestSchemaVersion });
    const store = await open(db.appUrl);
    expect((await store.channels.list()).map((c) => c.id)).toEqual(['x-main']);
    const image = { sha256: 'a'.repeat(64), mime: 'image/webp' as const, width: 3, height: 2, bytes: new Uint8Array([1, 2]), addedBy: 'op-1', addedAt: at(1) };
    await store.media.putMedia(image);
    expect(await store.media.getMedia(image.sha256)).toEqual({ ...image, size: 2 });
  });

  it("images are stored as bytea; evidence's copies cannot be changed by the app role nor, by trigger, by the owner", async () => {
    const db = await migrated();
    const store = await open(db.appUrl);
    const bytes = new Uint8Array([0, 255, 0x5c, 0x78, 0]);
    await store.media.putMedia({ sha256: 'a'.repeat(64), mime: 'image/png', width: 1, height: 1, bytes, addedBy: 'op-1', addedAt: at(1) });
    const owner = await client(db.ownerUrl);
    expect((await owner.query<{ t: string; n: number }>('SELECT pg_typeof(bytes)::text AS t, octet_length(bytes) AS n FROM media')).rows).toEqual([{ t: 'bytea', n: 5 }]);
    const ev = await store.control.insertEvidence(evidence('x-main', 'p1'));
    await store.media.insertEvidenceMedia(ev.id, [{ position: 0, ref: 'm0', mime: 'image/png', alt: null, sha256: 'b'.repeat(64), bytes, state: 'shown', reason: null }]);
    const app = await client(db.appUrl);
    await expect(app.query("UPDATE evidence_media SET alt = 'rewritten'")).rejects.toThrow(/permission denied for table evidence_media/);
    await expect(app.query('DELETE FROM evidence_media')).rejects.toThrow(/permission denied for table evidence_media/);
    await expect(owner.query("UPDATE evidence_media SET alt = 'rewritten'")).rejects.toThrow('evidence_media is append-only');
    await expect(owner.query('DELETE FROM evidence_media')).rejects.toThrow('evidence_media is append-only');
    expect(await store.media.evidenceMedia(ev.id)).toEqual([{ position: 0, ref: 'm0', mime: 'image/png', alt: null, sha256: 'b'.repeat(64), bytes, state: 'shown', reason: null }]);
  });

  it('the earlier contents of an edited item cannot be changed by the app role nor, by trigger, by the owner', async () => {
    const db = await migrated();
    const store = await open(db.appUrl);
    await store.channels.upsert(channel('wp', { kind: 'wordpress' }));
    await store.monitor.insertNew([item('wp', '7', { provenance: 'verified', matchedBy: 'item-id', severity: null, signals: [] })]);
    await store.monitor.recordEdit({ channelId: 'wp', itemId: '7', observedAt: at(5), text: 'abuse', html: null, url: null, raw: '{}', contentHash: 'h-abuse', provenance: 'unverified', matchedBy: null, severity: 'critical', signals: [] });
    const app = await client(db.appUrl);
    await expect(app.query("UPDATE item_revisions SET text = 'rewritten'")).rejects.toThrow(/permission denied for table item_revisions/);
    await expect(app.query('DELETE FROM item_revisions')).rejects.toThrow(/permission denied for table item_revisions/);
    const owner = await client(db.ownerUrl);
    await expect(owner.query("UPDATE item_revisions SET text = 'rewritten'")).rejects.toThrow('item_revisions is append-only');
    await expect(owner.query('DELETE FROM item_revisions')).rejects.toThrow('item_revisions is append-only');
    expect((await store.monitor.revisions('wp', '7')).map((r) => r.text)).toEqual(['text of 7']);
  });

  it("on a server that sorts text by language, names still list in SQLite's byte order", async () => {
    const db = await server.freshDatabase({ icuLocale: 'en-US' });
    await migratePostgres(db.ownerUrl, { appRole: server.appRole });
    const store = await open(db.appUrl);
    const icu = await client(db.appUrl);
    // The server itself orders these the language's way...
    expect((await icu.query<{ n: string }>("SELECT n FROM (VALUES ('Zebra'), ('appeal'), ('Étude')) v(n) ORDER BY n")).rows.map((r) => r.n)).toEqual(['appeal', 'Étude', 'Zebra']);
    for (const name of ['appeal', 'Zebra', 'Étude']) await store.statements.insertTemplate({ id: name, name, currentVersion: 1, createdAt: at(1), updatedAt: at(1) });
    for (const username of ['zoë', 'zoey', 'zoe']) await store.accounts.insert({ id: username, username, displayName: username, role: 'operator', passphraseHash: 'h', disabled: false, mustChangePassphrase: false, createdAt: at(1), updatedAt: at(1) });
    // ...the store as SQLite does.
    expect((await store.statements.listTemplates()).map((t) => t.name)).toEqual(['Zebra', 'appeal', 'Étude']);
    expect((await store.accounts.list()).map((a) => a.username)).toEqual(['zoe', 'zoey', 'zoë']);
  });

  it("the CHECK vocabularies are the code's: every held_by value is accepted, anything else refused", async () => {
    const db = await migrated();
    const store = await open(db.appUrl);
    const row = await store.control.insertOutbox(outboxRow('st-1', 'x-main'));
    for (const by of heldByValues) {
      expect(await store.control.updateOutbox(row.id, { held: { by, reason: by } }, at(3), { status: ['queued'] })).toBe(true);
    }
    const app = await client(db.appUrl);
    await expect(app.query("UPDATE outbox SET held_by = 'paused'")).rejects.toThrow(/outbox_held_by_check/);
    await expect(app.query("UPDATE outbox SET status = 'lost'")).rejects.toThrow(/check constraint/);
  });

  it("one desk never sees another's uncommitted writes; an audit read sees one moment", async () => {
    const db = await migrated();
    const deskA = await open(db.appUrl);
    const deskB = await open(db.appUrl);
    await deskA.transaction(async () => {
      await deskA.channels.upsert(channel('x-main'));
      expect(await deskA.channels.get('x-main')).not.toBeNull();
      expect(await deskB.channels.get('x-main')).toBeNull();
    });
    expect(await deskB.channels.get('x-main')).not.toBeNull();

    const append = (seq: number, prevHash: string) => ({ seq, at: at(seq), actor: 'sup-1', role: 'supervisor', action: 'freeze', target: null, reason: null, details: '{}', prevHash, hash: `h${seq}` });
    await deskA.audit.write((w) => w.insertEntry(append(1, 'genesis')));
    const seen = await deskA.audit.read(async (r) => {
      const head = await r.head();
      await deskB.audit.write((w) => w.insertEntry(append(2, 'h1')));
      const seqs: number[] = [];
      for await (const e of r.entriesFrom(1)) seqs.push(e.seq);
      return { head: head?.seq, seqs };
    });
    expect(seen).toEqual({ head: 1, seqs: [1] });
    expect(await deskA.audit.read((r) => r.head())).toEqual({ seq: 2, hash: 'h2' });
  });

  it('work a transaction started but did not await runs on the pool after the commit, not inside the next transaction', async () => {
    const db = await migrated();
    // One connection: the next transaction gets the very client the first one released.
    const store = await openPostgresStore(db.appUrl, { max: 1 });
    cleanup.push(() => store.close());
    let letGo = (): void => undefined;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    let later: Promise<unknown> = Promise.resolve();
    await store.transaction(async () => {
      later = gate.then(() => store.channels.upsert(channel('started-inside')));
    });
    await expect(store.transaction(async () => {
      letGo();
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('this one rolls back');
    })).rejects.toThrow('this one rolls back');
    await later;
    // Had it joined the second transaction, its write would have been rolled back with it.
    expect(await store.channels.get('started-inside')).toEqual(channel('started-inside'));
  });

  it('text holding a NUL character is refused with a message saying so (SQLite would store it)', async () => {
    const store = await open((await migrated()).appUrl);
    await store.channels.upsert(channel('x-main'));
    await expect(store.monitor.insertNew([item('x-main', 'p1', { text: 'a\u0000b' })])).rejects.toThrow('cannot store the NUL character (U+0000)');
    await expect(store.settings.set('session.idleLockMinutes', '1\u00005', new Date(at(1)))).rejects.toThrow('NUL character');
  });

  it('desks appending to the audit log at once take turns: none has to re-run its append', async () => {
    const db = await migrated();
    // One attempt only: a desk whose append read a stale head would fail instead of re-running.
    const desks = await Promise.all([1, 2, 3].map(async () => {
      const store = await openPostgresStore(db.appUrl, { max: 2, maxAttempts: 1 });
      cleanup.push(() => store.close());
      return store;
    }));
    await Promise.all(desks.map(async (desk, d) => {
      for (let i = 0; i < 5; i++) {
        await desk.audit.write(async (w) => {
          const head = await w.head();
          const seq = (head?.seq ?? 0) + 1;
          await w.insertEntry({ seq, at: at(seq), actor: `desk-${d}`, role: 'system', action: 'append', target: null, reason: null, details: '{}', prevHash: head?.hash ?? 'genesis', hash: `h${seq}` });
        });
      }
    }));
    expect(await desks[0]?.audit.read((r) => r.head())).toEqual({ seq: 15, hash: 'h15' });
  });

  it('a connection cut while migrating fails the migration saying what to do, instead of crashing the process; migrate again finishes', async () => {
    const db = await server.freshDatabase();
    // Another run holds the migration lock, so this one waits inside its first transaction: the cut lands there, every time.
    const holder = await client(db.ownerUrl);
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [migrateLockKey.toString()]);
    const running = migratePostgres(db.ownerUrl, { appRole: server.appRole }).then(() => null, (e: unknown) => e);
    // Polled outside the holder's transaction: pg_stat_activity is read once per transaction.
    const watcher = await client(db.ownerUrl);
    const waiting = async (): Promise<number | null> =>
      (await watcher.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'control-room migrate' AND wait_event_type = 'Lock'", [db.name])).rows[0]?.pid ?? null;
    await expect.poll(waiting, { timeout: 10_000 }).not.toBeNull();
    // What a server stopping (fast shutdown) does to each connection: FATAL 57P01, then the socket closes.
    await watcher.query('SELECT pg_terminate_backend($1)', [await waiting()]);
    const err = await refusal(running.then((e) => { if (e) throw e; }));
    expect(err.kind).toBe('UNREACHABLE');
    expect(err.message).toMatch(/connection to the database at postgres:\/\/.* was lost while migrating/);
    expect(err.message).toContain('the database is at schema 0');
    expect(err.message).toContain('run `control-room db migrate` again');
    await holder.query('ROLLBACK');
    expect(await migratePostgres(db.ownerUrl, { appRole: server.appRole })).toEqual({ from: 0, to: latestSchemaVersion });
  });

  it('a desk carries on by itself after the database restarts (its dropped connections are replaced)', async () => {
    const db = await migrated();
    const lost: Error[] = [];
    const store = await openPostgresStore(db.appUrl, { max: 2, onConnectionError: (err) => lost.push(err) });
    cleanup.push(() => store.close());
    await Promise.all([store.channels.upsert(channel('x-main')), store.control.freezes()]);
    await server.restart();
    expect(await store.channels.get('x-main')).toEqual(channel('x-main'));
    expect(lost.length).toBeGreaterThan(0);
  });
});
