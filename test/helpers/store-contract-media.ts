// The store contract (store-contract-suite.ts), continued: images. Cleaned images by SHA-256, each
// statement version's images and the images a statement goes out with, the channel's ids for
// them, what the ledger expects an item to carry, what items read back carry, and evidence's
// copies. Bytes must come back byte for byte, as plain Uint8Arrays, on every backend.
import { describe, expect, it } from 'vitest';
import type { ObservedMediaWithBytes } from '../../electron/store/records';
import { at, channel, evidence, item, outboxRow, seedPeople, version } from './store-contract-fixtures';
import type { ContractContext } from './store-contract-suite';

const sha = (c: string): string => c.repeat(64);
const image = (c: string, bytes: number[]) => ({
  sha256: sha(c), mime: 'image/png' as const, width: 4, height: 3, bytes: new Uint8Array(bytes), addedBy: 'op-1', addedAt: at(1),
});
const observed = (position: number, ref: string, over: Partial<ObservedMediaWithBytes> = {}): ObservedMediaWithBytes => ({
  position, ref, mime: 'image/jpeg', alt: `alt ${ref}`, sha256: sha(String(position)), bytes: new Uint8Array([position, 255, 0]),
  state: 'shown', reason: null, width: 8, height: 6, ...over,
});
const withoutBytes = ({ bytes: _bytes, ...rest }: ObservedMediaWithBytes) => rest;

