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
    async principal(slot: SessionSlot): Promise<Principal | null> {
      if (slot.id === null) return null;
      const id = slot.id;
      const status = await accounts.sessionStatus(id);
      if (status.state === 'signed-out') {
        // Only if the slot still holds that session: a sign-in may have filled it meanwhile.
        if (slot.id === id) slot.id = null;
        return null;
      }
      const a = await accounts.resolveSession(id);
      return { id: a.id, username: a.username, displayName: a.displayName, role: a.role };
    },
    async peek(slot: SessionSlot): Promise<Principal | null> {
      if (slot.id === null) return null;
      const status = await accounts.sessionStatus(slot.id);
      // A session that must choose a new passphrase is still this person (the audit log names them).
      if (status.state !== 'active' && status.state !== 'must-change-passphrase') return null;
      const a = status.account;
      return { id: a.id, username: a.username, displayName: a.displayName, role: a.role };
    },
    async passphraseChangeRequired(slot: SessionSlot): Promise<boolean> {
      return slot.id !== null && (await accounts.sessionStatus(slot.id)).state === 'must-change-passphrase';
    },
    async requireFresh(slot: SessionSlot): Promise<void> {
      if (slot.id !== null) await accounts.requireFresh(slot.id);
    },
  };
}
