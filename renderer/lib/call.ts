// Turns a contract Result into a value or a thrown CallError, which react-query understands.
// It also notes when the core last heard from this window: every call counts as activity for
// the core's idle lock, so the screen can predict when the lock will fall.
import type { CallInput, CallName, CallOutput } from '../../electron/shared/contract';
import type { ErrorCode, InputIssue } from '../../electron/shared/result';
import type { Transport } from './transport';

export class CallError extends Error {
  readonly code: ErrorCode;
  /** The input fields a BAD_INPUT is about, by path: screens place messages with these, never by parsing the text. */
  readonly issues: readonly InputIssue[];
  constructor(code: ErrorCode, message: string, issues: readonly InputIssue[] = []) {
    super(message);
    this.name = 'CallError';
    this.code = code;
    this.issues = issues;
  }
}

let lastCallAt = Date.now();

/** When this window last made a call (any call: the core counts each as activity). */
export function lastCoreCallAt(): number {
  return lastCallAt;
}

export async function callOrThrow<N extends CallName>(transport: Transport, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  lastCallAt = Date.now();
  const result = await transport.call(name, input);
  if (!result.ok) throw new CallError(result.error.code, result.error.message, result.error.issues ?? []);
  return result.data;
}

/** A message fit to show: CallErrors carry the core's wording; anything else is a bug. */
export function errorMessage(err: unknown): string {
  if (err instanceof CallError) return err.message;
  return 'Something went wrong on this screen. Try again; if it keeps happening, reload the window.';
}
