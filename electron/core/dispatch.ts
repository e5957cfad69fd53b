// Binds handlers written once against the contract to any transport (Electron IPC, browser-mode
// WebSocket, tests). Owns input validation, access checks, output shaping and error mapping.
import type { z } from 'zod';
import {
  calls,
  isCallName,
  type CallName,
  type CallOutput,
  type Role,
} from '../shared/contract';
import { fail, isAppError, ok, type Result } from '../shared/result';

export interface Caller {
  /** Signed-in user's role, or null before sign-in. */
  readonly role: Role | null;
  readonly transport: 'ipc' | 'websocket' | 'cli' | 'test';
}

type ParsedInput<N extends CallName> = z.output<(typeof calls)[N]['input']>;
export type Handler<N extends CallName> = (input: ParsedInput<N>, caller: Caller) => Promise<CallOutput<N>> | CallOutput<N>;
export type Handlers = { readonly [N in CallName]: Handler<N> };

export interface DispatchLog {
  warn(message: string): void;
  error(message: string, err: unknown): void;
}

export type Dispatch = (name: unknown, input: unknown, caller: Caller) => Promise<Result<unknown>>;

/** Summarise a zod failure without echoing the input back (it may hold a secret). */
function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : 'input'}: ${i.message}`)
    .join('; ');
}

export function createDispatch(handlers: Handlers, log: DispatchLog): Dispatch {
  return async (name, input, caller) => {
    if (!isCallName(name)) {
      log.warn(`refused unknown call ${JSON.stringify(String(name).slice(0, 80))}`);
      return fail('BAD_INPUT', 'Unknown call. Update the app: the screen and the core are different versions.');
    }
    const def = calls[name];
    const parsed = def.input.safeParse(input);
    if (!parsed.success) {
      return fail('BAD_INPUT', `Invalid input for ${name}: ${describeIssues(parsed.error.issues)}.`);
    }
    if (def.access !== 'public') {
      if (caller.role === null) return fail('UNAUTHENTICATED', 'Sign in first.');
      if (!def.access.includes(caller.role)) {
        return fail('FORBIDDEN', `Your role (${caller.role}) may not do this; ask a ${def.access.join(' or ')}.`);
      }
    }
    try {
      const handler = handlers[name] as (i: unknown, c: Caller) => Promise<unknown> | unknown;
      const data = await handler(parsed.data, caller);
      // Output is parsed too: unknown keys are stripped, so nothing leaves by accident.
      return ok(def.output.parse(data));
    } catch (err) {
      if (isAppError(err)) return fail(err.code, err.message);
      log.error(`call ${name} failed`, err);
      return fail('INTERNAL', 'Something went wrong inside Control Room. The details are in the log; try again.');
    }
  };
}

