// Quarantine: while a channel is frozen, every new unverified item the monitor reports is captured
// as evidence and retracted automatically, by the system, with progress pushed as it goes.
import type { ControlRepository } from '../../store/repositories';
import type { StoredItem } from '../../store/records';
import type { Logger } from '../../lib/log';
import type { MonitorListener } from '../monitor/monitor';
import type { RetractionService } from './retract';
import { systemActor } from './types';

export interface Quarantine {
  /** Wire to the monitor's `itemsObserved` (or call it yourself); resolves once captured (never rejects). */
  onItemsObserved(channelId: string, items: readonly StoredItem[]): Promise<void>;
  /** A ready-made monitor listener: `monitor.subscribe(quarantine.listener)`. */
  readonly listener: MonitorListener;
}

export function createQuarantine(deps: { readonly control: ControlRepository; readonly retraction: RetractionService; readonly logger: Logger }): Quarantine {
  const onItemsObserved = async (channelId: string, items: readonly StoredItem[]): Promise<void> => {
    // Read from the database, not a cache: a freeze committed a moment ago already applies (and
    // capture checks it again in its own transaction, so an unfreeze in between is honoured).
    if ((await deps.control.freezeFor(channelId)) === null) return;
    // Verified items (ours, including sends in flight at the freeze) and adopted ones stay up.
    const suspects = items.filter((i) => i.channelId === channelId && i.provenance === 'unverified' && i.status === 'live');
    if (suspects.length === 0) return;
    try {
      await deps.retraction.capture(suspects, 'quarantine', systemActor);
    } catch (err) {
      deps.logger.error(`quarantine of ${suspects.length} item(s) on ${channelId} failed`, err);
    }
  };
  return { onItemsObserved, listener: { itemsObserved: onItemsObserved } };
}
