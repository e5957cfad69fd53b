// Which connection may be sent which pushed event: feed, control and statement events only reach
// sessions that are signed in (or locked at the desk), not one that must first choose a new
// passphrase; the X consent URL only an active admin.
import type { EventName } from '../shared/contract';
import type { AccountsService } from './accounts/accounts-service';
import type { SessionSlot } from './dispatch';

/** Events any connection may receive, signed in or not. */
const publicEvents: ReadonlySet<EventName> = new Set<EventName>(['app.heartbeat', 'demo.status', 'desks.databaseHealth']);

export function eventAccess(accounts: AccountsService): (slot: SessionSlot, event: EventName) => Promise<boolean> {
  return async (slot, event) => {
    if (publicEvents.has(event)) return true;
    if (slot.id === null) return false;
    const s = await accounts.sessionStatus(slot.id);
    if (event === 'channels.authorize') return s.state === 'active' && s.account.role === 'admin';
    return s.state === 'active' || s.state === 'locked';
  };
}

/**
 * One connection's event listener that keeps the events in order: each event's access check (a
 * store read) finishes before the next event is checked and sent. A failed check drops that one
 * event and is reported; later events still go.
 */
export function deliverInOrder(
  mayReceive: (event: EventName) => Promise<boolean>,
  send: (event: EventName, payload: unknown) => void,
  onError: (err: unknown) => void,
): (event: EventName, payload: unknown) => void {
  let last: Promise<void> = Promise.resolve();
  return (event, payload) => {
    last = last.then(async () => {
      if (await mayReceive(event)) send(event, payload);
    }).catch(onError);
  };
}
