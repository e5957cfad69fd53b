// Which view fills the workspace under the control bar, whether the keyboard help is open, and the
// last short announcement for screen readers (keyboard feedback such as "3 selected").
import { create } from 'zustand';

export type WorkspaceView = 'columns' | 'statements' | 'incident' | 'settings';

interface WorkspaceState {
  readonly view: WorkspaceView;
  readonly helpOpen: boolean;
  readonly announcement: { readonly text: string; readonly seq: number };
  readonly actions: {
    viewChosen(view: WorkspaceView): void;
    helpToggled(open?: boolean): void;
    announced(text: string): void;
    workspaceReset(): void;
  };
}

const useWorkspaceStore = create<WorkspaceState>()((set) => ({
  view: 'columns',
  helpOpen: false,
  announcement: { text: '', seq: 0 },
  actions: {
    viewChosen: (view) => set({ view }),
    helpToggled: (open) => set((s) => ({ helpOpen: open ?? !s.helpOpen })),
    announced: (text) => set((s) => ({ announcement: { text, seq: s.announcement.seq + 1 } })),
    workspaceReset: () => set({ view: 'columns', helpOpen: false, announcement: { text: '', seq: 0 } }),
  },
}));

export const useWorkspaceView = () => useWorkspaceStore((s) => s.view);
export const useHelpOpen = () => useWorkspaceStore((s) => s.helpOpen);
export const useAnnouncement = () => useWorkspaceStore((s) => s.announcement);
export const useWorkspaceActions = () => useWorkspaceStore((s) => s.actions);
export const readWorkspace = () => useWorkspaceStore.getState();
