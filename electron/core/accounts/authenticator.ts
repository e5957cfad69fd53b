// Connects dispatch's Authenticator to the accounts service: a connection's session slot to the
// signed-in account, idle locks, fresh re-authentication and a reset passphrase included.
import type { Authenticator, Principal, SessionSlot } from '../dispatch';
import type { AccountsService } from './accounts-service';

/**
 * What a session signed in with a passphrase an admin reset may call (public calls aside):
 * choosing the new passphrase, and leaving. Everything else is refused by dispatch.
 */
export const callsBeforeNewPassphrase: readonly string[] = ['accounts.changeOwnPassphrase', 'accounts.signOut', 'accounts.lockSession', 'accounts.activity'];

export function createSessionAuthenticator(accounts: AccountsService): Authenticator {
  return {
    principal(slot: SessionSlot): Principal | null {
      if (slot.id === null) return null;
      const status = accounts.sessionStatus(slot.id);
      if (status.state === 'signed-out') {
        slot.id = null;
        return null;
      }
      const a = accounts.resolveSession(slot.id);
      return { id: a.id, username: a.username, displayName: a.displayName, role: a.role };
    },
    peek(slot: SessionSlot): Principal | null {
      if (slot.id === null) return null;
      const status = accounts.sessionStatus(slot.id);
      // A session that must choose a new passphrase is still this person (the audit log names them).
      if (status.state !== 'active' && status.state !== 'must-change-passphrase') return null;
      const a = status.account;
      return { id: a.id, username: a.username, displayName: a.displayName, role: a.role };
    },
    passphraseChangeRequired(slot: SessionSlot): boolean {
      return slot.id !== null && accounts.sessionStatus(slot.id).state === 'must-change-passphrase';
    },
    requireFresh(slot: SessionSlot): void {
      if (slot.id !== null) accounts.requireFresh(slot.id);
    },
  };
}
