// Which desk reads a channel, as the screen asks for it (`desks.readers` through the contract), on
// REAL PostgreSQL: desk A connects X and reads it; desk B holds X's credential too; desk C does not
// (it can never read X). Every desk names the reader ("this desk" on the reader itself); when A
// closes, B takes over and says so on its event bus; when B closes too, nobody reads X and C says so
// (C never takes the lease of a channel it cannot read).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { splitSecrets, storeSecrets } from '../../electron/core/channels/connections';
import { demoConnections } from '../../electron/demo/plugin';
import { startDemoNewsroom, type DemoNewsroom } from '../../electron/demo/newsroom';
import type { Caller } from '../../electron/core/dispatch';
import type { CallOutput, EventPayload } from '../../electron/shared/contract';
import { migratePostgres } from '../../electron/store/postgres/migrate';
import { describeWithPeers } from '../helpers/peer-suite';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { dataOf, makeTestCore, type TestCore } from '../helpers/test-core';
import { keychainFor } from '../helpers/desk-keychain';

describeWithPeers(['postgresql'], 'which desk reads a channel, through the contract, on PostgreSQL', () => {
  let server: PostgresServer;
  let newsroom: DemoNewsroom;
  const desks = new Map<string, { desk: TestCore; caller: Caller; changes: EventPayload<'desks.readerChanged'>[] }>();
  let xId = '';

  const readerOfX = async (name: string): Promise<CallOutput<'desks.readers'>['channels'][number]['reader'] | undefined> => {
    const d = desks.get(name)!;
    const out = dataOf<CallOutput<'desks.readers'>>(await d.desk.core.dispatch('desks.readers', {}, d.caller));
    expect(out.team).toBe(true);
    return out.channels.find((c) => c.channelId === xId)?.reader;
  };

  beforeAll(async () => {
    server = await startPostgres();
    const db = await server.freshDatabase();
    await migratePostgres(db.ownerUrl, { appRole: server.appRole });
    newsroom = await startDemoNewsroom();
    const xInput = demoConnections(newsroom).find((c) => c.input.kind === 'x')?.input;
    if (!xInput) throw new Error('the demo newsroom has no X connection');
    for (const name of ['A', 'B', 'C']) {
      const k = await keychainFor(db.appUrl);
      // B holds X's credential in its own keychain; C does not, so it can never read X.
      if (name === 'B') await storeSecrets(k.vault, xId, splitSecrets(xInput).secrets);
      const desk = await makeTestCore({ demo: false, databaseUrl: k.url, vault: k.vault, deskName: `Desk ${name}`, createAccounts: name === 'A' });
      const changes: EventPayload<'desks.readerChanged'>[] = [];
      desk.core.events.subscribe((event, payload) => {
        if (event === 'desks.readerChanged') changes.push(payload as EventPayload<'desks.readerChanged'>);
      });
      desks.set(name, { desk, caller: await desk.signedIn('operator'), changes });
      if (name === 'A') xId = (await desk.core.channels.connect(xInput)).id;
    }
  }, 90_000);

  afterAll(async () => {
    for (const d of desks.values()) await d.desk.close();
    await newsroom?.stop();
    await server?.stop();
  });

  it('every desk names the reading desk; a takeover changes it and the new reader hears it; nobody reading is said', async () => {
    // Desk A connected X and asked first: it reads X, and says so on its own bus.
    await expect.poll(() => readerOfX('A'), { timeout: 20_000 }).toEqual({ deskId: expect.any(String) as string, deskName: 'Desk A', self: true });
    expect(desks.get('A')!.changes).toContainEqual({ channelId: xId, reading: true });
    expect(await readerOfX('B')).toMatchObject({ deskName: 'Desk A', self: false });
    expect(await readerOfX('C')).toMatchObject({ deskName: 'Desk A', self: false });

    // A closes (releasing its lease): B, which holds X's credential, takes over.
    await desks.get('A')!.desk.close();
    await expect.poll(() => readerOfX('B'), { timeout: 20_000 }).toMatchObject({ deskName: 'Desk B', self: true });
    expect(desks.get('B')!.changes).toContainEqual({ channelId: xId, reading: true });
    expect(await readerOfX('C')).toMatchObject({ deskName: 'Desk B', self: false });

    // B closes too: C cannot read X (no credential), so nobody does, and C says so.
    await desks.get('B')!.desk.close();
    await expect.poll(() => readerOfX('C'), { timeout: 20_000 }).toBeNull();
    // And it stays so: C, which cannot read X, never takes its lease (it asks for leases every 0.5 s).
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await readerOfX('C')).toBeNull();
    expect(desks.get('C')!.changes).toEqual([]);
  }, 90_000);
});
