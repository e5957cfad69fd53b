// UI-only state of the holding statements: which one is chosen, the placeholder values and the
// break-glass reason typed so far (kept while the person moves between views: nothing typed is
// lost in a crisis), and whether the break-glass dialog is open.
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';

interface TemplateUiState {
  readonly chosenId: string | null;
  /** Values typed per template id, so switching templates does not wipe them. */
  readonly values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly reason: string;
  readonly breakGlassOpen: boolean;
  readonly actions: {
    templateChosen(id: string, defaults: Readonly<Record<string, string>>): void;
    placeholderEdited(id: string, name: string, value: string): void;
    reasonEdited(reason: string): void;
    breakGlassOpened(): void;
    breakGlassClosed(): void;
    breakGlassPublished(): void;
    templateUiReset(): void;
  };
}

const initial = { chosenId: null, values: {}, reason: '', breakGlassOpen: false };

const useTemplateUiStore = create<TemplateUiState>()((set) => ({
  ...initial,
  actions: {
    // Defaults fill only names the person has not typed yet.
    templateChosen: (id, defaults) => set((s) => ({ chosenId: id, values: { ...s.values, [id]: { ...defaults, ...s.values[id] } } })),
    placeholderEdited: (id, name, value) => set((s) => ({ values: { ...s.values, [id]: { ...s.values[id], [name]: value } } })),
    reasonEdited: (reason) => set({ reason }),
    breakGlassOpened: () => set({ breakGlassOpen: true }),
    breakGlassClosed: () => set({ breakGlassOpen: false }),
    // A reason belongs to one break-glass: the next one must say its own why.
    breakGlassPublished: () => set({ reason: '' }),
    templateUiReset: () => set(initial),
  },
}));

const noValues: Readonly<Record<string, string>> = {};

export const useChosenTemplateId = () => useTemplateUiStore((s) => s.chosenId);
export const useTemplateValues = (id: string | null) => useTemplateUiStore(useShallow((s) => (id ? (s.values[id] ?? noValues) : noValues)));
export const useBreakGlassReason = () => useTemplateUiStore((s) => s.reason);
export const useBreakGlassOpen = () => useTemplateUiStore((s) => s.breakGlassOpen);
export const useTemplateUiActions = () => useTemplateUiStore((s) => s.actions);
