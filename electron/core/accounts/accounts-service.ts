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
  readonly idleLockMinutes?: number | (() => number | Promise<number>);
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
  hasAccounts(): Promise<boolean>;
  createFirstAdmin(input: Omit<NewAccountInput, 'role'>): Promise<AccountView>;
  createAccount(actorId: string, input: NewAccountInput): Promise<AccountView>;
  listAccounts(): Promise<AccountView[]>;
  /** Null when unknown; the statements service uses this to check roles. */
  findAccount(accountId: string): Promise<AccountView | null>;
  setRole(actorId: string, accountId: string, role: Role): Promise<AccountView>;
  disableAccount(actorId: string, accountId: string): Promise<AccountView>;
  enableAccount(actorId: string, accountId: string): Promise<AccountView>;
  /** An admin sets a one-time passphrase: the person's sessions end and they must choose a new one at sign-in. */
  resetPassphrase(actorId: string, accountId: string, newPassphrase: string): Promise<AccountView>;
  /** Throttled like sign-in (a wrong current passphrase counts); the person's other sessions end. */
  changeOwnPassphrase(sessionId: string, current: string, next: string): Promise<AccountView>;
  signIn(username: string, passphrase: string): Promise<SignedIn>;
  signOut(sessionId: string): void;
  /** Side-effect free apart from applying the idle lock: for the lock screen and status bar. */
  sessionStatus(sessionId: string): Promise<SessionStatus>;
  /** The signed-in account for a call; counts as activity. Throws when signed out or locked. */
  resolveSession(sessionId: string): Promise<AccountView>;
  lockSession(sessionId: string): Promise<void>;
  unlock(sessionId: string, passphrase: string): Promise<AccountView>;
  reauthenticate(sessionId: string, passphrase: string): Promise<{ readonly freshUntil: string }>;
  requireFresh(sessionId: string, withinMinutes?: number): Promise<AccountView>;
}

export interface AccountsServiceDeps {
  readonly repository: AccountsRepository;
  readonly clock: Clock;
  readonly config?: AccountsConfig;
}

