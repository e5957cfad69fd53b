// A pre-parse guard for every call input, run before the zod schema sees it: bounded depth,
// bounded total size, and no own `__proto__` keys. It walks with an explicit stack (never
// recursion), so a 100,000-level input is refused in microseconds instead of overflowing the
// stack of whatever parses it next, and it stops at the first limit crossed.
import { fail, type AppErrorShape } from '../shared/result';

export const inputLimits = {
  /** The deepest contract input is a handful of levels; 32 leaves room and stops pathological nesting. */
  maxDepth: 32,
  /** Characters in all keys and strings together: the WebSocket frame cap is 1 MiB too. */
  maxBytes: 1024 * 1024,
  /** Values (objects, arrays, strings, numbers...) in the whole input. */
  maxNodes: 100_000,
} as const;

type Refusal = { ok: false; error: AppErrorShape };

/** null when the input may be parsed; a BAD_INPUT result naming the limit otherwise. */
export function guardInput(input: unknown, limits: typeof inputLimits = inputLimits): Refusal | null {
  const stack: { value: unknown; depth: number }[] = [{ value: input, depth: 0 }];
  let bytes = 0;
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    nodes += 1;
    if (nodes > limits.maxNodes) return fail('BAD_INPUT', `Input has more than ${limits.maxNodes} values.`);
    if (typeof value === 'string') {
      bytes += value.length;
      if (bytes > limits.maxBytes) return fail('BAD_INPUT', `Input is larger than ${limits.maxBytes} characters.`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxDepth) return fail('BAD_INPUT', `Input is nested deeper than ${limits.maxDepth} levels.`);
    const tooMany = (count: number): boolean => nodes + stack.length + count > limits.maxNodes;
    if (Array.isArray(value)) {
      // Counted before anything is pushed: a million-item array costs one comparison.
      if (tooMany(value.length)) return fail('BAD_INPUT', `Input has more than ${limits.maxNodes} values.`);
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    if (tooMany(keys.length)) return fail('BAD_INPUT', `Input has more than ${limits.maxNodes} values.`);
    for (const key of keys) {
      // JSON.parse and structured clone make __proto__ an own key; it is never data.
      if (key === '__proto__') return fail('BAD_INPUT', 'Input may not contain a __proto__ key.');
      bytes += key.length;
      if (bytes > limits.maxBytes) return fail('BAD_INPUT', `Input is larger than ${limits.maxBytes} characters.`);
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return null;
}
