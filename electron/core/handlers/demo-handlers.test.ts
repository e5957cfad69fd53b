import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log';
import type { CorePlugin, ReplayState } from '../../lib/plugin';
import { createMemoryVault } from '../../vault/memory-vault';
import { createCore, type Core } from '../app';
import type { Caller } from '../dispatch';

let core: Core | null = null;
let dir = '';
afterEach(async () => {
  await core?.close();
  core = null;
  rmSync(dir, { recursive: true, force: true });
});

async function openCore(plugin?: CorePlugin): Promise<{ core: Core; admin: Caller }> {
  dir = mkdtempSync(join(tmpdir(), 'cr-demo-handlers-'));
  core = await createCore({ dataDir: dir, mode: 'cli', logger: createLogger({ quiet: true }), vault: createMemoryVault(), scrypt: { N: 1024, r: 8, p: 1 }, ...(plugin ? { plugin } : {}) });
  const admin: Caller = { transport: 'test', session: { id: null } };
  const created = await core.dispatch('accounts.createFirstAdmin', { username: 'ada', displayName: 'Ada Admin', passphrase: 'quiet lantern river 1919 first' }, admin);
  expect(created.ok).toBe(true);
  return { core, admin };
}

const anonymous = (): Caller => ({ transport: 'test', session: { id: null } });

/** A plug-in with no servers: channels that connect nothing, and a replay that reports its start. */
function stubPlugin(): CorePlugin {
  let state: ReplayState = { running: false, posted: 0, total: 0, speed: 0 };
  return {
    channels: { start: async () => [], stop: async () => undefined },
    replay: {
      state: () => ({ ...state }),
      start: async (speed, report) => {
        state = { running: true, posted: 0, total: 2, speed: speed ?? 20 };
        report.progress();
        return { ...state };
      },
    },
  };
}

describe('the demo.* calls', () => {
  it('say plainly that no demo is composed in when the core has no plug-in', async () => {
    const { core, admin } = await openCore();
    await core.startChannels();
    expect(await core.dispatch('demo.status', {}, anonymous())).toEqual({ ok: true, data: { enabled: false, running: false, replay: { running: false, posted: 0, total: 0, speed: 0 } } });
    const replay = await core.dispatch('demo.replay', { speed: 20 }, admin);
    expect(replay).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(!replay.ok && replay.error.message).toContain('without the demo newsroom');
  });

  it("answer from the plug-in's channels and replay, and push its progress as demo.status", async () => {
    const plugin = stubPlugin();
    const { core, admin } = await openCore(plugin);
    await core.startChannels();
    expect(await core.dispatch('demo.status', {}, anonymous())).toMatchObject({ ok: true, data: { enabled: true, running: true } });
    const pushed: unknown[] = [];
    core.events.subscribe((name, payload) => {
      if (name === 'demo.status') pushed.push(payload);
    });
    expect(await core.dispatch('demo.replay', { speed: 100 }, admin)).toEqual({ ok: true, data: { enabled: true, running: true, replay: { running: true, posted: 0, total: 2, speed: 100 } } });
    expect(pushed).toEqual([{ enabled: true, running: true, replay: { running: true, posted: 0, total: 2, speed: 100 } }]);
  });

  it("keep the plug-in's channels off when demo.enabled is 'false'", async () => {
    const { core } = await openCore(stubPlugin());
    await core.settings.set('demo.enabled', 'false', new Date());
    await core.startChannels();
    expect(await core.dispatch('demo.status', {}, anonymous())).toMatchObject({ ok: true, data: { enabled: false, running: false } });
  });
});
