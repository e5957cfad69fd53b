// The shape every call result takes across a process boundary, and the stable error codes.
// A thrown Error loses everything but its message across Electron IPC, so expected failures
// travel as values; bugs stay exceptions and surface as INTERNAL with no detail. The screen
// decides what to do from the code and the issues, never from the wording of the message.
import { z } from 'zod';

export const errorCodes = [
  'BAD_INPUT',
  /** Not signed in, signed out, locked, disabled or a wrong passphrase: the session gate decides. */
  'UNAUTHENTICATED',
  /** Signed in, but this call needs the passphrase typed again recently: ask once, then retry. */
  'REAUTH_REQUIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * Bounds on the issues a refusal carries: a hostile input can have thousands of bad fields and
 * megabyte keys (which end up in paths), and a refusal must stay small.
 */
export const issueLimits = { count: 10, pathLength: 200, messageLength: 200 } as const;

/**
 * One problem with one input field. `path` is the field's path in the call's input, dot-joined
 * with list positions as numbers ("channel.smtp.host", "channel.to.0", "values.time"; "" for the
 * whole input). `message` says what is wrong and never repeats the value that was sent.
 */
export const inputIssueSchema = z.object({
  path: z.string().max(issueLimits.pathLength),
  message: z.string().max(issueLimits.messageLength),
});
export type InputIssue = z.infer<typeof inputIssueSchema>;

export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  /** BAD_INPUT only, and only when the problems are about named fields. */
  issues: z.array(inputIssueSchema).max(issueLimits.count).optional(),
});
export type AppErrorShape = z.infer<typeof appErrorSchema>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorShape };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

/** Cuts text to `max` characters, marking the cut. */
export function capText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Issues within issueLimits (count, path and message length), whatever produced them. */
export function boundIssues(issues: readonly InputIssue[]): InputIssue[] {
  return issues.slice(0, issueLimits.count).map((i) => ({ path: capText(i.path, issueLimits.pathLength), message: capText(i.message, issueLimits.messageLength) }));
}

export function fail(code: ErrorCode, message: string, issues?: readonly InputIssue[]): { ok: false; error: AppErrorShape } {
  return { ok: false, error: issues && issues.length > 0 ? { code, message, issues: boundIssues(issues) } : { code, message } };
}

/** An expected failure: its message is shown to the user, so it must say what to do. */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** The fields the failure is about, for a screen that shows problems next to fields. */
  readonly issues: readonly InputIssue[];
  constructor(code: ErrorCode, message: string, issues: readonly InputIssue[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = boundIssues(issues);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
