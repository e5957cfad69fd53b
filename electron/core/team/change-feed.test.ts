// What one desk tells the others: ids only, split under PostgreSQL's 8000-byte NOTIFY limit, and
// nothing about this desk alone (its monitor's health, the heartbeat, OAuth consent URLs).
import { describe, expect, it } from 'vitest';
import { maxChangePayloadBytes } from '../../store/postgres/change-channel';
import { changeSchema, changesOf, createChangeFeed } from './change-feed';
import { createEventBus } from '../event-bus';
import { noChangeChannel, type ChangeChannel } from '../../store/repositories';

const feedItem = (itemId: string): Record<string, unknown> => ({ itemId, text: 'secret draft text that must not travel' });

describe('changesOf', () => {
  it('names the items a monitor read found by id, in chunks that each fit one notification', () => {
    const ids = Array.from({ length: 450 }, (_, i) => `at://did:plc:${'x'.repeat(40)}/app.bsky.feed.post/${i.toString().padStart(13, '0')}`);
    const changes = changesOf('feed.items', { channelId: 'bluesky-main', items: ids.map(feedItem) });
    expect(changes.flatMap((c) => (c.kind === 'items' ? c.itemIds : []))).toEqual(ids);
    for (const c of changes) {
      const text = JSON.stringify({ v: 1, desk: 'desk-0123456789abcdef', change: c });
      expect(Buffer.byteLength(text)).toBeLessThan(maxChangePayloadBytes);
      expect(text).not.toContain('secret draft text');
      expect(changeSchema.parse(c)).toEqual(c);
    }
  });

  it('carries no content: a freeze names who and when, not the reason', () => {
    const [c] = changesOf('control.freezeChanged', { frozen: [{ scope: '*', frozenBy: 'acc-1', frozenRole: 'operator', frozenAt: 't', reason: 'hacked', incidentId: 1 }], changedBy: 'acc-1', at: 't', heldRows: 2, inFlight: 0 });
    expect(c).toEqual({ kind: 'freeze', by: 'acc-1', at: 't', heldRows: 2, inFlight: 0 });
  });

  it('keeps what is about this desk only to this desk', () => {
    expect(changesOf('app.heartbeat', { at: 't' })).toEqual([]);
    expect(changesOf('channels.authorize', { url: 'https://x.com/i/oauth2/authorize?state=s', opened: true })).toEqual([]);
    expect(changesOf('demo.status', {})).toEqual([]);
  });
});

describe('createChangeFeed', () => {
  const notRead = <T>(): T => new Proxy({}, { get: () => { throw new Error('not read in this test'); } }) as T;
  const feedOn = (shared: boolean): { published: string[]; bus: ReturnType<typeof createEventBus>; feed: ReturnType<typeof createChangeFeed> } => {
    const published: string[] = [];
    const channel: ChangeChannel = { shared, publish: (p) => { published.push(p); return Promise.resolve(); }, listen: () => ({ stop: () => Promise.resolve() }) };
    const bus = createEventBus(() => undefined);
    const feed = createChangeFeed({
      channel, deskId: 'desk-a', events: bus, control: notRead(), monitor: notRead(), media: notRead(), statements: notRead(), accounts: notRead(), settings: notRead(),
      anomalyView: notRead(), logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    return { published, bus, feed };
  };

  it('publishes a local change as this desk\'s ids where the database is shared', async () => {
    const { published, bus, feed } = feedOn(true);
    feed.start();
    bus.emit('statements.changed', { id: 'st-1' });
    await feed.stop();
    expect(published.map((p) => JSON.parse(p) as unknown)).toEqual([{ v: 1, desk: 'desk-a', change: { kind: 'statement', id: 'st-1' } }]);
  });

  it('publishes nothing on SQLite (one desk per file)', async () => {
    const { published, bus, feed } = feedOn(noChangeChannel.shared);
    feed.start();
    bus.emit('statements.changed', { id: 'st-1' });
    await feed.stop();
    expect(published).toEqual([]);
  });

  it("asks the other desks to revoke a credential by ids only; a Lock step names its row, not its detail; nothing on SQLite", async () => {
    const { published, bus, feed } = feedOn(true);
    feed.start();
    feed.askDesks({ credentialId: 7, channelId: 'site', actorId: 'sup-1', fromDesk: 'desk-a' });
    bus.emit('lock.stepRecorded', { channelId: 'site', actionId: 'desk-credential:7', label: 'Revoke', outcome: 'done', detail: 'Revoked the application password "x".', runBy: 'sup-1', at: 't', stepId: 3, deskId: 'desk-a' });
    await feed.stop();
    expect(published.map((p) => (JSON.parse(p) as { change: unknown }).change)).toEqual([
      { kind: 'lockRequest', channelId: 'site', credentialId: 7, actorId: 'sup-1' },
      { kind: 'lockStep', channelId: 'site', stepId: 3 },
    ]);
    const single = feedOn(noChangeChannel.shared);
    single.feed.askDesks({ credentialId: 7, channelId: 'site', actorId: 'sup-1', fromDesk: 'desk-a' });
    expect(single.published).toEqual([]);
  });
});
