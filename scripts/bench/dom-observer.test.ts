// The page observer run against a minimal stand-in for the DOM: it notes unverified feed rows once,
// with the time of the mutation, and control-state changes; nothing else.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { domObserverScript } from './dom-observer';

interface FakeElement {
  readonly nodeType: 1;
  readonly attrs: Record<string, string>;
  readonly children: FakeElement[];
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): { forEach(f: (e: FakeElement) => void): void };
}

function el(attrs: Record<string, string>, children: FakeElement[] = []): FakeElement {
  const all = (e: FakeElement): FakeElement[] => e.children.flatMap((c) => [c, ...all(c)]);
  return {
    nodeType: 1,
    attrs,
    children,
    getAttribute: (name) => attrs[name] ?? null,
    // The observer asks for feed rows and the control state; the stand-in returns every descendant
    // with a test id and lets the observer's own checks decide.
    querySelectorAll(this: FakeElement) {
      const found = all(this).filter((d) => d.attrs['data-testid'] !== undefined);
      return { forEach: (f: (e: FakeElement) => void) => found.forEach(f) };
    },
  };
}

function page(time: () => number) {
  let callback: ((records: unknown[]) => void) | null = null;
  const sandbox: Record<string, unknown> = {
    document: {},
    performance: { timeOrigin: 1_000_000, now: time },
    MutationObserver: class {
      constructor(cb: (records: unknown[]) => void) {
        callback = cb;
      }
      observe(): void {}
    },
  };
  sandbox['window'] = sandbox;
  runInNewContext(domObserverScript, sandbox);
  return {
    added: (...nodes: FakeElement[]) => callback!([{ type: 'childList', addedNodes: nodes }]),
    changed: (target: FakeElement) => callback!([{ type: 'attributes', target, addedNodes: [] }]),
    seen: () => sandbox['__benchSeen'] as [string, number][],
    states: () => sandbox['__benchState'] as [string, number][],
  };
}

describe('the page observer', () => {
  it('notes an unverified feed row once, with the mutation time on the shared time base', () => {
    let t = 5;
    const p = page(() => t);
    const row = el({ 'data-testid': 'item-demo-x-42', 'data-provenance': 'unverified' });
    p.added(el({ 'data-testid': 'column-demo-x' }, [row, el({ 'data-testid': 'item-demo-x-41', 'data-provenance': 'verified' })]));
    t = 9;
    // The virtualiser renders the same row again after a scroll: not a new sighting.
    p.added(el({ 'data-testid': 'item-demo-x-42', 'data-provenance': 'unverified' }));
    expect(p.seen()).toEqual([['item-demo-x-42', 1_000_005]]);
  });

  it('notes a row that turns unverified when it does, and ignores everything else', () => {
    let t = 1;
    const p = page(() => t);
    const row = el({ 'data-testid': 'item-demo-website-7', 'data-provenance': 'verified' });
    p.added(row, el({ 'data-testid': 'item-details' }), el({ class: 'no test id' }));
    expect(p.seen()).toEqual([]);
    t = 3;
    row.attrs['data-provenance'] = 'unverified';
    p.changed(row);
    expect(p.seen()).toEqual([['item-demo-website-7', 1_000_003]]);
  });

  it('notes each change of the control state', () => {
    let t = 0;
    const p = page(() => t);
    const state = el({ 'data-testid': 'control-state', 'data-state': 'clear' });
    p.added(state);
    t = 2;
    state.attrs['data-state'] = 'alert';
    p.changed(state);
    p.changed(state);
    t = 4;
    state.attrs['data-state'] = 'frozen';
    p.changed(state);
    expect(p.states()).toEqual([['clear', 1_000_000], ['alert', 1_000_002], ['frozen', 1_000_004]]);
  });
});
