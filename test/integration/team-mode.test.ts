// Team mode on REAL PostgreSQL: two cores (two desks, each with its own data directory and its own
// keychain) on one database. A statement drafted on desk A is approved by a supervisor signed in on
// desk B and desk A sees the approval; both desks are in the registry; `db migrate` and `db status`
// run through the CLI entry; a URL with a password and an unmigrated database are refused, saying
// what to do. The keychains are the test-only memory vault holding each role's password.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../electron/cli/main';
import { createCore } from '../../electron/core/app';
import { createLogger } from '../../electron/lib/log';
import type { DeskView, Status } from '../../electron/shared/contract';
import { StoreError } from '../../electron/store/database';
import { latestSchemaVersion } from '../../electron/store/migrations';
import { createMemoryVault } from '../../electron/vault/memory-vault';
import { describeWithPeers } from '../helpers/peer-suite';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { dataOf, makeTestCore, type TestCore } from '../helpers/test-core';
import { keychainFor } from '../helpers/desk-keychain';

function capture(): CliIo & { readonly outText: () => string; readonly errText: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => out.push(l), err: (l) => err.push(l), outText: () => out.join('\n'), errText: () => err.join('\n') };
}

describeWithPeers(['postgresql'], 'team mode on PostgreSQL', () => {
  let server: PostgresServer;
  const dirs: string[] = [];
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'cr-team-'));
    dirs.push(d);
    return d;
  };
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  describe('two desks on one database', () => {
    let deskA: TestCore;
    let deskB: TestCore;
    let dbName = '';
    let appPassword = '';
    beforeAll(async () => {
      const db = await server.freshDatabase();
      dbName = db.name;
      // The bureau's IT migrates once, as the owner role, through the CLI.
      const owner = await keychainFor(db.ownerUrl);
      const io = capture();
      expect(await runCli(['db', 'migrate', '--database', owner.url, '--app-role', server.appRole], io, { vault: () => owner.vault })).toBe(0);
      const a = await keychainFor(db.appUrl);
      const b = await keychainFor(db.appUrl);
      appPassword = a.password;
      deskA = await makeTestCore({ demo: false, databaseUrl: a.url, vault: a.vault, deskName: 'Desk A' });
      // Desk B shares the accounts desk A's admin created: it only signs in.
      deskB = await makeTestCore({ demo: false, databaseUrl: b.url, vault: b.vault, deskName: 'Desk B', createAccounts: false });
    }, 60_000);
    afterAll(async () => {
      await deskB?.close();
      await deskA?.close();
    });

    it('a statement drafted on desk A is approved by a supervisor on desk B, and desk A sees the approval', async () => {
      const op = await deskA.signedIn('operator');
      const text = 'Our account was compromised tonight; ignore the posts since 22:04.';
      const id = dataOf<{ statement: { id: string } }>(await deskA.core.dispatch('statements.save', { title: 'Compromise', canonicalText: text, variants: { x: { text } } }, op)).statement.id;
      const hash = dataOf<{ contentHash: string }>(await deskA.core.dispatch('statements.submit', { id }, op)).contentHash;

      const sup = await deskB.signedIn('supervisor');
      const pending = dataOf<{ id: string }[]>(await deskB.core.dispatch('statements.list', { status: 'pending' }, sup));
      expect(pending.map((s) => s.id)).toContain(id);
      dataOf(await deskB.core.dispatch('statements.approve', { id, contentHash: hash }, sup));

      const seen = dataOf<{ statement: { status: string; approval: { approverId: string; state: string } | null } }>(await deskA.core.dispatch('statements.get', { id }, op));
      expect(seen.statement.status).toBe('approved');
      const session = dataOf<{ session: { account?: { id: string } } }>(await deskB.core.dispatch('accounts.session', {}, sup)).session;
      expect(seen.statement.approval).toMatchObject({ approverId: session.account?.id, state: 'valid' });
    });

    it('desks.list shows both desks, online, each knowing which one it is', async () => {
      const op = await deskB.signedIn('operator');
      const desks = dataOf<DeskView[]>(await deskB.core.dispatch('desks.list', {}, op));
      expect(desks.map((d) => d.name).sort()).toEqual(['Desk A', 'Desk B']);
      expect(desks.every((d) => d.online)).toBe(true);
      expect(desks.find((d) => d.self)?.name).toBe('Desk B');
      expect(await deskB.core.dispatch('desks.list', {}, { transport: 'test', session: { id: null } })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    });

    it('status names the PostgreSQL backend and never the password', async () => {
      const status = dataOf<Status>(await deskA.core.dispatch('app.status', {}, { transport: 'test', session: { id: null } }));
      expect(status.backend).toEqual({ kind: 'postgres', where: `${server.appRole}@127.0.0.1:${server.port}/${dbName}` });
      expect(status.schemaVersion).toBe(latestSchemaVersion);
      expect(status.desk.name).toBe('Desk A');
      expect(JSON.stringify(status)).not.toContain(appPassword);
    });
  });

  it('`db migrate` then `db status` through the CLI; desks and status on the same URL', async () => {
    const db = await server.freshDatabase();
    const owner = await keychainFor(db.ownerUrl);
    const app = await keychainFor(db.appUrl);

    const before = capture();
    expect(await runCli(['db', 'status', '--database', app.url], before, { vault: () => app.vault })).toBe(1);
    expect(before.outText()).toContain(`schema: 0 of ${latestSchemaVersion}`);
    expect(before.errText()).toContain('control-room db migrate');

    const migrate = capture();
    expect(await runCli(['db', 'migrate', '--database', owner.url, '--app-role', server.appRole], migrate, { vault: () => owner.vault })).toBe(0);
    expect(migrate.outText()).toContain(`from schema 0 to ${latestSchemaVersion}. Granted ${server.appRole} its rights.`);

    const after = capture();
    expect(await runCli(['db', 'status', '--database', app.url, '--json'], after, { vault: () => app.vault })).toBe(0);
    expect(JSON.parse(after.outText())).toMatchObject({ backend: 'postgres', reachable: true, schemaVersion: latestSchemaVersion, problem: null });

    // The environment variable selects the same database for every command.
    const dataDir = tempDir();
    const status = capture();
    expect(await runCli(['status', '--data-dir', dataDir], status, { vault: () => app.vault, env: { CONTROL_ROOM_DATABASE_URL: app.url } })).toBe(0);
    expect(status.outText()).toContain(`database: PostgreSQL ${server.appRole}@127.0.0.1:${server.port}/${db.name}`);
    expect(status.outText() + status.errText()).not.toContain(app.password);

    const desks = capture();
    expect(await runCli(['desks', '--data-dir', dataDir, '--database', app.url], desks, { vault: () => app.vault })).toBe(0);
    expect(desks.outText()).toContain('No desk has registered yet');
  });

  it('`db password` stores the password read from standard input; the desk then opens', async () => {
    const db = await server.freshDatabase();
    const owner = await keychainFor(db.ownerUrl);
    expect(await runCli(['db', 'migrate', '--database', owner.url, '--app-role', server.appRole], capture(), { vault: () => owner.vault })).toBe(0);
    const { url, password } = await keychainFor(db.appUrl, createMemoryVault());
    const vault = createMemoryVault();

    const missing = capture();
    expect(await runCli(['status', '--data-dir', tempDir(), '--database', url], missing, { vault: () => vault })).toBe(1);
    expect(missing.errText()).toContain('No password for');
    expect(missing.errText()).toContain('control-room db password --database');

    const io = capture();
    expect(await runCli(['db', 'password', '--database', url], io, { vault: () => vault, readInput: () => Promise.resolve(`${password}\n`) })).toBe(0);
    expect(io.outText()).toContain(`Stored the password for ${server.appRole}@127.0.0.1:${server.port}/${db.name}`);
    expect(io.outText()).not.toContain(password);
    expect(await runCli(['status', '--data-dir', tempDir(), '--database', url], capture(), { vault: () => vault })).toBe(0);
  });

  it('a URL with a password is refused, naming `db password`, and the password is not repeated', async () => {
    const db = await server.freshDatabase();
    const password = decodeURIComponent(new URL(db.appUrl).password);
    const io = capture();
    expect(await runCli(['status', '--data-dir', tempDir(), '--database', db.appUrl], io, { vault: () => createMemoryVault() })).toBe(1);
    expect(io.errText()).toContain('contains a password');
    expect(io.errText()).toContain('control-room db password');
    expect(io.errText()).not.toContain(password);
  });

  it('an unmigrated database is refused at start, saying to run `db migrate`; nothing is created', async () => {
    const db = await server.freshDatabase();
    const app = await keychainFor(db.appUrl);
    const err: unknown = await createCore({ dataDir: tempDir(), mode: 'cli', logger: createLogger({ quiet: true }), vault: app.vault, databaseUrl: app.url }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/at schema 0; this Control Room needs schema \d+\. Run `control-room db migrate`/);
    const status = capture();
    expect(await runCli(['db', 'status', '--database', app.url], status, { vault: () => app.vault })).toBe(1);
    expect(status.outText()).toContain('schema: 0 of');
  });
});
