// Contract handlers for accounts and sessions. A sign-in binds the session to the calling
// connection's slot; the session id itself never leaves the core.
import type { SessionState } from '../../shared/contract';
import { AppError, isAppError } from '../../shared/result';
import type { AccountsService } from '../accounts/accounts-service';
import type { NamespaceHandlers, SessionSlot } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export async function sessionState(accounts: AccountsService, slot: SessionSlot): Promise<SessionState> {
  const id = slot.id;
  const status = id === null ? ({ state: 'signed-out' } as const) : await accounts.sessionStatus(id);
  // Only if the slot still holds that session: a sign-in may have filled it meanwhile.
  if (status.state === 'signed-out' && slot.id === id) slot.id = null;
  return { hasAccounts: await accounts.hasAccounts(), session: status };
}

export function accountsHandlers({ accounts, logger }: Pick<HandlerDeps, 'accounts' | 'logger'>): NamespaceHandlers<'accounts'> {
  const refused = (username: string): void => logger.warn(`sign-in refused for ${JSON.stringify(username.slice(0, 64))}`);
  return {
    'accounts.session': (_i, { caller }) => sessionState(accounts, caller.session),
    'accounts.createFirstAdmin': async (input, { caller }) => {
      await accounts.createFirstAdmin(input);
      const signed = await accounts.signIn(input.username, input.passphrase);
      caller.session.id = signed.sessionId;
      return sessionState(accounts, caller.session);
    },
    'accounts.signIn': async ({ username, passphrase }, { caller }) => {
      try {
        const signed = await accounts.signIn(username, passphrase);
        if (caller.session.id !== null) accounts.signOut(caller.session.id);
        caller.session.id = signed.sessionId;
      } catch (err) {
        refused(username);
        throw err;
      }
      return sessionState(accounts, caller.session);
    },
    // Public: a locked session has no principal, but it has a session to unlock.
    'accounts.unlock': async ({ passphrase }, { caller }) => {
      if (caller.session.id === null) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
      await accounts.unlock(caller.session.id, passphrase);
      return sessionState(accounts, caller.session);
    },
    'accounts.signOut': (_i, { caller, sessionId }) => {
      accounts.signOut(sessionId);
      caller.session.id = null;
      return sessionState(accounts, caller.session);
    },
    'accounts.lockSession': async (_i, { caller, sessionId }) => {
      await accounts.lockSession(sessionId);
      return sessionState(accounts, caller.session);
    },
    // Dispatch has already counted the call as activity (a non-public call resolves the session).
    'accounts.activity': (_i, { caller }) => sessionState(accounts, caller.session),
    'accounts.reauthenticate': ({ passphrase }, { sessionId }) => accounts.reauthenticate(sessionId, passphrase),
    'accounts.changeOwnPassphrase': async ({ currentPassphrase, newPassphrase }, { caller, sessionId, principal }) => {
      try {
        await accounts.changeOwnPassphrase(sessionId, currentPassphrase, newPassphrase);
      } catch (err) {
        // A wrong current passphrase at a signed-in desk is a guess worth a line, like a refused sign-in.
        if (isAppError(err) && (err.code === 'UNAUTHENTICATED' || err.code === 'RATE_LIMITED')) logger.warn(`passphrase change refused for ${JSON.stringify(principal.username)}`);
        throw err;
      }
      return sessionState(accounts, caller.session);
    },
    'accounts.resetPassphrase': ({ accountId, newPassphrase }, { principal }) => accounts.resetPassphrase(principal.id, accountId, newPassphrase),
    'accounts.list': () => accounts.listAccounts(),
    'accounts.create': (input, { principal }) => accounts.createAccount(principal.id, input),
    'accounts.setRole': ({ accountId, role }, { principal }) => accounts.setRole(principal.id, accountId, role),
    'accounts.disable': ({ accountId }, { principal }) => accounts.disableAccount(principal.id, accountId),
    'accounts.enable': ({ accountId }, { principal }) => accounts.enableAccount(principal.id, accountId),
  };
}
