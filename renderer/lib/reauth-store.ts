// The one pending re-authentication request: a privileged call asked for the passphrase and waits
// for the dialog's answer. Concurrent requests share the same dialog and answer.
import { create } from 'zustand';

interface ReauthState {
  readonly request: { readonly why: string; readonly waiters: readonly ((ok: boolean) => void)[] } | null;
  readonly actions: {
    reauthRequested(why: string): Promise<boolean>;
    reauthSettled(confirmed: boolean): void;
  };
}

const useReauthStore = create<ReauthState>()((set, get) => ({
  request: null,
  actions: {
    reauthRequested: (why) =>
      new Promise<boolean>((resolve) => {
        const current = get().request;
        set({ request: { why: current?.why ?? why, waiters: [...(current?.waiters ?? []), resolve] } });
      }),
    reauthSettled: (confirmed) => {
      const current = get().request;
      set({ request: null });
      for (const w of current?.waiters ?? []) w(confirmed);
    },
  },
}));

export const useReauthRequest = () => useReauthStore((s) => s.request?.why ?? null);
export const useReauthActions = () => useReauthStore((s) => s.actions);
