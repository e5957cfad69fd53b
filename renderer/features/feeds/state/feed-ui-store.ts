// UI-only state of the columns: which items are selected (for Retract), where the keyboard cursor
// is, the filter, and which item's detail is open. Nothing here comes from the core.
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { itemKey, type ItemRef } from '../../../lib/item-ref';

/** Callers may pass a whole FeedItem; the store keeps only the reference. */
const refOf = (ref: ItemRef): ItemRef => ({ channelId: ref.channelId, itemId: ref.itemId });

interface FeedUiState {
  readonly selected: Readonly<Record<string, ItemRef>>;
  readonly cursor: ItemRef | null;
  /** Bumped when the keyboard moves the cursor, so the column scrolls to it and focuses it. */
  readonly cursorMoves: number;
  readonly filterText: string;
  readonly unverifiedOnly: boolean;
  readonly detail: ItemRef | null;
  readonly actions: {
    itemSelectionToggled(ref: ItemRef): void;
    selectionCleared(): void;
    itemsUnselected(refs: readonly ItemRef[]): void;
    cursorPlaced(ref: ItemRef): void;
    cursorMovedByKeyboard(ref: ItemRef): void;
    filterChanged(text: string): void;
    unverifiedOnlyToggled(): void;
    detailOpened(ref: ItemRef): void;
    detailClosed(): void;
    feedUiReset(): void;
  };
}

const initial = { selected: {}, cursor: null, cursorMoves: 0, filterText: '', unverifiedOnly: false, detail: null };

const useFeedUiStore = create<FeedUiState>()((set) => ({
  ...initial,
  actions: {
    itemSelectionToggled: (ref) =>
      set((s) => {
        const key = itemKey(ref);
        const selected = { ...s.selected };
        if (selected[key]) delete selected[key];
        else selected[key] = refOf(ref);
        return { selected };
      }),
    selectionCleared: () => set({ selected: {} }),
    itemsUnselected: (refs) =>
      set((s) => {
        const selected = { ...s.selected };
        for (const r of refs) delete selected[itemKey(r)];
        return { selected };
      }),
    cursorPlaced: (ref) => set((s) => (s.cursor && itemKey(s.cursor) === itemKey(ref) ? s : { cursor: refOf(ref) })),
    cursorMovedByKeyboard: (ref) => set((s) => ({ cursor: refOf(ref), cursorMoves: s.cursorMoves + 1 })),
    filterChanged: (filterText) => set({ filterText }),
    unverifiedOnlyToggled: () => set((s) => ({ unverifiedOnly: !s.unverifiedOnly })),
    detailOpened: (detail) => set({ detail: refOf(detail) }),
    detailClosed: () => set({ detail: null }),
    feedUiReset: () => set(initial),
  },
}));

export const useFeedUiActions = () => useFeedUiStore((s) => s.actions);
export const useIsSelected = (key: string) => useFeedUiStore((s) => s.selected[key] !== undefined);
export const useSelectedItems = () => useFeedUiStore(useShallow((s) => Object.values(s.selected)));
export const useSelectedCount = () => useFeedUiStore((s) => Object.keys(s.selected).length);
/** The selected item ids in one channel (a stable array while the selection there is unchanged). */
export const useSelectedIdsIn = (channelId: string) =>
  useFeedUiStore(useShallow((s) => Object.values(s.selected).filter((r) => r.channelId === channelId).map((r) => r.itemId)));
export const useCursor = () => useFeedUiStore((s) => s.cursor);
export const useCursorMoves = () => useFeedUiStore((s) => s.cursorMoves);
export const useFeedFilter = () => useFeedUiStore(useShallow((s) => ({ text: s.filterText, unverifiedOnly: s.unverifiedOnly })));
export const useDetail = () => useFeedUiStore((s) => s.detail);

/** For keyboard handlers that run outside React rendering. */
export const readFeedUi = () => useFeedUiStore.getState();
