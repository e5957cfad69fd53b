// The store contract (store-contract-suite.ts), continued: the audit log's storage, and the
// transaction rule every backend keeps: nested calls are savepoints, and two desks on one database
// never lose an update, claim one row twice or read one item as new twice.
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { AsyncAuditWriter, AsyncStore } from '../../electron/store/postgres/async-store';
import type { AuditEntryRecord } from '../../electron/store/records';
import { at, channel, item, outboxRow } from './store-contract-fixtures';
import type { ContractContext } from './store-contract-suite';

const entry = (seq: number, prevHash: string): AuditEntryRecord => ({
  seq, at: at(seq % 60), actor: 'sup-1', role: 'supervisor', action: 'freeze', target: 'x-main', reason: null, details: `{"n":${seq}}`, prevHash, hash: `h${seq}`,
});

/** Reads the head and appends the next entry on it, as electron/core/audit does. */
const appendNext = async (w: AsyncAuditWriter): Promise<number> => {
  const head = await w.head();
  await tick();
  const seq = (head?.seq ?? 0) + 1;
  await w.insertEntry(entry(seq, head?.hash ?? 'genesis'));
  return seq;
};

async function collect(store: AsyncStore, from: number): Promise<AuditEntryRecord[]> {
  return store.audit.read(async (r) => {
    const out: AuditEntryRecord[] = [];
    for await (const e of r.entriesFrom(from)) out.push(e);
    return out;
  });
}

/** Read, yield to the other desk, write: a lost update shows as a count below the number of increments. */
async function increment(store: AsyncStore): Promise<void> {
  await store.transaction(async () => {
    const row = await store.channels.get('counter');
    await tick();
    await store.channels.upsert(channel('counter', { name: String(Number(row?.name ?? '0') + 1) }));
  });
}

