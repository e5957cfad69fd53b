// Hardening gate, hostile IPC input: every contract call, through the real dispatch, with the
// inputs a compromised renderer or a hostile local client would send: megabyte strings, 10,000
// levels of nesting, prototype-pollution keys at every level (own properties, as JSON.parse and
// structured clone make them) and wrong types. Each must answer BAD_INPUT or a proper result;
// never INTERNAL, never a rejected promise, never a changed Object.prototype.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../electron/core/dispatch';
import { guardInput, inputLimits } from '../../electron/core/input-guard';
import { callNames, type CallName } from '../../electron/shared/contract';
import { appErrorSchema, issueLimits, type Result } from '../../electron/shared/result';
import { makeTestCore, type TestCore } from '../helpers/test-core';

let t: TestCore;
let admin: Caller;
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  t = await makeTestCore();
  admin = await t.signedIn('admin');
});
afterAll(async () => {
  await t.close();
});

const mb = (n: number): string => 'x'.repeat(n * 1024 * 1024);
const nestedObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const nestedArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** The call's valid input with every string replaced by `big` (or a `big` field added if it has none). */
function inflated(name: CallName, big: string): unknown {
  const value = inflate(t.validInput(name), big);
  return JSON.stringify(value).includes(big.slice(0, 64)) ? value : { ...(value as object), note: big };
}

/** Every string leaf of a JSON value replaced by `big`. */
function inflate(value: unknown, big: string): unknown {
  if (typeof value === 'string') return big;
  if (Array.isArray(value)) return value.length ? value.map((v) => inflate(v, big)) : [big];
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inflate(v, big)]));
  return value;
}

/** The JSON text of `value` with pollution keys added to every object in it. */
function polluted(value: unknown, key: string): string {
  const walk = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(walk).join(',')}]`;
    if (v && typeof v === 'object') {
      const own = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${walk(x)}`);
      return `{${[...own, `${JSON.stringify(key)}:{"polluted":"yes","isAdmin":true}`].join(',')}}`;
    }
    return JSON.stringify(v);
  };
  return walk(value);
}

/** A fresh signed-in admin per call, so a call that signs out or locks cannot skew the next. */
async function dispatchAs(name: CallName, input: unknown): Promise<Result<unknown>> {
  const caller = name.startsWith('accounts.') ? await t.signedIn('admin') : admin;
  return t.core.dispatch(name, input, caller);
}

function expectProperAnswer(result: Result<unknown>): void {
  expect(result).toBeTypeOf('object');
  if (!result.ok) {
    expect(result.error.code).not.toBe('INTERNAL');
    // A refusal names the problem; it never sends the hostile input back.
    expect(result.error.message.length).toBeLessThan(2_000);
    // Its field issues keep to the declared error shape: few, with short paths and messages.
    expect(appErrorSchema.safeParse(result.error).success).toBe(true);
    expect(JSON.stringify(result.error.issues ?? []).length).toBeLessThan(issueLimits.count * (issueLimits.pathLength + issueLimits.messageLength + 40));
  }
}

function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
}

