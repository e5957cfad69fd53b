// What holds a queued send, and the one function that says it for people. Code decides by `by`
// only (stored as held_by); the text is stored beside it for display and may be reworded freely:
// held.test.ts rewords it and checks that freezing, unfreezing and sending behave the same.
import { allChannels } from '../../shared/all-channels';
import { assertNever } from '../../shared/result';
import type { FreezeRecord, Held, HeldBy } from '../../store/records';

export type Hold =
  | { readonly by: 'freeze'; readonly freeze: FreezeRecord }
  | { readonly by: 'schedule'; readonly until: string }
  /** Refused by the channel's rate limit: waits for its reset. */
  | { readonly by: 'rate-limit'; readonly until: string }
  /** The channel did not answer (nothing was sent): retried at `until`, or when it answers again. */
  | { readonly by: 'network'; readonly until: string; readonly message: string }
  | { readonly by: 'not-connected'; readonly channelId: string }
  /** An unknown outcome, then found absent on the channel: sent again. */
  | { readonly by: 'resend' }
  /** Its approval ran out while it waited: a supervisor confirms (or cancels) before it goes. */
  | { readonly by: 'stale-approval'; readonly approvedUntil: string };

// Every stored value has a Hold and no Hold is unknown to the store (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const holdsMatchTheStore: Same<Hold['by'], HeldBy> = true;
void holdsMatchTheStore;

/** The held reason people read. */
export function holdText(hold: Hold): string {
  switch (hold.by) {
    case 'freeze': {
      const f = hold.freeze;
      const where = f.scope === allChannels ? 'all channels' : `channel ${f.scope}`;
      return `Frozen (${where}) by ${f.frozenBy} at ${f.frozenAt}: ${f.reason}`;
    }
    case 'schedule':
      return `Scheduled for ${hold.until}.`;
    case 'rate-limit':
      return `Rate limited: waiting for the channel's reset at ${hold.until}.`;
    case 'network':
      return `Waiting for the network: ${hold.message} Retrying at ${hold.until}, or as soon as the channel answers again.`;
    case 'not-connected':
      return `Channel ${hold.channelId} is not connected; it waits until it is.`;
    case 'resend':
      return 'Not on the channel after an unknown outcome: sending again.';
    case 'stale-approval':
      return `Its approval ran out at ${hold.approvedUntil} while it waited. A supervisor must confirm it (or cancel it) before it goes out.`;
    default:
      return assertNever(hold, 'hold');
  }
}

/** What the store keeps for a hold: its kind, and its text. */
export function held(hold: Hold): Held {
  return { by: hold.by, reason: holdText(hold) };
}
