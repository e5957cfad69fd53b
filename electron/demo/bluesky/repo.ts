// The demo PDS's repo: app.bsky.feed.post records keyed by TID, listed the way
// com.atproto.repo.listRecords lists them, rewritten in place by putRecord, and every change sequenced as a subscribeRepos #commit
// event (kept for cursor replay) encoded with the same DAG-CBOR library the adapter decodes with.
import { createHash } from 'node:crypto';
import type { AppBskyFeedPost, ComAtprotoRepoListRecords, ComAtprotoSyncSubscribeRepos } from '@atproto/api';
import { encode } from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { create as createDigest } from 'multiformats/hashes/digest';
import type { Clock } from '../../lib/clock';
import { encodeFrame, postCollection } from '../../channels/bluesky/firehose';

const s32 = '234567abcdefghijklmnopqrstuvwxyz';

/** A TID: 53 bits of microseconds since the epoch then 10 bits of clock id, base32-sortable. */
export function tid(micros: bigint, clockId: number): string {
  let n = (micros << 10n) | BigInt(clockId & 0x3ff);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = s32[Number(n & 31n)]! + out;
    n >>= 5n;
  }
  return out;
}

export function cidFor(value: unknown): CID {
  const bytes = encode(value);
  return CID.create(1, 0x71, createDigest(0x12, createHash('sha256').update(bytes).digest()));
}

interface StoredRecord {
  readonly rkey: string;
  readonly cid: CID;
  readonly value: AppBskyFeedPost.Record;
}

/** A record the PDS accepted, and which app password's session wrote it (benchmarks' ground truth). */
export interface DemoCreated {
  readonly rkey: string;
  readonly text: string;
  readonly by: string | null;
}

export interface DemoRepo {
  create(did: string, value: AppBskyFeedPost.Record, by?: string | null): { uri: string; cid: string };
  /**
   * putRecord: writes the record under `rkey`, rewriting it in place when it exists (an update
   * commit naming the earlier CID), creating it when not. The same content again commits nothing.
   */
  put(did: string, rkey: string, value: AppBskyFeedPost.Record, by?: string | null): { uri: string; cid: string };
  onCreated(listener: (e: DemoCreated) => void): () => void;
  /** False when there was no such record. */
  remove(did: string, rkey: string): boolean;
  get(did: string, rkey: string): StoredRecord | null;
  list(did: string, q: { limit: number; cursor?: string; reverse: boolean }): ComAtprotoRepoListRecords.OutputSchema;
  /** Encoded frames after `cursor` (all kept: the demo's backfill window is its lifetime). */
  framesAfter(cursor: number): Uint8Array[];
  onFrame(listener: (frame: Uint8Array) => void): () => void;
}

export function createDemoRepo(clock: Clock): DemoRepo {
  const records = new Map<string, StoredRecord[]>();
  const frames: { seq: number; bytes: Uint8Array }[] = [];
  const listeners = new Set<(frame: Uint8Array) => void>();
  const created = new Set<(e: DemoCreated) => void>();
  let lastMicros = 0n;
  let lastRev: string | null = null;

  const nextTid = (): string => {
    let micros = BigInt(clock.now().getTime()) * 1000n;
    if (micros <= lastMicros) micros = lastMicros + 1n;
    lastMicros = micros;
    return tid(micros, 7);
  };
  const emit = (did: string, op: ComAtprotoSyncSubscribeRepos.RepoOp): void => {
    const rev = nextTid();
    const commit: ComAtprotoSyncSubscribeRepos.Commit = {
      seq: frames.length + 1,
      rebase: false,
      tooBig: false,
      repo: did,
      commit: cidFor({ did, rev }),
      rev,
      since: lastRev,
      // The demo sends no CAR diff: the adapter reads the repo, it never trusts the stream's blocks.
      blocks: new Uint8Array(),
      ops: [op],
      blobs: [],
      time: clock.now().toISOString(),
    };
    lastRev = rev;
    const bytes = encodeFrame({ op: 1, t: '#commit' }, commit);
    frames.push({ seq: commit.seq, bytes });
    for (const l of listeners) l(bytes);
  };
  const of = (did: string): StoredRecord[] => {
    let list = records.get(did);
    if (!list) records.set(did, (list = []));
    return list;
  };

  return {
    create(did, value, by = null) {
      const rkey = nextTid();
      const cid = cidFor(value);
      of(did).push({ rkey, cid, value });
      for (const l of created) l({ rkey, text: value.text, by });
      emit(did, { action: 'create', path: `${postCollection}/${rkey}`, cid });
      return { uri: `at://${did}/${postCollection}/${rkey}`, cid: cid.toString() };
    },
    put(did, rkey, value, by = null) {
      const list = of(did);
      const cid = cidFor(value);
      const out = { uri: `at://${did}/${postCollection}/${rkey}`, cid: cid.toString() };
      const i = list.findIndex((r) => r.rkey === rkey);
      const current = i < 0 ? null : list[i]!;
      if (current?.cid.equals(cid)) return out;
      if (current) list[i] = { rkey, cid, value };
      else {
        list.push({ rkey, cid, value });
        for (const l of created) l({ rkey, text: value.text, by });
      }
      emit(did, { action: current ? 'update' : 'create', path: `${postCollection}/${rkey}`, cid, ...(current ? { prev: current.cid } : {}) });
      return out;
    },
    remove(did, rkey) {
      const list = of(did);
      const i = list.findIndex((r) => r.rkey === rkey);
      if (i < 0) return false;
      const [gone] = list.splice(i, 1);
      emit(did, { action: 'delete', path: `${postCollection}/${rkey}`, cid: null, ...(gone ? { prev: gone.cid } : {}) });
      return true;
    },
    get: (did, rkey) => of(did).find((r) => r.rkey === rkey) ?? null,
    list(did, q) {
      const sorted = [...of(did)].sort((a, b) => (a.rkey < b.rkey ? -1 : 1));
      if (!q.reverse) sorted.reverse();
      const after = q.cursor;
      const page = sorted.filter((r) => after === undefined || (q.reverse ? r.rkey > after : r.rkey < after)).slice(0, q.limit);
      const last = page[page.length - 1];
      return {
        records: page.map((r) => ({ uri: `at://${did}/${postCollection}/${r.rkey}`, cid: r.cid.toString(), value: { ...r.value } })),
        ...(last && page.length === q.limit ? { cursor: last.rkey } : {}),
      };
    },
    onCreated(listener) {
      created.add(listener);
      return () => created.delete(listener);
    },
    framesAfter: (cursor) => frames.filter((f) => f.seq > cursor).map((f) => f.bytes),
    onFrame(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
