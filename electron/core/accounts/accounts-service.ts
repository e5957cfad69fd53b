// Local accounts (operator, supervisor, admin): the first admin, account administration, sign-in
// with throttling, idle-locked sessions and fresh re-authentication for privileged actions.
import { randomUUID } from 'node:crypto';
import type { AccountRecord } from '../../store/records';
import type { AccountsRepository } from '../../store/repositories';
import type { Role } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { Clock } from '../../lib/clock';
import {
  checkDisplayName,
  checkPassphraseStrength,
  checkUsername,
  normaliseUsername,
  toAccountView,
  type AccountView,
  type NewAccountInput,
} from './account-rules';
import { burnVerification, defaultScryptParams, hashPassphrase, needsRehash, verifyPassphrase, type ScryptParams } from './passphrase-hash';
import { createSessionTable, type Session } from './sessions';
import { attemptsLeft, defaultThrottlePolicy, lockedForMs, recordFailure, tryAgainMessage, type ThrottlePolicy } from './sign-in-throttle';

export type { AccountView, NewAccountInput } from './account-rules';

export const defaultIdleLockMinutes = 15;
export const defaultFreshWithinMinutes = 5;

export interface AccountsConfig {
  /** A number, or a function read at each check so a settings change applies at once. */
  readonly idleLockMinutes?: number | (() => number);
  readonly scrypt?: ScryptParams;
  readonly throttle?: ThrottlePolicy;
}

export interface SignedIn {
  readonly sessionId: string;
  readonly account: AccountView;
  readonly idleLockMinutes: number;
}

export type SessionStatus =
  | { readonly state: 'active'; readonly account: AccountView; readonly freshUntil: string; readonly locksAt: string }
  /** Signed in with a passphrase an admin reset: only setting a new one is allowed (dispatch enforces it). */
  | { readonly state: 'must-change-passphrase'; readonly account: AccountView }
  | { readonly state: 'locked'; readonly account: AccountView; readonly reason: 'idle' | 'manual' }
  | { readonly state: 'signed-out' };

export interface AccountsService {
  hasAccounts(): boolean;
  createFirstAdmin(input: Omit<NewAccountInput, 'role'>): Promise<AccountView>;
  createAccount(actorId: string, input: NewAccountInput): Promise<AccountView>;
  listAccounts(): AccountView[];
  /** Null when unknown; the statements service uses this to check roles. */
  findAccount(accountId: string): AccountView | null;
  setRole(actorId: string, accountId: string, role: Role): AccountView;
  disableAccount(actorId: string, accountId: string): AccountView;
  enableAccount(actorId: string, accountId: string): AccountView;
  /** An admin sets a one-time passphrase: the person's sessions end and they must choose a new one at sign-in. */
  resetPassphrase(actorId: string, accountId: string, newPassphrase: string): Promise<AccountView>;
  /** Throttled like sign-in (a wrong current passphrase counts); the person's other sessions end. */
  changeOwnPassphrase(sessionId: string, current: string, next: string): Promise<AccountView>;
  signIn(username: string, passphrase: string): Promise<SignedIn>;
  signOut(sessionId: string): void;
  /** Side-effect free apart from applying the idle lock: for the lock screen and status bar. */
  sessionStatus(sessionId: string): SessionStatus;
  /** The signed-in account for a call; counts as activity. Throws when signed out or locked. */
  resolveSession(sessionId: string): AccountView;
  lockSession(sessionId: string): void;
  unlock(sessionId: string, passphrase: string): Promise<AccountView>;
  reauthenticate(sessionId: string, passphrase: string): Promise<{ readonly freshUntil: string }>;
  requireFresh(sessionId: string, withinMinutes?: number): AccountView;
}

export interface AccountsServiceDeps {
  readonly repository: AccountsRepository;
  readonly clock: Clock;
  readonly config?: AccountsConfig;
}

