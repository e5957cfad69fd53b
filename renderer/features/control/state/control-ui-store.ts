// UI-only state of the control bar: which control dialog is open (with the items a retraction
// is about, or the Lock runbook), and freeze requests from the keyboard (F), answered exactly as a click on Freeze all.
import { create } from 'zustand';
import type { ItemRef } from '../../../lib/item-ref';

export type ControlDialog = { readonly kind: 'retract-items'; readonly items: readonly ItemRef[] } | { readonly kind: 'retract-since' } | { readonly kind: 'unfreeze' } | { readonly kind: 'lock' } | null;

interface ControlUiState {
  readonly dialog: ControlDialog;
  readonly freezeRequests: number;
  readonly actions: {
    controlDialogOpened(dialog: Exclude<ControlDialog, null>): void;
    controlDialogClosed(): void;
    freezeRequested(): void;
  };
}

const useControlUiStore = create<ControlUiState>()((set) => ({
  dialog: null,
  freezeRequests: 0,
  actions: {
    controlDialogOpened: (dialog) => set({ dialog }),
    controlDialogClosed: () => set({ dialog: null }),
    freezeRequested: () => set((s) => ({ freezeRequests: s.freezeRequests + 1 })),
  },
}));

export const useControlDialog = () => useControlUiStore((s) => s.dialog);
export const useFreezeRequests = () => useControlUiStore((s) => s.freezeRequests);
export const useControlUiActions = () => useControlUiStore((s) => s.actions);
