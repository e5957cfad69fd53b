// Items the core said cannot be taken back but can be corrected (retraction.progress with
// correctionOffered: an email already delivered). Their rows offer "Draft a correction bulletin".
// After a reload the events are gone; an email item that ended "impossible" still gets the offer.
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { ChannelSummary, FeedItem } from '../../../../electron/shared/contract';
import { itemKey, type ItemRef } from '../../../lib/item-ref';

interface CorrectionState {
  readonly offered: Readonly<Record<string, ItemRef>>;
  readonly actions: { correctionsReset(): void };
}

const useCorrectionStore = create<CorrectionState>()((set) => ({
  offered: {},
  actions: { correctionsReset: () => set({ offered: {} }) },
}));

/** For the event listener, which runs outside React rendering. */
export function correctionOffered(ref: ItemRef): void {
  useCorrectionStore.setState((s) => ({ offered: { ...s.offered, [itemKey(ref)]: { channelId: ref.channelId, itemId: ref.itemId } } }));
}

/** Item ids in one channel the core offered a correction for (stable while unchanged). */
export const useCorrectionsOfferedIn = (channelId: string) =>
  useCorrectionStore(useShallow((s) => Object.values(s.offered).filter((r) => r.channelId === channelId).map((r) => r.itemId)));
export const useCorrectionActions = () => useCorrectionStore((s) => s.actions);

export function offersCorrection(item: FeedItem, kind: ChannelSummary['kind'], offeredIds: ReadonlySet<string>): boolean {
  return item.status === 'impossible' && (offeredIds.has(item.itemId) || kind === 'email');
}
