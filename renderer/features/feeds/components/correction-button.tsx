// "Draft a correction bulletin" for an email that could not be taken back: opens the composer on
// a new email-only statement to the same list, which then goes through the normal approval.
import type { FeedItem } from '../../../../electron/shared/contract';
import { useWorkspaceActions } from '../../../lib/workspace-store';
import { correctionDraftFor } from '../../statements/lib/correction-draft';
import { composerHeadingId } from '../../statements/components/composer';
import { useComposerActions } from '../../statements/state/composer-store';

export function CorrectionButton({ item, tabbable, onDone }: { readonly item: FeedItem; readonly tabbable: boolean; readonly onDone?: () => void }) {
  const { correctionDrafted } = useComposerActions();
  const { viewChosen, announced } = useWorkspaceActions();
  return (
    <button
      type="button"
      className="button button--small"
      tabIndex={tabbable ? 0 : -1}
      onClick={() => {
        correctionDrafted(correctionDraftFor(item));
        onDone?.();
        viewChosen('statements');
        announced('A correction bulletin is in the composer: check it, then submit it for approval.');
        // The composer sits under the holding statements: bring it into view.
        requestAnimationFrame(() => {
          const heading = document.getElementById(composerHeadingId);
          heading?.scrollIntoView({ block: 'start' });
          heading?.focus();
        });
      }}
      data-testid="draft-correction"
    >
      Draft a correction bulletin
    </button>
  );
}
