// Binds handlers written once against the contract to any transport (Electron IPC, browser-mode
// WebSocket, tests). Owns input validation, sign-in and role checks, fresh re-authentication for
// privileged calls, output shaping and error mapping. Main enforces roles here, never the renderer.
import type { z } from 'zod';
import { calls, isCallName, type Access, type CallName, type CallOutput, type Role } from '../shared/contract';
import { AppError, boundIssues, capText, fail, isAppError, issueLimits, ok, type ErrorCode, type InputIssue, type Result } from '../shared/result';
import { callsBeforeNewPassphrase } from './accounts/authenticator';
import { needsFreshAuth } from './accounts/fresh-auth';
import { maxMediaUploadChars, mediaUploadCall } from '../shared/contract-media';
import { guardInput, inputLimits } from './input-guard';

/** The session a connection (one window, one WebSocket) is signed in with; sign-in fills it. */
export interface SessionSlot {
  id: string | null;
}

export interface Caller {
  readonly transport: 'ipc' | 'websocket' | 'cli' | 'test';
  readonly session: SessionSlot;
}

export interface Principal {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
}

/** How dispatch learns who is calling; the accounts service implements it. */
export interface Authenticator {
  /** Null when signed out; throws AppError('UNAUTHENTICATED') when the session is locked. Counts as activity. */
  principal(slot: SessionSlot): Promise<Principal | null>;
  /** Who is signed in, without counting as activity (public calls, event gating): null when not active. */
  peek(slot: SessionSlot): Promise<Principal | null>;
  /** The session signed in with a passphrase an admin reset: only choosing a new one is allowed. */
  passphraseChangeRequired(slot: SessionSlot): Promise<boolean>;
  /** Throws AppError('REAUTH_REQUIRED') when the passphrase was last confirmed too long ago. */
  requireFresh(slot: SessionSlot): Promise<void>;
}

/** A public call's context: whoever is signed in, if anyone (the call must not need them). */
export interface PublicCallContext {
  readonly caller: Caller;
  readonly principal: Principal | null;
}

/** Any other call's: dispatch has already refused a caller who is not signed in with an allowed role. */
export interface SignedInCallContext {
  readonly caller: Caller;
  readonly principal: Principal;
  /** The session the call came in on (for signing out, locking, confirming the passphrase). */
  readonly sessionId: string;
}

/** Follows the contract: only a call declared `access: 'public'` can run without a principal. */
export type CallContext<N extends CallName> = (typeof calls)[N]['access'] extends 'public' ? PublicCallContext : SignedInCallContext;

type ParsedInput<N extends CallName> = z.output<(typeof calls)[N]['input']>;
export type Handler<N extends CallName> = (input: ParsedInput<N>, ctx: CallContext<N>) => Promise<CallOutput<N>> | CallOutput<N>;
export type Handlers = { readonly [N in CallName]: Handler<N> };
/** The handlers of one contract namespace ('control' -> control.*), as one handlers file provides them. */
export type NamespaceHandlers<NS extends string> = { readonly [N in CallName as N extends `${NS}.${string}` ? N : never]: Handler<N> };

export interface DispatchLog {
  warn(message: string): void;
  error(message: string, err: unknown): void;
}

export type Dispatch = (name: unknown, input: unknown, caller: Caller) => Promise<Result<unknown>>;

/** Results whose audit entry is written later, by whatever finishes the work (see auditedLater). */
const auditWrittenLater = new WeakSet<object>();

/**
 * Marks a handler's result as "audited later": dispatch appends no entry for this call now. For a
 * draft kept on this desk because the shared database (where the audit chain lives) is unreachable:
 * the append could only fail, and the offline draft sync records the save once it reaches the store.
 * Every other call still records (or logs that it could not): failures to audit stay visible.
 */
export function auditedLater<T extends object>(result: T): T {
  auditWrittenLater.add(result);
  return result;
}

/** Every 'action' call that got past input parsing, allowed or refused: the audit log's feed. */
export interface ActionRecord {
  readonly name: CallName;
  /** Who was signed in after the call (so a sign-in records the person who signed in). */
  readonly principal: Principal | null;
  readonly input: unknown;
  readonly outcome: 'ok' | ErrorCode;
}

