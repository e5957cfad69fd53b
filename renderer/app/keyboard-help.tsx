// The list of keys (opened with ?), so the keyboard is discoverable without a manual.
import { Dialog } from '../components/dialog';
import { useHelpOpen, useWorkspaceActions } from '../lib/workspace-store';

const keys: readonly [string, string][] = [
  ['F', 'Freeze all channels (same as the Freeze all button)'],
  ['/', 'Filter the columns'],
  ['J / K', 'Next / previous item in the column'],
  ['H / L', 'Previous / next column'],
  ['X', 'Select or unselect the item (for Retract)'],
  ['Enter or O', 'Open the item’s details'],
  ['Tab', 'The item’s own controls, then the next column'],
  ['Escape', 'Close a dialog'],
  ['?', 'This list'],
];

export function KeyboardHelp() {
  const open = useHelpOpen();
  const { helpToggled } = useWorkspaceActions();
  if (!open) return null;
  return (
    <Dialog title="Keyboard" onClose={() => helpToggled(false)} testId="keyboard-help">
      <dl className="keys">
        {keys.map(([k, what]) => (
          <div key={k} className="keys__row">
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
