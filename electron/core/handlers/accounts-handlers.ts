// Contract handlers for accounts and sessions. A sign-in binds the session to the calling
// connection's slot; the session id itself never leaves the core.
import type { SessionState } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { AccountsService } from '../accounts/accounts-service';
import type { Handlers, SessionSlot } from '../dispatch';

type AccountHandlers = Pick<
  Handlers,
  | 'accounts.session'
  | 'accounts.createFirstAdmin'
  | 'accounts.signIn'
  | 'accounts.unlock'
  | 'accounts.signOut'
  | 'accounts.lockSession'
  | 'accounts.reauthenticate'
  | 'accounts.activity'
  | 'accounts.list'
  | 'accounts.create'
  | 'accounts.setRole'
  | 'accounts.disable'
  | 'accounts.enable'
>;

export function sessionState(accounts: AccountsService, slot: SessionSlot): SessionState {
  const status = slot.id === null ? ({ state: 'signed-out' } as const) : accounts.sessionStatus(slot.id);
  if (status.state === 'signed-out') slot.id = null;
  return { hasAccounts: accounts.hasAccounts(), session: status };
}

export function accountHandlers(accounts: AccountsService, onSignIn: (username: string, ok: boolean) => void): AccountHandlers {
  const actor = (id: string | undefined): string => {
    if (!id) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
    return id;
  };
  return {
    'accounts.session': (_i, { caller }) => sessionState(accounts, caller.session),
    'accounts.createFirstAdmin': async (input, { caller }) => {
      await accounts.createFirstAdmin(input);
      const signed = await accounts.signIn(input.username, input.passphrase);
      caller.session.id = signed.sessionId;
      onSignIn(input.username, true);
      return sessionState(accounts, caller.session);
    },
    'accounts.signIn': async ({ username, passphrase }, { caller }) => {
      try {
        const signed = await accounts.signIn(username, passphrase);
        if (caller.session.id !== null) accounts.signOut(caller.session.id);
        caller.session.id = signed.sessionId;
        onSignIn(username, true);
      } catch (err) {
        onSignIn(username, false);
        throw err;
      }
      return sessionState(accounts, caller.session);
    },
    'accounts.unlock': async ({ passphrase }, { caller }) => {
      if (caller.session.id === null) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
      await accounts.unlock(caller.session.id, passphrase);
      return sessionState(accounts, caller.session);
    },
    'accounts.signOut': (_i, { caller }) => {
      if (caller.session.id !== null) accounts.signOut(caller.session.id);
      caller.session.id = null;
      return sessionState(accounts, caller.session);
    },
    'accounts.lockSession': (_i, { caller }) => {
      if (caller.session.id !== null) accounts.lockSession(caller.session.id);
      return sessionState(accounts, caller.session);
    },
    // Dispatch has already counted the call as activity (a non-public call resolves the session).
    'accounts.activity': (_i, { caller }) => sessionState(accounts, caller.session),
    'accounts.reauthenticate': async ({ passphrase }, { caller }) => {
      if (caller.session.id === null) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
      return accounts.reauthenticate(caller.session.id, passphrase);
    },
    'accounts.list': () => accounts.listAccounts(),
    'accounts.create': (input, { principal }) => accounts.createAccount(actor(principal?.id), input),
    'accounts.setRole': ({ accountId, role }, { principal }) => accounts.setRole(actor(principal?.id), accountId, role),
    'accounts.disable': ({ accountId }, { principal }) => accounts.disableAccount(actor(principal?.id), accountId),
    'accounts.enable': ({ accountId }, { principal }) => accounts.enableAccount(actor(principal?.id), accountId),
  };
}
