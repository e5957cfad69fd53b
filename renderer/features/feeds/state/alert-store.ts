// Which unverified items the person has acknowledged: the alarm sounds (and the title flashes)
// while any unverified live item is unacknowledged, and starts again for the next new one.
import { create } from 'zustand';

interface AlertState {
  readonly acknowledged: Readonly<Record<string, true>>;
  readonly actions: {
    alarmAcknowledged(keys: readonly string[]): void;
    alertsReset(): void;
  };
}

const useAlertStore = create<AlertState>()((set) => ({
  acknowledged: {},
  actions: {
    alarmAcknowledged: (keys) =>
      set((s) => {
        const acknowledged = { ...s.acknowledged };
        for (const k of keys) acknowledged[k] = true;
        return { acknowledged };
      }),
    alertsReset: () => set({ acknowledged: {} }),
  },
}));

export const useAcknowledged = () => useAlertStore((s) => s.acknowledged);
export const useAlertActions = () => useAlertStore((s) => s.actions);
