// The subscribeRepos frames as the demo PDS encodes them and the adapter decodes them (one library).
import { decodeFirst } from 'cborg';
import { decodeOptions } from '@ipld/dag-cbor';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../lib/clock';
import { cidFor, createDemoRepo } from './repo';
import { concernsOwnPosts, decodeFrame, encodeFrame, subscribeUrl } from '../../channels/bluesky/firehose';

const own = 'did:plc:newsroom';
const commit = (repo: string, path: string) => encodeFrame({ op: 1, t: '#commit' }, { seq: 7, repo, rebase: false, tooBig: false, commit: cidFor({ repo }), rev: '3l', since: null, blocks: new Uint8Array(), ops: [{ action: 'create', path, cid: cidFor({ path }) }], blobs: [], time: '2019-07-19T23:04:00Z' });

describe('subscribeRepos frames', () => {
  it('wake the monitor for commits of its own DID that touch posts, and nothing else', () => {
    const mine = decodeFrame(commit(own, 'app.bsky.feed.post/3l2abc'));
    expect(mine).toEqual({ kind: 'commit', seq: 7, repo: own, paths: ['app.bsky.feed.post/3l2abc'] });
    expect(concernsOwnPosts(mine!, own)).toBe(true);
    expect(concernsOwnPosts(decodeFrame(commit('did:plc:someone', 'app.bsky.feed.post/3l2abc'))!, own)).toBe(false);
    expect(concernsOwnPosts(decodeFrame(commit(own, 'app.bsky.feed.like/3l2abc'))!, own)).toBe(false);
    expect(concernsOwnPosts(decodeFrame(encodeFrame({ op: 1, t: '#account' }, { seq: 8, did: own, active: false, time: 'now' }))!, own)).toBe(true);
  });

  it('read an error frame as an error, and a malformed body as nothing', () => {
    expect(decodeFrame(encodeFrame({ op: -1 }, { error: 'FutureCursor', message: 'Cursor in the future.' }))).toEqual({ kind: 'error', error: 'FutureCursor', message: 'Cursor in the future.' });
    expect(decodeFrame(encodeFrame({ op: 1, t: '#commit' }, { seq: 'x' }))).toBeNull();
  });

  it('connect over wss for https, resuming from the kept cursor', () => {
    expect(subscribeUrl('https://bsky.social', null)).toBe('wss://bsky.social/xrpc/com.atproto.sync.subscribeRepos');
    expect(subscribeUrl('http://127.0.0.1:2583', 41)).toBe('ws://127.0.0.1:2583/xrpc/com.atproto.sync.subscribeRepos?cursor=41');
  });

  it('announce a putRecord on an existing rkey as an update naming the earlier CID, and the same content again as nothing', () => {
    const repo = createDemoRepo(systemClock);
    const ops = (): unknown[] =>
      repo.framesAfter(0).map((f) => {
        const [, rest] = decodeFirst(f, decodeOptions) as [unknown, Uint8Array];
        const [body] = decodeFirst(rest, decodeOptions) as [{ ops: { action: string; path: string; cid: unknown; prev?: unknown }[] }, Uint8Array];
        return body.ops.map((o) => [o.action, o.path, String(o.cid), o.prev === undefined ? null : String(o.prev)]);
      });
    const post = (text: string) => ({ $type: 'app.bsky.feed.post' as const, text, createdAt: '2019-07-19T21:58:00Z' });
    const { uri, cid } = repo.create(own, post('Road closed'));
    const rkey = uri.slice(uri.lastIndexOf('/') + 1);
    const rewritten = repo.put(own, rkey, post('Road open'));
    expect(rewritten.uri).toBe(uri);
    expect(repo.put(own, rkey, post('Road open'))).toEqual(rewritten);
    repo.put(own, 'newkey', post('Made by putRecord'));
    const path = `app.bsky.feed.post/${rkey}`;
    expect(ops()).toEqual([
      [['create', path, cid, null]],
      [['update', path, rewritten.cid, cid]],
      [['create', 'app.bsky.feed.post/newkey', repo.get(own, 'newkey')?.cid.toString(), null]],
    ]);
    expect(repo.get(own, rkey)?.value.text).toBe('Road open');
  });
});