/**
 * A zod failure as bounded issues, without echoing the input back (it may hold a secret): zod's
 * messages name the expectation, not the value. Capped, because an unknown key is named in zod's
 * message and a record key in the path, and a hostile key can be megabytes long.
 */
function inputIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): InputIssue[] {
  return boundIssues(issues.slice(0, issueLimits.count).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
}

/** The human summary of the first three issues (the screen places every issue by its path). */
function describeIssues(issues: readonly InputIssue[]): string {
  return issues
    .slice(0, 3)
    .map((i) => capText(`${i.path === '' ? 'input' : i.path}: ${i.message}`, 200))
    .join('; ');
}

export function createDispatch(handlers: Handlers, auth: Authenticator, log: DispatchLog, onAction?: (record: ActionRecord) => Promise<void>): Dispatch {
  const record = async (name: CallName, caller: Caller, input: unknown, outcome: ActionRecord['outcome']): Promise<void> => {
    if (!onAction || calls[name].effect !== 'action') return;
    try {
      const principal = await auth.peek(caller.session);
      await onAction({ name, principal, input, outcome });
    } catch (err) {
      log.error(`could not record ${name} in the audit log`, err);
    }
  };
  return async (name, input, caller) => {
    if (!isCallName(name)) {
      // Never String() an unknown value: a deeply nested array would overflow the stack.
      log.warn(`refused unknown call ${typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : `(a ${typeof name})`}`);
      return fail('BAD_INPUT', 'Unknown call. Update the app: the screen and the core are different versions.');
    }
    const def = calls[name];
    // Depth, size and __proto__ are bounded before zod walks the input (recursively).
    // An image upload is the one input allowed to be larger (its base64); the shape stays bounded.
    const refused = guardInput(input, name === mediaUploadCall ? { ...inputLimits, maxBytes: maxMediaUploadChars } : inputLimits);
    if (refused) return refused;
    const parsed = def.input.safeParse(input);
    if (!parsed.success) {
      const issues = inputIssues(parsed.error.issues);
      return fail('BAD_INPUT', `Invalid input for ${name}: ${describeIssues(issues)}.`, issues);
    }
    try {
      let ctx: PublicCallContext | SignedInCallContext;
      const access: Access = def.access;
      if (access === 'public') {
        // A public call (the lock screen asking for the session state) must not keep a session awake.
        ctx = { caller, principal: await auth.peek(caller.session) };
      } else {
        const principal = await auth.principal(caller.session);
        const sessionId = caller.session.id;
        if (principal === null || sessionId === null) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
        // Enforced here, not only by the screen: a reset passphrase opens nothing but its own change.
        if (!callsBeforeNewPassphrase.includes(name) && (await auth.passphraseChangeRequired(caller.session))) {
          throw new AppError('UNAUTHENTICATED', 'Choose a new passphrase first: an admin reset yours, and nothing else can be done until it is changed.');
        }
        if (!access.includes(principal.role)) {
          throw new AppError('FORBIDDEN', `Your role (${principal.role}) may not do this; ask a ${access.join(' or ')}.`);
        }
        if (needsFreshAuth(name)) await auth.requireFresh(caller.session);
        ctx = { caller, principal, sessionId };
      }
      const handler = handlers[name] as (i: unknown, c: PublicCallContext | SignedInCallContext) => Promise<unknown> | unknown;
      const data = await handler(parsed.data, ctx);
      // Output is parsed too: unknown keys are stripped, so nothing leaves by accident.
      const out = ok(def.output.parse(data));
      if (!(typeof data === 'object' && data !== null && auditWrittenLater.has(data))) await record(name, caller, parsed.data, 'ok');
      return out;
    } catch (err) {
      if (isAppError(err)) {
        await record(name, caller, parsed.data, err.code);
        return fail(err.code, err.message, err.issues);
      }
      log.error(`call ${name} failed`, err);
      await record(name, caller, parsed.data, 'INTERNAL');
      return fail('INTERNAL', 'Something went wrong inside Control Room. The details are in the log; try again.');
    }
  };
}
