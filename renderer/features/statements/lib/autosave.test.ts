import { describe, expect, it } from 'vitest';
import { createAutosaver, type AutosaveStatus, type SaveMode, type Timers } from './autosave';

/** Timers the test moves by hand: no real waiting, no timing in the verdict. */
function manualTimers() {
  let now = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const timers: Timers = {
    set: (fn, ms) => {
      due.set(next, { at: now + ms, fn });
      return next++;
    },
    clear: (handle) => void due.delete(handle as number),
  };
  return {
    timers,
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...due]) {
        if (t.at <= now) {
          due.delete(id);
          t.fn();
        }
      }
    },
    waiting: () => due.size,
  };
}

const settle = () => new Promise<void>((r) => setImmediate(r));

function harness(options: { fail?: (text: string) => string | null; paused?: () => boolean } = {}) {
  const clock = manualTimers();
  let text = '';
  const saves: { text: string; mode: SaveMode }[] = [];
  const statuses: AutosaveStatus[] = [];
  let release: (() => void) | null = null;
  let holdNext = false;
  const saver = createAutosaver<{ text: string }>({
    delayMs: 800,
    snapshot: (mode) => (text === '' || (mode === 'auto' && options.paused?.()) ? null : { text }),
    fingerprint: (s) => s.text,
    save: async (s, mode) => {
      if (holdNext) {
        holdNext = false;
        await new Promise<void>((r) => (release = r));
      }
      const problem = options.fail?.(s.text) ?? null;
      if (problem) throw new Error(problem);
      saves.push({ text: s.text, mode });
    },
    report: (s) => statuses.push(s),
    describe: (e) => (e as Error).message,
    timers: clock.timers,
  });
  const type = (t: string) => {
    text = t;
    saver.edited();
  };
  return { saver, clock, saves, statuses, type, hold: () => (holdNext = true), release: () => release?.(), last: () => statuses.at(-1) };
}

describe('autosave: debounced, one version per change, never racing an explicit save', () => {
  it('saves once, 800 ms after the last keystroke, not on every keystroke', async () => {
    const h = harness();
    for (const t of ['O', 'Ou', 'Our', 'Our a', 'Our ac']) {
      h.type(t);
      h.clock.advance(500);
    }
    await settle();
    expect(h.saves).toEqual([]);
    expect(h.last()).toEqual({ kind: 'pending' });
    h.clock.advance(299);
    await settle();
    expect(h.saves).toEqual([]);
    h.clock.advance(1);
    await settle();
    expect(h.saves).toEqual([{ text: 'Our ac', mode: 'auto' }]);
    expect(h.last()).toEqual({ kind: 'saved' });
  });

  it('sends nothing when the text is what was last saved (typed and undone)', async () => {
    const h = harness();
    h.type('Statement');
    h.clock.advance(800);
    await settle();
    h.type('Statement!');
    h.type('Statement');
    h.clock.advance(800);
    await settle();
    expect(h.saves.map((s) => s.text)).toEqual(['Statement']);
    expect(h.last()).toEqual({ kind: 'saved' });
  });

  it('an explicit save waits for the autosave in flight, then saves the newest text, in order', async () => {
    const h = harness();
    h.type('first');
    h.hold();
    h.clock.advance(800);
    await settle();
    expect(h.last()).toEqual({ kind: 'saving' });
    h.type('first and more');
    const explicit = h.saver.flush('explicit');
    await settle();
    expect(h.saves).toEqual([]);
    h.release();
    await explicit;
    expect(h.saves).toEqual([
      { text: 'first', mode: 'auto' },
      { text: 'first and more', mode: 'explicit' },
    ]);
    // The flush took over the waiting autosave: nothing more is sent later.
    expect(h.clock.waiting()).toBe(0);
    expect(h.last()).toEqual({ kind: 'saved' });
  });

  it('text typed while a save is on its way stays "pending", not "saved"', async () => {
    const h = harness();
    h.type('a');
    h.hold();
    h.clock.advance(800);
    await settle();
    h.type('ab');
    h.release();
    await settle();
    expect(h.saves.map((s) => s.text)).toEqual(['a']);
    expect(h.last()).toEqual({ kind: 'pending' });
    h.clock.advance(800);
    await settle();
    expect(h.saves.map((s) => s.text)).toEqual(['a', 'ab']);
  });

  it('reports a failure with its reason, keeps the text, and the next save tries again', async () => {
    let down = true;
    const h = harness({ fail: () => (down ? 'cannot reach the Control Room core' : null) });
    h.type('kept');
    h.clock.advance(800);
    await settle();
    expect(h.last()).toEqual({ kind: 'failed', message: 'cannot reach the Control Room core' });
    await expect(h.saver.flush('explicit')).rejects.toThrow('cannot reach');
    down = false;
    await h.saver.flush('explicit');
    expect(h.saves).toEqual([{ text: 'kept', mode: 'explicit' }]);
    expect(h.last()).toEqual({ kind: 'saved' });
  });

  it('while autosave is paused (submitted or approved) only an explicit save writes', async () => {
    const h = harness({ paused: () => true });
    h.type('edit of an approved statement');
    h.clock.advance(800);
    await settle();
    expect(h.saves).toEqual([]);
    await h.saver.flush('explicit');
    expect(h.saves).toEqual([{ text: 'edit of an approved statement', mode: 'explicit' }]);
  });
});