export function mediaContract(name: string, ctx: ContractContext): void {
  describe(`${name}: images`, () => {
    it('an image is stored once by its hash (the first copy stays); bytes and size read back exactly', async () => {
      const { media } = ctx.store();
      const a = image('a', [0, 1, 2, 250, 0, 7]);
      await media.putMedia(a);
      await media.putMedia({ ...a, addedBy: 'sup-1', addedAt: at(9), bytes: new Uint8Array([9]) });
      const got = await media.getMedia(a.sha256);
      expect(got).toEqual({ ...a, size: 6 });
      expect(got?.bytes.constructor).toBe(Uint8Array);
      expect(await media.mediaInfo(a.sha256)).toEqual({ sha256: a.sha256, mime: 'image/png', width: 4, height: 3, addedBy: 'op-1', addedAt: at(1), size: 6 });
      expect(await media.getMedia(sha('b'))).toBeNull();
      expect(await media.mediaInfo(sha('b'))).toBeNull();
      await expect(media.putMedia({ ...image('c', [1]), mime: 'image/gif' as 'image/png' })).rejects.toThrow();
      await expect(media.putMedia({ ...image('c', [1]), sha256: 'short' })).rejects.toThrow();
      expect(await media.getMedia(sha('c'))).toBeNull();
    });

    it("a version's images keep their order, are set once, and all or none of them are stored", async () => {
      const store = ctx.store();
      await seedPeople(store);
      await store.statements.insertVersion(version('st-1', 2, 'op-1'));
      await store.media.putMedia(image('a', [1]));
      await store.media.putMedia(image('b', [2]));
      await store.media.setVersionImages('st-1', 1, [{ sha256: sha('b'), alt: 'Second' }, { sha256: sha('a'), alt: 'First' }]);
      expect(await store.media.versionImages('st-1', 1)).toEqual([{ sha256: sha('b'), alt: 'Second' }, { sha256: sha('a'), alt: 'First' }]);
      expect(await store.media.versionImages('st-1', 2)).toEqual([]);
      await expect(store.media.setVersionImages('st-1', 1, [{ sha256: sha('a'), alt: 'again' }])).rejects.toThrow();
      // The second image is not stored: the first must not stay behind alone.
      await expect(store.media.setVersionImages('st-1', 2, [{ sha256: sha('a'), alt: 'ok' }, { sha256: sha('f'), alt: 'unknown' }])).rejects.toThrow();
      expect(await store.media.versionImages('st-1', 2)).toEqual([]);
      await expect(store.media.setVersionImages('st-1', 9, [{ sha256: sha('a'), alt: 'no such version' }])).rejects.toThrow();
    });

    it('the images a statement goes out with replace those of an earlier queueing, in order', async () => {
      const { media } = ctx.store();
      for (const c of ['a', 'b', 'c']) await media.putMedia(image(c, [c.charCodeAt(0)]));
      expect(await media.sendImages('st-1')).toEqual([]);
      await media.setSendImages('st-1', [{ sha256: sha('a'), alt: 'A' }, { sha256: sha('b'), alt: 'B' }, { sha256: sha('c'), alt: 'C' }]);
      await media.setSendImages('st-2', [{ sha256: sha('a'), alt: 'other statement' }]);
      await media.setSendImages('st-1', [{ sha256: sha('c'), alt: 'C first' }, { sha256: sha('a'), alt: 'A' }]);
      expect(await media.sendImages('st-1')).toEqual([{ sha256: sha('c'), alt: 'C first' }, { sha256: sha('a'), alt: 'A' }]);
      expect(await media.sendImages('st-2')).toEqual([{ sha256: sha('a'), alt: 'other statement' }]);
      await media.setSendImages('st-2', []);
      expect(await media.sendImages('st-2')).toEqual([]);
    });

    it("what an item carries is replaced as a whole, read in position order, with or without its bytes, and for a page of items in one call", async () => {
      const store = ctx.store();
      await store.channels.upsert(channel('x-main'));
      await store.channels.upsert(channel('wp', { kind: 'wordpress' }));
      await store.monitor.insertNew([item('x-main', '1'), item('x-main', '2'), item('x-main', '3'), item('wp', '1')]);
      await store.media.setObservedMedia('x-main', '1', [observed(0, 'old')]);
      const pending = observed(0, 'm0', { sha256: null, bytes: null, state: 'pending', reason: 'not fetched yet', mime: null, alt: null, width: null, height: null });
      await store.media.setObservedMedia('x-main', '1', [observed(2, 'm2'), pending, observed(1, 'm1', { state: 'withheld', reason: 'Too large' })]);
      await store.media.setObservedMedia('x-main', '2', [observed(0, 'n0')]);
      await store.media.setObservedMedia('wp', '1', [observed(0, 'w0')]);

      const withBytes = await store.media.observedMediaWithBytes('x-main', '1');
      expect(withBytes).toEqual([pending, observed(1, 'm1', { state: 'withheld', reason: 'Too large' }), observed(2, 'm2')]);
      expect(withBytes[2]?.bytes?.constructor).toBe(Uint8Array);
      expect(await store.media.observedMedia('x-main', '1')).toEqual(withBytes.map(withoutBytes));
      expect(await store.media.observedMedia('x-main', '3')).toEqual([]);

      const page = await store.media.observedMediaOf('x-main', ['3', '2', '1', 'absent']);
      expect([...page.keys()].sort()).toEqual(['1', '2']);
      expect(page.get('1')?.map((m) => m.ref)).toEqual(['m0', 'm1', 'm2']);
      expect(page.get('2')).toEqual([withoutBytes(observed(0, 'n0'))]);
      expect((await store.media.observedMediaOf('wp', ['1', '2'])).get('1')?.map((m) => m.ref)).toEqual(['w0']);
      expect((await store.media.observedMediaOf('x-main', [])).size).toBe(0);

      await store.media.setObservedMedia('x-main', '2', []);
      expect(await store.media.observedMedia('x-main', '2')).toEqual([]);
      await expect(store.media.setObservedMedia('x-main', 'not-stored', [observed(0, 'z')])).rejects.toThrow();
      await expect(store.media.setObservedMedia('x-main', '3', [observed(0, 'z', { state: 'maybe' as 'shown' })])).rejects.toThrow();
      // A failed replacement keeps what was recorded before.
      await expect(store.media.setObservedMedia('x-main', '1', [observed(0, 'a'), observed(0, 'duplicate position')])).rejects.toThrow();
      expect((await store.media.observedMedia('x-main', '1')).map((m) => m.ref)).toEqual(['m0', 'm1', 'm2']);
      // An item's images go with it.
      await store.channels.remove('wp');
      expect(await store.media.observedMedia('wp', '1')).toEqual([]);
    });

    it("the screen is shown a statement's own image, or bytes read back only once inspection passed them", async () => {
      const store = ctx.store();
      await store.channels.upsert(channel('x-main'));
      await store.monitor.insertNew([item('x-main', '1')]);
      const own = image('a', [1, 2, 3]);
      await store.media.putMedia(own);
      await store.media.setObservedMedia('x-main', '1', [
        observed(0, 'same-as-own', { sha256: own.sha256, mime: 'image/jpeg', bytes: new Uint8Array([7, 7]) }),
        observed(1, 'passed', { sha256: sha('b'), mime: 'image/webp', bytes: new Uint8Array([4, 5]) }),
        observed(2, 'refused', { sha256: sha('c'), state: 'withheld', reason: 'SVG is not accepted' }),
        observed(3, 'waiting', { sha256: sha('d'), state: 'pending' }),
        observed(4, 'no-bytes', { sha256: sha('e'), bytes: null }),
      ]);
      expect(await store.media.shownImage(own.sha256)).toEqual({ mime: 'image/png', bytes: new Uint8Array([1, 2, 3]) });
      const passed = await store.media.shownImage(sha('b'));
      expect(passed).toEqual({ mime: 'image/webp', bytes: new Uint8Array([4, 5]) });
      expect(passed?.bytes.constructor).toBe(Uint8Array);
      for (const c of ['c', 'd', 'e', 'f']) expect(await store.media.shownImage(sha(c))).toBeNull();
    });

    it('the ledger expects the images its statement went out with, by item id or by the open entry, and knows when the answer is pending', async () => {
      const store = ctx.store();
      await seedPeople(store);
      await store.channels.upsert(channel('x-main'));
      for (const c of ['a', 'b']) await store.media.putMedia(image(c, [1]));
      await store.media.setSendImages('st-1', [{ sha256: sha('b'), alt: 'B' }, { sha256: sha('a'), alt: 'A' }]);
      const published = { channelId: 'x-main', contentHash: 'c-st-1', statementId: 'st-1', approvers: ['sup-1'], publishedAt: at(3) };
      expect(await store.media.expectedMedia('x-main', 'p1', 'c-st-1')).toBeNull();

      await store.monitor.recordPublication({ ...published, itemId: null });
      await store.media.recordMediaRefs('x-main', 'st-1', [{ sha256: sha('b'), ref: 'r-b' }, { sha256: sha('b'), ref: 'r-a' }]);
      await store.media.recordMediaRefs('x-main', 'st-1', [{ sha256: sha('a'), ref: 'r-a' }]);
      await store.media.recordMediaRefs('wp', 'st-1', [{ sha256: sha('a'), ref: 'r-wp' }]);
      const byContent = await store.media.expectedMedia('x-main', 'p1', 'c-st-1');
      expect(byContent).toMatchObject({ sha256s: [sha('b'), sha('a')], answerPending: false });
      expect([...(byContent?.refs ?? [])].sort()).toEqual(['r-a', 'r-b']);
      expect(await store.media.expectedMedia('x-main', 'p1', 'other content')).toBeNull();

      const row = await store.control.insertOutbox(outboxRow('st-1', 'x-main'));
      await store.control.updateOutbox(row.id, { status: 'claimed', attempts: 1, claimedBy: 'desk-a', claimedAt: at(3) }, at(3), { status: ['queued'] });
      expect(await store.media.expectedMedia('x-main', 'p1', 'c-st-1')).toMatchObject({ answerPending: true });
      await store.control.updateOutbox(row.id, { status: 'unknown' }, at(4), { status: ['claimed'] });
      expect(await store.media.expectedMedia('x-main', 'p1', 'c-st-1')).toMatchObject({ answerPending: true });
      await store.control.updateOutbox(row.id, { status: 'sent', itemId: 'p1', sentAt: at(5) }, at(5), { status: ['unknown'] });
      expect(await store.media.expectedMedia('x-main', 'p1', 'c-st-1')).toMatchObject({ answerPending: false });

      // Bound to its item, the entry is found by item id whatever the content now is.
      expect(await store.monitor.bindOpenPublication('x-main', 'c-st-1', 'p1')).toBe(true);
      expect(await store.media.expectedMedia('x-main', 'p1', 'edited afterwards')).toMatchObject({ sha256s: [sha('b'), sha('a')], answerPending: false });
      expect(await store.media.expectedMedia('x-main', 'p2', 'c-st-1')).toBeNull();

      // An entry that names no statement (published outside Control Room's statements) expects no images.
      await store.monitor.recordPublication({ ...published, itemId: 'p3', statementId: null });
      expect(await store.media.expectedMedia('x-main', 'p3', 'any')).toEqual({ sha256s: [], refs: [] });
    });

    it("evidence keeps its own copy of an item's images: recorded once per position, read back in order", async () => {
      const { control, media } = ctx.store();
      const ev = await control.insertEvidence(evidence('x-main', 'p1'));
      const first = [observed(1, 'm1', { state: 'withheld', reason: 'Too large' }), observed(0, 'm0', { sha256: null, bytes: null, state: 'pending' })];
      const copy = ({ width: _w, height: _h, ...rest }: ObservedMediaWithBytes) => rest;
      await media.insertEvidenceMedia(ev.id, first.map(copy));
      await media.insertEvidenceMedia(ev.id, [copy(observed(0, 'changed later')), copy(observed(2, 'm2'))]);
      const kept = await media.evidenceMedia(ev.id);
      expect(kept).toEqual([copy(first[1] as ObservedMediaWithBytes), copy(first[0] as ObservedMediaWithBytes), copy(observed(2, 'm2'))]);
      expect(kept[1]?.bytes?.constructor).toBe(Uint8Array);
      expect(await media.evidenceMedia(ev.id + 1)).toEqual([]);
      await expect(media.insertEvidenceMedia(ev.id + 1, [copy(observed(0, 'no such evidence'))])).rejects.toThrow();
    });
  });
}