describe.each(callNames)('%s with hostile input', (name) => {
  it('answers 1 MB and 5 MB strings in every field with BAD_INPUT', async () => {
    for (const size of [1, 5]) {
      const result = await dispatchAs(name, inflated(name, mb(size)));
      expectProperAnswer(result);
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
  });

  it('answers a 5 MB key with BAD_INPUT', async () => {
    const result = await dispatchAs(name, JSON.parse(`{${JSON.stringify(mb(5))}:1}`));
    // Whether the message echoes the key is the known defect below.
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it.each([
    ['objects', nestedObject],
    ['arrays', nestedArray],
  ])('answers 10,000 levels of nested %s with BAD_INPUT, not a stack overflow', async (_what, nested) => {
    const deep = JSON.parse(nested(10_000)) as unknown;
    expectProperAnswer(await dispatchAs(name, deep));
    expect(await dispatchAs(name, deep)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    // And the same depth inside an otherwise valid input.
    const valid = t.validInput(name) as Record<string, unknown>;
    expect(await dispatchAs(name, { ...valid, deep })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses %s at every level and leaves Object.prototype alone', async (key) => {
    const input = JSON.parse(polluted(t.validInput(name), key)) as unknown;
    expect(Object.hasOwn(input as object, key)).toBe(true);
    const result = await dispatchAs(name, input);
    expectProperAnswer(result);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expectPrototypeUntouched();
  });

  it('answers values that are not objects with BAD_INPUT', async () => {
    for (const input of [null, undefined, 0, -1, Number.NaN, true, 'text', [], [{}], () => 1, Symbol('x'), 10n]) {
      const result = await dispatchAs(name, input);
      expectProperAnswer(result);
      expect(result, typeof input).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
  });

  it('answers objects of the wrong kind (as structured clone can send them) properly', async () => {
    // A Date or Map has no own keys, so it may pass as an empty input: a proper answer either way.
    for (const input of [new Date(0), new Map([['a', 1]]), new Set([1]), Object.create(null), new Uint8Array(4)]) {
      expectProperAnswer(await dispatchAs(name, input));
    }
  });
});

// Two defects found by this suite and fixed in electron/core/dispatch.ts; kept as regressions.
describe('hostile inputs that once got through dispatch', () => {
  it('a refused input never echoes an unknown 5 MB key back in its message', async () => {
    const echoed: string[] = [];
    for (const name of callNames) {
      const result = await dispatchAs(name, JSON.parse(`{${JSON.stringify(mb(5))}:1}`));
      if (!result.ok && JSON.stringify(result.error).length >= 2_000) echoed.push(`${name}: ${JSON.stringify(result.error).length} characters`);
    }
    expect(echoed).toEqual([]);
  });

  it('the fix works: with guardInput in front of dispatch, no call echoes the key', async () => {
    const hostile = JSON.parse(`{${JSON.stringify(mb(5))}:1}`) as unknown;
    for (const name of callNames) {
      const result = guardInput(hostile) ?? (await dispatchAs(name, hostile));
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(result.ok ? '' : result.error.message.length).toBeLessThan(200);
    }
  });

  it('a 10,000-level nested array as the call name is refused, not a stack overflow', async () => {
    const name = JSON.parse(nestedArray(10_000)) as unknown;
    await expect(t.core.dispatch(name, {}, admin)).resolves.toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});

describe('hostile call names', () => {
  it.each<[string, unknown]>([
    ['an inherited property name', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
    ['a 5 MB name', mb(5)],
    ['a number', 42],
    ['null', null],
    ['a plain object', { call: 'app.status' }],
  ])('answer BAD_INPUT for %s', async (_what, name) => {
    const result = await t.core.dispatch(name, {}, admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(result.ok ? '' : result.error.message.length).toBeLessThan(2_000);
  });
});

describe('input guard (electron/core/input-guard.ts)', () => {
  it('lets every valid contract input through', () => {
    for (const name of callNames) expect(guardInput(t.validInput(name)), name).toBeNull();
  });

  it.each<[string, () => unknown, string]>([
    ['100,000 levels of nested objects', () => JSON.parse(nestedObject(100_000)), 'nested deeper than'],
    ['100,000 levels of nested arrays', () => JSON.parse(nestedArray(100_000)), 'nested deeper than'],
    ['a 5 MB string', () => ({ text: mb(5) }), 'larger than'],
    ['a 5 MB key', () => JSON.parse(`{${JSON.stringify(mb(5))}:1}`), 'larger than'],
    ['a million small strings', () => Array.from({ length: 1_000_000 }, () => 'ab'), 'more than'],
    ['a thousand 1 KB strings', () => Array.from({ length: 1_100 }, () => 'x'.repeat(1024)), 'larger than'],
    ['an own __proto__ key, deep inside', () => JSON.parse('{"a":{"b":[{"__proto__":{"polluted":"yes"}}]}}'), '__proto__'],
  ])('refuses %s with BAD_INPUT', (_what, make, reason) => {
    const input = make();
    const refusal = guardInput(input);
    expect(refusal).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(refusal?.error.message).toContain(reason);
  });

  it('states its limits', () => {
    expect(inputLimits.maxDepth).toBeGreaterThanOrEqual(8);
    expect(inputLimits.maxBytes).toBeLessThanOrEqual(1024 * 1024);
  });
});