export function transactionContract(name: string, ctx: ContractContext): void {
  describe(`${name}: audit storage`, () => {
    it('appends in seq order, reads from any seq, and keeps one checkpoint per seq and key', async () => {
      const { audit } = ctx.store();
      expect(await audit.read(async (r) => [await r.head(), await r.checkpoints(), await r.latestCheckpoint()])).toEqual([null, [], null]);
      for (let i = 0; i < 3; i++) await audit.write(appendNext);
      expect((await collect(ctx.store(), 2)).map((e) => e.seq)).toEqual([2, 3]);
      expect((await collect(ctx.store(), 1))[2]).toEqual(entry(3, 'h2'));
      const checkpoint = { uptoSeq: 2, hash: 'h2', signedAt: at(5), keyId: 'desk-a', publicKey: 'pk', signature: 'sig' };
      expect(await audit.write((w) => w.insertCheckpoint(checkpoint))).toBe(true);
      expect(await audit.write((w) => w.insertCheckpoint({ ...checkpoint, signature: 'other' }))).toBe(false);
      await audit.write((w) => w.insertCheckpoint({ ...checkpoint, uptoSeq: 3, hash: 'h3' }));
      await audit.write((w) => w.insertCheckpoint({ ...checkpoint, keyId: 'desk-b' }));
      expect(await audit.read((r) => r.checkpoints())).toEqual([checkpoint, { ...checkpoint, keyId: 'desk-b' }, { ...checkpoint, uptoSeq: 3, hash: 'h3' }]);
      expect(await audit.read((r) => r.latestCheckpoint())).toEqual({ ...checkpoint, uptoSeq: 3, hash: 'h3' });
      expect(await audit.read((r) => r.head())).toEqual({ seq: 3, hash: 'h3' });
    });

    it('walks a log longer than one page, in order, and two walks at once (as the verifier does) do not disturb each other', async () => {
      const { audit } = ctx.store();
      await audit.write(async (w) => {
        for (let seq = 1; seq <= 1_100; seq++) await w.insertEntry(entry(seq, seq === 1 ? 'genesis' : `h${seq - 1}`));
      });
      const seqs = await audit.read(async (r) => {
        const a = r.entriesFrom(1)[Symbol.asyncIterator]();
        const b = r.entriesFrom(600)[Symbol.asyncIterator]();
        const pairs: [number, number][] = [];
        for (;;) {
          const [x, y] = [await a.next(), await b.next()];
          if (x.done || y.done) return { pairs };
          pairs.push([x.value.seq, y.value.seq]);
        }
      });
      expect(seqs.pairs).toHaveLength(501);
      expect(seqs.pairs[0]).toEqual([1, 600]);
      expect(seqs.pairs[500]).toEqual([501, 1_100]);
      expect(seqs.pairs.every(([x, y], i) => x === i + 1 && y === i + 600)).toBe(true);
      expect((await collect(ctx.store(), 1)).map((e) => e.seq)).toEqual(Array.from({ length: 1_100 }, (_, i) => i + 1));
    });

    it('a write that throws leaves nothing, and a second entry with the same seq (a fork) is refused', async () => {
      const { audit } = ctx.store();
      await expect(audit.write(async (w) => {
        await appendNext(w);
        throw new Error('signing failed');
      })).rejects.toThrow('signing failed');
      expect(await audit.read((r) => r.head())).toBeNull();
      await audit.write(appendNext);
      await expect(audit.write((w) => w.insertEntry(entry(1, 'genesis')))).rejects.toThrow();
      expect((await collect(ctx.store(), 1)).map((e) => e.hash)).toEqual(['h1']);
    });

    it('two desks appending at once extend one chain: no gap, no fork', async () => {
      const deskB = await ctx.second();
      const appendMany = async (store: AsyncStore): Promise<void> => {
        for (let i = 0; i < 6; i++) await store.audit.write(appendNext);
      };
      await Promise.all([appendMany(ctx.store()), appendMany(deskB)]);
      const chain = await collect(ctx.store(), 1);
      expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      chain.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? 'genesis' : `h${i}`));
    });
  });

  describe(`${name}: transactions`, () => {
    it('a nested call that throws undoes only its own writes; the outer one commits the rest', async () => {
      const store = ctx.store();
      const out = await store.transaction(async () => {
        await store.channels.upsert(channel('outer'));
        await expect(store.control.transaction(async () => {
          await store.channels.upsert(channel('inner'));
          expect(await store.channels.get('inner')).not.toBeNull();
          throw new Error('inner failed');
        })).rejects.toThrow('inner failed');
        await store.monitor.transaction(async () => store.channels.upsert(channel('kept')));
        return 'done';
      });
      expect(out).toBe('done');
      expect((await store.channels.list()).map((c) => c.id).sort()).toEqual(['kept', 'outer']);
    });

    it('an outer failure undoes everything, nested savepoints included', async () => {
      const store = ctx.store();
      await expect(store.transaction(async () => {
        await store.channels.upsert(channel('a'));
        await store.accounts.transaction(async () => store.channels.upsert(channel('b')));
        throw new Error('outer failed');
      })).rejects.toThrow('outer failed');
      expect(await store.channels.list()).toEqual([]);
    });

    it('two desks incrementing the same value never lose an update', async () => {
      const deskB = await ctx.second();
      const run = async (store: AsyncStore): Promise<void> => {
        for (let i = 0; i < 8; i++) await increment(store);
      };
      await Promise.all([run(ctx.store()), run(deskB)]);
      expect((await ctx.store().channels.get('counter'))?.name).toBe('16');
    });

    it('two desks claiming one outbox row: exactly one wins; reading one item: exactly one sees it as new', async () => {
      const deskB = await ctx.second();
      const deskA = ctx.store();
      await deskA.channels.upsert(channel('x-main'));
      const row = await deskA.control.insertOutbox(outboxRow('st-1', 'x-main'));
      const claim = (store: AsyncStore, desk: string): Promise<boolean> =>
        store.transaction(async () => {
          if (await store.control.freezeFor('x-main')) return false;
          return store.control.updateOutbox(row.id, { status: 'claimed', attempts: 1, claimedBy: desk, claimedAt: at(3) }, at(3), { status: ['queued'], attempts: 0 });
        });
      const won = await Promise.all([claim(deskA, 'desk-a'), claim(deskB, 'desk-b')]);
      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await deskB.control.outbox(row.id))?.claimedBy).toBe(won[0] ? 'desk-a' : 'desk-b');

      const read = await Promise.all([deskA.monitor.insertNew([item('x-main', 'p1')]), deskB.monitor.insertNew([item('x-main', 'p1')])]);
      expect(read.flat()).toEqual([item('x-main', 'p1')]);
    });
  });
}
