// A desk that loses its database, on REAL PostgreSQL: desk A reaches the server through a TCP proxy
// that is cut while the server keeps running for desk B and for the CLI. A says so (its health and
// event), keeps the person signed in, keeps every draft save on its own journal, refuses what needs
// the database with a message naming the CLI freeze; the CLI freezes through the database meanwhile
// and B sees it. When the proxy returns, A's drafts appear in the shared store as versions, visible
// on B, and a statement B changed meanwhile is not overwritten: A's text is a new draft beside it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import type { EventName, EventPayload } from '../../electron/shared/contract';
import { createLogger } from '../../electron/lib/log';
import { createMemoryVault } from '../../electron/vault/memory-vault';
import { describeWithPeers } from '../helpers/peer-suite';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { dataOf, makeTestCore, type TestCore } from '../helpers/test-core';
import { startToggleProxy, type ToggleProxy } from '../helpers/toggle-proxy';
import { keychainFor } from '../helpers/desk-keychain';

type Health = { reachable: boolean; since: string | null; pendingDrafts: number; notices: { id: number; statementId: string; copyId: string; title: string; reason: string }[] };
type Saved = { statement: { id: string; version: number }; savedLocally?: { pending: number } };
type Versions = { statement: { status: string; title: string; version: number }; versions: { title: string; canonicalText: string; variants: { x?: { text: string } } }[] };

const variants = (text: string) => ({ x: { text }, bluesky: { text: `${text} (Bluesky)` } });