export function createAccountsService({ repository, clock, config = {} }: AccountsServiceDeps): AccountsService {
  const scryptParams = config.scrypt ?? defaultScryptParams;
  const policy = config.throttle ?? defaultThrottlePolicy;
  const idleMinutes = (): number => {
    const raw = typeof config.idleLockMinutes === 'function' ? config.idleLockMinutes() : config.idleLockMinutes;
    return raw !== undefined && Number.isFinite(raw) && raw >= 1 ? raw : defaultIdleLockMinutes;
  };
  const sessions = createSessionTable(clock, idleMinutes);

  function requireAccount(accountId: string): AccountRecord {
    const account = repository.findById(accountId);
    if (!account) throw new AppError('NOT_FOUND', 'That account does not exist; refresh the account list.');
    return account;
  }

  function requireAdmin(actorId: string): AccountRecord {
    const actor = repository.findById(actorId);
    if (!actor || actor.disabled || actor.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only an admin may change accounts; ask an admin.');
    }
    return actor;
  }

  /** Refuses a change that would leave the bureau without an active admin (nobody could fix it). */
  function guardLastAdmin(target: AccountRecord): void {
    if (target.role === 'admin' && !target.disabled && repository.countActiveAdmins() <= 1) {
      throw new AppError('CONFLICT', `${target.displayName} is the only active admin. Make another account admin first.`);
    }
  }

  async function newRecord(input: NewAccountInput): Promise<AccountRecord> {
    const username = checkUsername(input.username);
    const displayName = checkDisplayName(input.displayName);
    checkPassphraseStrength(input.passphrase, username);
    const at = clock.now().toISOString();
    const passphraseHash = await hashPassphrase(input.passphrase, scryptParams);
    return { id: randomUUID(), username, displayName, role: input.role, passphraseHash, disabled: false, mustChangePassphrase: false, createdAt: at, updatedAt: at };
  }

  function insertUnique(record: AccountRecord): void {
    if (repository.findByUsername(record.username)) {
      throw new AppError('CONFLICT', `The username "${record.username}" is taken; choose another.`);
    }
    repository.insert(record);
  }

  /**
   * Checks a passphrase under the per-username throttle. The failure is charged before the slow
   * hash and refunded on success, so parallel guesses cannot slip past the limit while scrypt runs.
   */
  async function checkPassphrase(username: string, passphrase: string, wrong = 'Wrong username or passphrase.'): Promise<AccountRecord> {
    const key = normaliseUsername(username);
    const now = clock.now();
    const before = repository.getThrottle(key);
    const waitMs = lockedForMs(before, now);
    if (waitMs > 0) throw new AppError('RATE_LIMITED', tryAgainMessage(waitMs));
    const charged = recordFailure(key, before, now, policy);
    repository.putThrottle(charged);

    const account = repository.findByUsername(key);
    const valid = account
      ? await verifyPassphrase(passphrase, account.passphraseHash)
      : (await burnVerification(passphrase, scryptParams), false);
    if (!account || !valid) {
      const lockMs = lockedForMs(charged, clock.now());
      if (lockMs > 0) throw new AppError('UNAUTHENTICATED', `${wrong} ${tryAgainMessage(lockMs)}`);
      const left = attemptsLeft(charged, policy);
      throw new AppError('UNAUTHENTICATED', `${wrong} ${left} more ${left === 1 ? 'try' : 'tries'} before a pause.`);
    }
    repository.clearThrottle(key);
    if (needsRehash(account.passphraseHash, scryptParams)) {
      repository.update(account.id, { passphraseHash: await hashPassphrase(passphrase, scryptParams) }, clock.now());
    }
    return account;
  }

  function sessionFor(sessionId: string, allowLocked: boolean): { session: Session; account: AccountRecord } {
    const found = sessions.lookup(sessionId);
    if (found.state === 'none') throw new AppError('UNAUTHENTICATED', 'You are signed out. Sign in again.');
    const account = repository.findById(found.session.accountId);
    if (!account || account.disabled) {
      sessions.end(sessionId);
      throw new AppError('UNAUTHENTICATED', 'This account has been disabled. Ask an admin.');
    }
    if (found.state === 'locked' && !allowLocked) {
      throw new AppError(
        'UNAUTHENTICATED',
        found.reason === 'idle'
          ? `The session locked after ${idleMinutes()} minutes without activity. Enter your passphrase to unlock it.`
          : 'The session is locked. Enter your passphrase to unlock it.',
      );
    }
    return { session: found.session, account };
  }

  function update(accountId: string, patch: Parameters<AccountsRepository['update']>[1]): AccountView {
    repository.update(accountId, patch, clock.now());
    return toAccountView(requireAccount(accountId));
  }

  return {
    // "First start" means no active admin: the last admin can never be disabled or demoted, so
    // this holds only on a fresh install (where the demo's disabled seed accounts may exist).
    hasAccounts: () => repository.countActiveAdmins() > 0,

    createFirstAdmin: async (input) => {
      if (repository.countActiveAdmins() > 0) {
        throw new AppError('CONFLICT', 'Accounts already exist. Sign in, or ask an admin to create your account.');
      }
      const record = await newRecord({ ...input, role: 'admin' });
      // Checked again inside the write transaction: two first-run windows must not both win.
      repository.transaction(() => {
        if (repository.countActiveAdmins() > 0) throw new AppError('CONFLICT', 'Accounts already exist. Sign in, or ask an admin to create your account.');
        repository.insert(record);
      });
      return toAccountView(record);
    },

    createAccount: async (actorId, input) => {
      requireAdmin(actorId);
      const record = await newRecord(input);
      repository.transaction(() => insertUnique(record));
      return toAccountView(record);
    },

    listAccounts: () => repository.list().map(toAccountView),
    findAccount: (accountId) => {
      const account = repository.findById(accountId);
      return account ? toAccountView(account) : null;
    },

    setRole: (actorId, accountId, role) => {
      requireAdmin(actorId);
      const target = requireAccount(accountId);
      if (target.role === role) return toAccountView(target);
      return repository.transaction(() => {
        if (role !== 'admin') guardLastAdmin(target);
        return update(accountId, { role });
      });
    },

    disableAccount: (actorId, accountId) => {
      requireAdmin(actorId);
      if (actorId === accountId) throw new AppError('CONFLICT', 'You cannot disable your own account; ask another admin.');
      const target = requireAccount(accountId);
      const view = repository.transaction(() => {
        guardLastAdmin(target);
        return update(accountId, { disabled: true });
      });
      // A disabled person must lose access now, not at their next sign-in.
      sessions.endAllFor(accountId);
      return view;
    },

    enableAccount: (actorId, accountId) => {
      requireAdmin(actorId);
      const target = requireAccount(accountId);
      repository.clearThrottle(target.username);
      return update(accountId, { disabled: false });
    },

    resetPassphrase: async (actorId, accountId, newPassphrase) => {
      requireAdmin(actorId);
      if (actorId === accountId) throw new AppError('CONFLICT', 'To change your own passphrase, use Change passphrase in the account menu.');
      const target = requireAccount(accountId);
      checkPassphraseStrength(newPassphrase, target.username);
      const view = update(accountId, { passphraseHash: await hashPassphrase(newPassphrase, scryptParams), mustChangePassphrase: true });
      repository.clearThrottle(target.username);
      // Whoever holds a session may be why it was reset: every one ends now.
      sessions.endAllFor(accountId);
      return view;
    },

    changeOwnPassphrase: async (sessionId, current, next) => {
      const { account } = sessionFor(sessionId, false);
      if (next.normalize('NFC') === current.normalize('NFC')) throw new AppError('BAD_INPUT', 'Choose a new passphrase: this one is the same as the current one.');
      checkPassphraseStrength(next, account.username);
      await checkPassphrase(account.username, current, 'The current passphrase is wrong.');
      const view = update(account.id, { passphraseHash: await hashPassphrase(next, scryptParams), mustChangePassphrase: false });
      // Other desks signed in as this person may be the reason for the change.
      sessions.endAllFor(account.id, sessionId);
      return view;
    },

    signIn: async (username, passphrase) => {
      const account = await checkPassphrase(username, passphrase);
      if (account.disabled) throw new AppError('FORBIDDEN', 'This account is disabled. Ask an admin to enable it.');
      const session = sessions.create(account.id);
      return { sessionId: session.id, account: toAccountView(account), idleLockMinutes: idleMinutes() };
    },

    signOut: (sessionId) => sessions.end(sessionId),

    sessionStatus: (sessionId) => {
      const found = sessions.lookup(sessionId);
      if (found.state === 'none') return { state: 'signed-out' };
      const account = repository.findById(found.session.accountId);
      if (!account || account.disabled) return { state: 'signed-out' };
      if (found.state === 'locked') return { state: 'locked', account: toAccountView(account), reason: found.reason };
      if (account.mustChangePassphrase) return { state: 'must-change-passphrase', account: toAccountView(account) };
      return {
        state: 'active',
        account: toAccountView(account),
        freshUntil: new Date(found.session.freshAuthAt + defaultFreshWithinMinutes * 60_000).toISOString(),
        locksAt: new Date(found.session.lastActiveAt + idleMinutes() * 60_000).toISOString(),
      };
    },

    resolveSession: (sessionId) => {
      const { session, account } = sessionFor(sessionId, false);
      sessions.touch(session);
      return toAccountView(account);
    },

    lockSession: (sessionId) => {
      const found = sessions.lookup(sessionId);
      if (found.state !== 'none') sessions.lock(found.session, 'manual');
    },

    unlock: async (sessionId, passphrase) => {
      const { session, account } = sessionFor(sessionId, true);
      await checkPassphrase(account.username, passphrase);
      sessions.confirmPassphrase(session);
      return toAccountView(account);
    },

    reauthenticate: async (sessionId, passphrase) => {
      const { session, account } = sessionFor(sessionId, false);
      await checkPassphrase(account.username, passphrase);
      sessions.confirmPassphrase(session);
      return { freshUntil: new Date(session.freshAuthAt + defaultFreshWithinMinutes * 60_000).toISOString() };
    },

    requireFresh: (sessionId, withinMinutes = defaultFreshWithinMinutes) => {
      const { session, account } = sessionFor(sessionId, false);
      if (clock.now().getTime() - session.freshAuthAt > withinMinutes * 60_000) {
        throw new AppError('REAUTH_REQUIRED', 'Confirm your passphrase to do this.');
      }
      sessions.touch(session);
      return toAccountView(account);
    },
  };
}
