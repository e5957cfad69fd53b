// Connects dispatch's Authenticator to the accounts service: a connection's session slot to the
// signed-in account, idle locks and fresh re-authentication included.
import type { Authenticator, Principal, SessionSlot } from '../dispatch';
import type { AccountsService } from './accounts-service';

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
      if (status.state !== 'active') return null;
      const a = status.account;
      return { id: a.id, username: a.username, displayName: a.displayName, role: a.role };
    },
    requireFresh(slot: SessionSlot): void {
      if (slot.id !== null) accounts.requireFresh(slot.id);
    },
  };
}
