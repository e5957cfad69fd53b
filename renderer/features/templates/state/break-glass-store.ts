// Break-glass alerts received on this window (alert.breakGlass): a supervisor published a
// pre-approved holding statement alone. Everyone signed in is told; each person dismisses the
// banner for themselves. Kept in memory only: the audit log is the record.
import { create } from 'zustand';
import type { EventPayload } from '../../../../electron/shared/contract';

export type BreakGlassAlert = EventPayload<'alert.breakGlass'>;

interface BreakGlassState {
  readonly alerts: readonly BreakGlassAlert[];
  readonly actions: {
    breakGlassAlerted(alert: BreakGlassAlert): void;
    breakGlassAcknowledged(): void;
    breakGlassAlertsReset(): void;
  };
}

/** A handful is plenty on screen; older ones are in the audit log and the timeline. */
const kept = 5;

const useBreakGlassStore = create<BreakGlassState>()((set) => ({
  alerts: [],
  actions: {
    breakGlassAlerted: (alert) => set((s) => ({ alerts: [alert, ...s.alerts].slice(0, kept) })),
    breakGlassAcknowledged: () => set({ alerts: [] }),
    breakGlassAlertsReset: () => set({ alerts: [] }),
  },
}));

export const useBreakGlassAlerts = () => useBreakGlassStore((s) => s.alerts);
export const useBreakGlassActions = () => useBreakGlassStore((s) => s.actions);
/** For the event listener, which runs outside React rendering. */
export const breakGlassAlerted = (alert: BreakGlassAlert): void => useBreakGlassStore.getState().actions.breakGlassAlerted(alert);