describeWithPeers(['postgresql'], 'a desk that loses its database (team mode on PostgreSQL)', () => {
  let server: PostgresServer;
  let proxy: ToggleProxy;
  let deskA: TestCore;
  let deskB: TestCore;
  let appUrlB = '';
  let vaultB: ReturnType<typeof createMemoryVault>;
  const heardA: { name: EventName; payload: unknown }[] = [];
  /** Desk A's logged errors (its log is otherwise quiet). */
  const errorsA: string[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    server = await startPostgres();
    const db = await server.freshDatabase();
    const owner = await keychainFor(db.ownerUrl);
    expect(await runCli(['db', 'migrate', '--database', owner.url, '--app-role', server.appRole], { out: () => undefined, err: () => undefined }, { vault: () => owner.vault })).toBe(0);
    const direct = new URL(db.appUrl);
    proxy = await startToggleProxy(direct.hostname, Number(direct.port));
    const viaProxy = new URL(db.appUrl);
    viaProxy.port = String(proxy.port);
    const a = await keychainFor(viaProxy.toString());
    const b = await keychainFor(db.appUrl);
    appUrlB = b.url;
    vaultB = b.vault;
    const quiet = createLogger({ quiet: true });
    const logA = { ...quiet, error: (m: string, err?: unknown) => (errorsA.push(m), quiet.error(m, err)) };
    deskA = await makeTestCore({ demo: false, databaseUrl: a.url, vault: a.vault, deskName: 'Desk A', logger: logA });
    deskB = await makeTestCore({ demo: false, databaseUrl: b.url, vault: b.vault, deskName: 'Desk B', createAccounts: false });
    deskA.core.events.subscribe((name, payload) => heardA.push({ name, payload }));
  }, 60_000);

  afterAll(async () => {
    await proxy?.online();
    await deskB?.close();
    await deskA?.close();
    await proxy?.close();
    await server?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('drafts keep saving on desk A while it cannot reach the database; the CLI freezes meanwhile; the drafts sync when it returns, a changed statement kept beside', async () => {
    const opA = await deskA.signedIn('operator');
    const opB = await deskB.signedIn('operator');
    const health = async (): Promise<Health> => dataOf<Health>(await deskA.core.dispatch('desks.databaseHealth', {}, opA));
    expect(await health()).toMatchObject({ reachable: true, since: null, pendingDrafts: 0, notices: [] });

    // Two statements drafted online on A: one only A edits, one B will edit while A is cut off.
    const save = async (input: Record<string, unknown>): Promise<Saved> => dataOf<Saved>(await deskA.core.dispatch('statements.save', input, opA));
    const mine = (await save({ title: 'Account compromise', canonicalText: 'v1', variants: variants('v1') })).statement.id;
    const shared = (await save({ title: 'Shared note', canonicalText: 'shared v1', variants: variants('shared v1') })).statement.id;

    await proxy.offline();
    // The change feed loses its connection at once; the desk says so (health and its event).
    await expect.poll(async () => (await health()).reachable, { timeout: 20_000 }).toBe(false);
    expect((await health()).since).not.toBeNull();
    expect(heardA.filter((e) => e.name === 'desks.databaseHealth').map((e) => (e.payload as EventPayload<'desks.databaseHealth'>).reachable)).toContain(false);

    // Still signed in; every autosave is kept on this desk, in order.
    const first = await save({ id: mine, baseVersion: 1, title: 'Account compromise', canonicalText: 'offline 1', variants: variants('offline 1'), autosave: true });
    expect(first.savedLocally).toMatchObject({ pending: 1 });
    await save({ id: mine, baseVersion: 1, title: 'Account compromise', canonicalText: 'offline 2', variants: variants('offline 2'), autosave: true });
    const created = crypto.randomUUID();
    await save({ id: created, title: 'Written offline', canonicalText: 'new while offline', variants: variants('new while offline'), autosave: true });
    await save({ id: shared, baseVersion: 1, title: 'Shared note', canonicalText: 'A offline', variants: variants('A offline'), autosave: true });
    expect((await health()).pendingDrafts).toBe(4);
    // Kept on this desk, they are audited when they sync: no failed audit append is logged for them.
    expect(errorsA.filter((m) => m.includes('statements.save'))).toEqual([]);
    // Readable from a terminal meanwhile, without the database: the person, each statement's latest text.
    const listed: string[] = [];
    expect(await runCli(['drafts', '--data-dir', deskA.dir], { out: (t) => listed.push(t), err: (t) => listed.push(t) })).toBe(0);
    expect(listed.join('\n')).toMatch(/#2 .* Olu Operator {2}"Account compromise" {2}statement .*, edited from version 1; earlier saves #1/);
    const shown: string[] = [];
    expect(await runCli(['drafts', 'show', '2', '--data-dir', deskA.dir], { out: (t) => shown.push(t), err: (t) => shown.push(t) })).toBe(0);
    expect(shown.join('\n')).toContain('X:\noffline 2');

    // What needs the database says so, naming the CLI freeze.
    const refused = await deskA.core.dispatch('control.freeze', { scope: ['x-main'], reason: 'from A while cut off' }, opA);
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('control-room freeze --database') } });
    // Its refusal could not be audited either, and that stays visible in the log.
    expect(errorsA).toContain('could not record control.freeze in the audit log');

    // Meanwhile B edits the shared statement, and the CLI freezes through the real database.
    dataOf(await deskB.core.dispatch('statements.save', { id: shared, baseVersion: 1, title: 'Shared note', canonicalText: 'B meanwhile', variants: variants('B meanwhile') }, opB));
    const cliDir = mkdtempSync(join(tmpdir(), 'cr-offline-cli-'));
    dirs.push(cliDir);
    process.env['CONTROL_ROOM_PASSPHRASE'] = deskB.passphrase('operator');
    const errors: string[] = [];
    try {
      expect(await runCli(['freeze', '--all', '--user', 'olu', '--reason', 'desk A is cut off', '--database', appUrlB, '--data-dir', cliDir], { out: () => undefined, err: (t) => errors.push(t) }, { vault: () => vaultB })).toBe(0);
    } finally {
      delete process.env['CONTROL_ROOM_PASSPHRASE'];
    }
    expect(errors).toEqual([]);
    const stateB = dataOf<{ frozen: { reason: string }[] }>(await deskB.core.dispatch('control.state', {}, opB));
    expect(stateB.frozen.map((f) => f.reason)).toContain('desk A is cut off');
    // Nothing of A's offline text is in the shared store yet.
    expect(dataOf<Versions>(await deskB.core.dispatch('statements.get', { id: mine }, opB)).versions.map((v) => v.canonicalText)).toEqual(['v1']);

    await proxy.online();
    await expect.poll(async () => (await health()).reachable, { timeout: 30_000 }).toBe(true);
    await expect.poll(async () => (await health()).pendingDrafts, { timeout: 20_000 }).toBe(0);

    // On B: A's offline saves are versions, in order, every channel variant with them.
    const onB = dataOf<Versions>(await deskB.core.dispatch('statements.get', { id: mine }, opB));
    expect(onB.versions.map((v) => v.canonicalText)).toEqual(['v1', 'offline 1', 'offline 2']);
    expect(onB.versions.at(-1)?.variants.x?.text).toBe('offline 2');
    expect(dataOf<Versions>(await deskB.core.dispatch('statements.get', { id: created }, opB)).versions.map((v) => v.canonicalText)).toEqual(['new while offline']);
    // B's edit stands; A's text is a new draft beside it, and A's person is told.
    expect(dataOf<Versions>(await deskB.core.dispatch('statements.get', { id: shared }, opB)).versions.map((v) => v.canonicalText)).toEqual(['shared v1', 'B meanwhile']);
    const [notice] = (await health()).notices;
    expect(notice).toMatchObject({ statementId: shared, title: 'Shared note', reason: expect.stringContaining('changed on another desk meanwhile') });
    expect(dataOf<Versions>(await deskB.core.dispatch('statements.get', { id: notice!.copyId }, opB)).versions.map((v) => v.canonicalText)).toEqual(['A offline']);
    // A sees the freeze the CLI made while it was cut off.
    const stateA = dataOf<{ frozen: { reason: string }[] }>(await deskA.core.dispatch('control.state', {}, opA));
    expect(stateA.frozen.map((f) => f.reason)).toContain('desk A is cut off');
    // Each synced save is in the shared audit chain (it could not be recorded while A was cut off).
    const synced = await deskB.core.auditRepo.read(async (r) => {
      const out: { target: string | null; details: string }[] = [];
      for await (const e of r.entriesFrom(1)) if (e.action === 'statements.save' && e.details.includes('savedOnThisDeskAt')) out.push({ target: e.target, details: e.details });
      return out;
    });
    expect(synced.map((e) => e.target)).toEqual([mine, mine, created, notice!.copyId]);
    expect(synced.at(-1)?.details).toContain('"synced":"copied"');
    // Dismissed once read.
    dataOf(await deskA.core.dispatch('desks.dismissOfflineDraftNotice', { id: notice!.id }, opA));
    expect((await health()).notices).toEqual([]);
  }, 120_000);
});
