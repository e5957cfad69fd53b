// "Draft a correction bulletin" spans two features: the columns offer it on an email that cannot
// be taken back, the composer (statements) holds the draft. The screen that shows both provides
// the action here, so neither feature imports the other.
import { createContext, useContext, type ReactNode } from 'react';
import type { FeedItem } from '../../electron/shared/contract';

export type DraftCorrection = (item: FeedItem) => void;

const DraftCorrectionContext = createContext<DraftCorrection | null>(null);

export function DraftCorrectionProvider({ draft, children }: { readonly draft: DraftCorrection; readonly children: ReactNode }) {
  return <DraftCorrectionContext.Provider value={draft}>{children}</DraftCorrectionContext.Provider>;
}

export function useDraftCorrection(): DraftCorrection {
  const draft = useContext(DraftCorrectionContext);
  if (!draft) throw new Error('useDraftCorrection outside DraftCorrectionProvider');
  return draft;
}
