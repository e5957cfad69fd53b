// Which connection may be sent which pushed event: feed, control and statement events only reach
// sessions that are signed in (or locked at the desk), not one that must first choose a new
// passphrase; the X consent URL only an active admin.
import type { EventName } from '../shared/contract';
import type { AccountsService } from './accounts/accounts-service';
import type { SessionSlot } from './dispatch';

/** Events any connection may receive, signed in or not. */
const publicEvents: ReadonlySet<EventName> = new Set<EventName>(['app.heartbeat', 'demo.status']);

export function eventAccess(accounts: AccountsService): (slot: SessionSlot, event: EventName) => boolean {
  return (slot, event) => {
    if (publicEvents.has(event)) return true;
    if (slot.id === null) return false;
    const s = accounts.sessionStatus(slot.id);
    if (event === 'channels.authorize') return s.state === 'active' && s.account.role === 'admin';
    return s.state === 'active' || s.state === 'locked';
  };
}
