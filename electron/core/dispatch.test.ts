import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNames, calls, roles } from '../shared/contract';
import { latestSchemaVersion } from '../store/migrations';
import { createCore, type Core } from './app';
import type { Caller } from './dispatch';
import { createLogger } from './log';

let dir: string;
let core: Core;
const admin: Caller = { role: 'admin', transport: 'test' };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cr-dispatch-'));
  core = createCore({ dataDir: dir, mode: 'cli', logger: createLogger({ quiet: true }) });
});
afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dispatch', () => {
  it('answers app.status with the schema version', async () => {
    const result = await core.dispatch('app.status', {}, { role: null, transport: 'test' });
    expect(result).toMatchObject({ ok: true, data: { app: 'control-room', schemaVersion: latestSchemaVersion, dataDir: dir } });
  });

  it('refuses an unknown call with BAD_INPUT', async () => {
    const result = await core.dispatch('app.__proto__', {}, admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('refuses unknown keys: a strict contract, not a lenient one', async () => {
    const result = await core.dispatch('app.status', { extra: 1 }, admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('does not echo a rejected input back (it may be a secret)', async () => {
    const secret = 'hunter2-very-secret-value';
    const result = await core.dispatch('settings.set', { key: 'demo.enabled', value: 42, note: secret }, admin);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('needs a sign-in for non-public calls and the right role', async () => {
    expect(await core.dispatch('settings.get', { key: 'demo.enabled' }, { role: null, transport: 'test' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await core.dispatch('settings.set', { key: 'demo.enabled', value: 'true' }, { role: 'operator', transport: 'test' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await core.dispatch('settings.set', { key: 'demo.enabled', value: 'false' }, admin)).toMatchObject({ ok: true });
    expect(await core.dispatch('settings.get', { key: 'demo.enabled' }, admin)).toMatchObject({ ok: true, data: { value: 'false' } });
  });

  it('opens only allow-listed https links', async () => {
    expect(await core.dispatch('links.open', { url: 'javascript:alert(1)' }, admin)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await core.dispatch('links.open', { url: 'https://x.com/demo' }, admin)).toMatchObject({
      ok: true,
      data: { host: 'x.com', opened: false },
    });
  });

  it('never answers INTERNAL or throws, whatever JSON arrives, for every call and role', async () => {
    const anyCaller = fc.constantFrom<Caller>(
      { role: null, transport: 'test' },
      ...roles.map((role) => ({ role, transport: 'test' as const })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...callNames), fc.jsonValue(), anyCaller, async (name, input, caller) => {
        const before = Object.getOwnPropertyNames(Object.prototype).length;
        const result = await core.dispatch(name, input, caller);
        expect(result.ok === true || result.error.code !== 'INTERNAL').toBe(true);
        if (!result.ok && calls[name].input.safeParse(input).success === false) expect(result.error.code).toBe('BAD_INPUT');
        expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});
