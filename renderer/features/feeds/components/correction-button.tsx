// "Draft a correction bulletin" for an email that could not be taken back: opens the composer on
// a new email-only statement to the same list, which then goes through the normal approval. The
// composer is another feature's: the screen provides the action (lib/draft-correction).
import type { FeedItem } from '../../../../electron/shared/contract';
import { useDraftCorrection } from '../../../lib/draft-correction';

export function CorrectionButton({ item, tabbable, onDone }: { readonly item: FeedItem; readonly tabbable: boolean; readonly onDone?: () => void }) {
  const draftCorrection = useDraftCorrection();
  return (
    <button
      type="button"
      className="button button--small"
      tabIndex={tabbable ? 0 : -1}
      onClick={() => {
        draftCorrection(item);
        onDone?.();
      }}
      data-testid="draft-correction"
    >
      Draft a correction bulletin
    </button>
  );
}