export function createAccountsService({ repository, clock, config = {} }: AccountsServiceDeps): AccountsService {
  const scryptParams = config.scrypt ?? defaultScryptParams;
  const policy = config.throttle ?? defaultThrottlePolicy;
  /** The idle limit as last read; `readIdleMinutes` refreshes it before every session lookup. */
  let idleLimit = defaultIdleLockMinutes;
  const idleMinutes = (): number => idleLimit;
  const readIdleMinutes = async (): Promise<void> => {
    const raw = typeof config.idleLockMinutes === 'function' ? await config.idleLockMinutes() : config.idleLockMinutes;
    idleLimit = raw !== undefined && Number.isFinite(raw) && raw >= 1 ? raw : defaultIdleLockMinutes;
  };
  const sessions = createSessionTable(clock, idleMinutes);

  async function requireAccount(accountId: string): Promise<AccountRecord> {
    const account = await repository.findById(accountId);
    if (!account) throw new AppError('NOT_FOUND', 'That account does not exist; refresh the account list.');
    return account;
  }

  async function requireAdmin(actorId: string): Promise<AccountRecord> {
    const actor = await repository.findById(actorId);
    if (!actor || actor.disabled || actor.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only an admin may change accounts; ask an admin.');
    }
    return actor;
  }

  /** Refuses a change that would leave the bureau without an active admin (nobody could fix it). */
  async function guardLastAdmin(target: AccountRecord): Promise<void> {
    if (target.role === 'admin' && !target.disabled && (await repository.countActiveAdmins()) <= 1) {
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

  async function insertUnique(record: AccountRecord): Promise<void> {
    if (await repository.findByUsername(record.username)) {
      throw new AppError('CONFLICT', `The username "${record.username}" is taken; choose another.`);
    }
    await repository.insert(record);
  }

  /**
   * Checks a passphrase under the per-username throttle. The failure is charged before the slow
   * hash and refunded on success, so parallel guesses cannot slip past the limit while scrypt runs.
   */
  async function checkPassphrase(username: string, passphrase: string, wrong = 'Wrong username or passphrase.'): Promise<AccountRecord> {
    const key = normaliseUsername(username);
    const now = clock.now();
    // Read and charged in one transaction: parallel guesses must each see the other's charge.
    const charged = await repository.transaction(async () => {
      const before = await repository.getThrottle(key);
      const waitMs = lockedForMs(before, now);
      if (waitMs > 0) throw new AppError('RATE_LIMITED', tryAgainMessage(waitMs));
      const record = recordFailure(key, before, now, policy);
      await repository.putThrottle(record);
      return record;
    });

    const account = await repository.findByUsername(key);
    const valid = account
      ? await verifyPassphrase(passphrase, account.passphraseHash)
      : (await burnVerification(passphrase, scryptParams), false);
    if (!account || !valid) {
      const lockMs = lockedForMs(charged, clock.now());
      if (lockMs > 0) throw new AppError('UNAUTHENTICATED', `${wrong} ${tryAgainMessage(lockMs)}`);
      const left = attemptsLeft(charged, policy);
      throw new AppError('UNAUTHENTICATED', `${wrong} ${left} more ${left === 1 ? 'try' : 'tries'} before a pause.`);
    }
    await repository.clearThrottle(key);
    if (needsRehash(account.passphraseHash, scryptParams)) {
      await repository.update(account.id, { passphraseHash: await hashPassphrase(passphrase, scryptParams) }, clock.now());
    }
    return account;
  }

  async function sessionFor(sessionId: string, allowLocked: boolean): Promise<{ session: Session; account: AccountRecord }> {
    await readIdleMinutes();
    const found = sessions.lookup(sessionId);
    if (found.state === 'none') throw new AppError('UNAUTHENTICATED', 'You are signed out. Sign in again.');
    const account = await repository.findById(found.session.accountId);
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

  async function update(accountId: string, patch: Parameters<AccountsRepository['update']>[1]): Promise<AccountView> {
    await repository.update(accountId, patch, clock.now());
    return toAccountView(await requireAccount(accountId));
  }

  return {
    // "First start" means no active admin: the last admin can never be disabled or demoted, so
    // this holds only on a fresh install (where the demo's disabled seed accounts may exist).
    hasAccounts: async () => (await repository.countActiveAdmins()) > 0,

    createFirstAdmin: async (input) => {
      if ((await repository.countActiveAdmins()) > 0) {
        throw new AppError('CONFLICT', 'Accounts already exist. Sign in, or ask an admin to create your account.');
      }
      const record = await newRecord({ ...input, role: 'admin' });
      // Checked again inside the write transaction: two first-run windows must not both win.
      await repository.transaction(async () => {
        if ((await repository.countActiveAdmins()) > 0) throw new AppError('CONFLICT', 'Accounts already exist. Sign in, or ask an admin to create your account.');
        await repository.insert(record);
      });
      return toAccountView(record);
    },

    createAccount: async (actorId, input) => {
      await requireAdmin(actorId);
      const record = await newRecord(input);
      await repository.transaction(() => insertUnique(record));
      return toAccountView(record);
    },

    listAccounts: async () => (await repository.list()).map(toAccountView),
    findAccount: async (accountId) => {
      const account = await repository.findById(accountId);
      return account ? toAccountView(account) : null;
    },

    setRole: async (actorId, accountId, role) => {
      await requireAdmin(actorId);
      const target = await requireAccount(accountId);
      if (target.role === role) return toAccountView(target);
      return repository.transaction(async () => {
        if (role !== 'admin') await guardLastAdmin(target);
        return update(accountId, { role });
      });
    },

    disableAccount: async (actorId, accountId) => {
      await requireAdmin(actorId);
      if (actorId === accountId) throw new AppError('CONFLICT', 'You cannot disable your own account; ask another admin.');
      const target = await requireAccount(accountId);
      const view = await repository.transaction(async () => {
        await guardLastAdmin(target);
        return update(accountId, { disabled: true });
      });
      // A disabled person must lose access now, not at their next sign-in.
      sessions.endAllFor(accountId);
      return view;
    },

    enableAccount: async (actorId, accountId) => {
      await requireAdmin(actorId);
      const target = await requireAccount(accountId);
      await repository.clearThrottle(target.username);
      return update(accountId, { disabled: false });
    },

    resetPassphrase: async (actorId, accountId, newPassphrase) => {
      await requireAdmin(actorId);
      if (actorId === accountId) throw new AppError('CONFLICT', 'To change your own passphrase, use Change passphrase in the account menu.');
      const target = await requireAccount(accountId);
      checkPassphraseStrength(newPassphrase, target.username);
      const view = await update(accountId, { passphraseHash: await hashPassphrase(newPassphrase, scryptParams), mustChangePassphrase: true });
      await repository.clearThrottle(target.username);
      // Whoever holds a session may be why it was reset: every one ends now.
      sessions.endAllFor(accountId);
      return view;
    },

    changeOwnPassphrase: async (sessionId, current, next) => {
      const { account } = await sessionFor(sessionId, false);
      if (next.normalize('NFC') === current.normalize('NFC')) throw new AppError('BAD_INPUT', 'Choose a new passphrase: this one is the same as the current one.');
      checkPassphraseStrength(next, account.username);
      await checkPassphrase(account.username, current, 'The current passphrase is wrong.');
      const view = await update(account.id, { passphraseHash: await hashPassphrase(next, scryptParams), mustChangePassphrase: false });
      // Other desks signed in as this person may be the reason for the change.
      sessions.endAllFor(account.id, sessionId);
      return view;
    },

    signIn: async (username, passphrase) => {
      const account = await checkPassphrase(username, passphrase);
      if (account.disabled) throw new AppError('FORBIDDEN', 'This account is disabled. Ask an admin to enable it.');
      const session = sessions.create(account.id);
      await readIdleMinutes();
      return { sessionId: session.id, account: toAccountView(account), idleLockMinutes: idleMinutes() };
    },

    signOut: (sessionId) => sessions.end(sessionId),

    sessionStatus: async (sessionId) => {
      await readIdleMinutes();
      const found = sessions.lookup(sessionId);
      if (found.state === 'none') return { state: 'signed-out' };
      const account = await repository.findById(found.session.accountId);
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

    resolveSession: async (sessionId) => {
      const { session, account } = await sessionFor(sessionId, false);
      sessions.touch(session);
      return toAccountView(account);
    },

    lockSession: async (sessionId) => {
      await readIdleMinutes();
      const found = sessions.lookup(sessionId);
      if (found.state !== 'none') sessions.lock(found.session, 'manual');
    },

    unlock: async (sessionId, passphrase) => {
      const { session, account } = await sessionFor(sessionId, true);
      await checkPassphrase(account.username, passphrase);
      sessions.confirmPassphrase(session);
      return toAccountView(account);
    },

    reauthenticate: async (sessionId, passphrase) => {
      const { session, account } = await sessionFor(sessionId, false);
      await checkPassphrase(account.username, passphrase);
      sessions.confirmPassphrase(session);
      return { freshUntil: new Date(session.freshAuthAt + defaultFreshWithinMinutes * 60_000).toISOString() };
    },

    requireFresh: async (sessionId, withinMinutes = defaultFreshWithinMinutes) => {
      const { session, account } = await sessionFor(sessionId, false);
      if (clock.now().getTime() - session.freshAuthAt > withinMinutes * 60_000) {
        throw new AppError('REAUTH_REQUIRED', 'Confirm your passphrase to do this.');
      }
      sessions.touch(session);
      return toAccountView(account);
    },
  };
}
