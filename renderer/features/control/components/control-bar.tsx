// The bar along the top of every signed-in screen: the overall state, the control actions
// (freeze, unfreeze, retract, Lock, publish), the views and the person at the desk. Freeze is one
// click for anyone signed in; unfreeze and retract are for supervisors and admins (the core
// enforces it; the buttons say so up front). What belongs to other features (the overall state's
// alert count, the account menu, the columns' selection, the holding statements) the screen
// passes in.
import { useEffect, useRef, type ReactNode } from 'react';
import type { AccountViewData } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { ActionButton } from '../../../components/unavailable-button';
import { useChannels } from '../../../lib/api/channels';
import { errorMessage } from '../../../lib/call';
import type { ItemRef } from '../../../lib/item-ref';
import { supervisorOnly } from '../../../lib/roles';
import { useWorkspaceActions, useWorkspaceView, type WorkspaceView } from '../../../lib/workspace-store';
import { allChannelsScope } from '../../../lib/api/freeze-state';
import { useControlMutations, useFrozen } from '../api/control';
import { useControlDialog, useControlUiActions, useFreezeRequests } from '../state/control-ui-store';
import { LockDialog } from './lock-dialog';
import { OnlineDesks } from './online-desks';
import { RetractDialog } from './retract-dialog';
import { UnfreezeDialog } from './unfreeze-dialog';

const views: readonly { id: WorkspaceView; label: string }[] = [
  { id: 'columns', label: 'Columns' },
  { id: 'statements', label: 'Statements' },
  { id: 'incident', label: 'Incident' },
  { id: 'settings', label: 'Settings' },
];

/** "Retract unverified since…" starts from the last hour unless the person changes it. */
const defaultSinceMs = 60 * 60 * 1000;

export interface ControlBarProps {
  readonly account: AccountViewData;
  /** The overall state (a ControlState with the alert count). */
  readonly state: ReactNode;
  /** Who is at the desk, with Lock and Sign out. */
  readonly accountMenu: ReactNode;
  /** The items selected in the columns, for "Retract selected". */
  readonly selected: readonly ItemRef[];
  /** Items handed to the core for retraction leave the selection; their status follows in the columns. */
  readonly onRetracting: (items: readonly ItemRef[]) => void;
  /** "Publish statement": in a crisis the statement to publish is a holding statement. */
  readonly onPublishStatement: () => void;
}

export function ControlBar({ account, state, accountMenu, selected, onRetracting, onPublishStatement }: ControlBarProps) {
  const frozen = useFrozen();
  const { freeze, unfreeze, retract, retractSince } = useControlMutations();
  const channels = useChannels();
  const dialog = useControlDialog();
  const { controlDialogOpened, controlDialogClosed } = useControlUiActions();
  const view = useWorkspaceView();
  const { viewChosen, announced } = useWorkspaceActions();
  const retractNot = supervisorOnly(account.role, 'retract');

  const freezeAll = (): void => {
    // One click, one person, no confirmation and no reason first: reducing exposure never waits.
    freeze.mutate({ scope: allChannelsScope, reason: '' }, { onSuccess: () => announced('Every channel is frozen.') });
  };
  const freezeAllRef = useRef(freezeAll);
  freezeAllRef.current = freezeAll;

  // F on the keyboard is the same as a click on Freeze all.
  const freezeRequests = useFreezeRequests();
  const seen = useRef(freezeRequests);
  useEffect(() => {
    if (freezeRequests === seen.current) return;
    seen.current = freezeRequests;
    freezeAllRef.current();
  }, [freezeRequests]);

  const failure = [freeze, unfreeze].find((m) => m.isError);
  return (
    <header className="control-bar">
      {/* The window title names the app; the bar's width goes to the state and the buttons. */}
      <h1 className="visually-hidden">Control Room</h1>
      {state}
      <div className="control-bar__actions" role="group" aria-label="Control actions">
        <ActionButton
          testId="freeze-all"
          unavailable={frozen?.scope === allChannelsScope ? 'every channel is already frozen' : freeze.isPending ? 'freezing…' : null}
          onClick={freezeAll}
          variant="danger"
          ariaKeyShortcuts="F"
        >
          Freeze all
        </ActionButton>
        <ActionButton testId="unfreeze" unavailable={frozen ? supervisorOnly(account.role, 'unfreeze') : 'nothing is frozen'} onClick={() => controlDialogOpened({ kind: 'unfreeze' })}>
          Unfreeze
        </ActionButton>
        <ActionButton
          testId="retract-selected"
          unavailable={retractNot ?? (selected.length === 0 ? 'select items first (X in a column)' : null)}
          onClick={() => controlDialogOpened({ kind: 'retract-items', items: selected })}
        >
          Retract selected ({selected.length})
        </ActionButton>
        <ActionButton testId="retract-unverified" unavailable={retractNot} onClick={() => controlDialogOpened({ kind: 'retract-since' })}>
          Retract unverified…
        </ActionButton>
        <ActionButton testId="lock-runbook" unavailable={supervisorOnly(account.role, 'run the Lock runbook')} onClick={() => controlDialogOpened({ kind: 'lock' })}>
          Lock credentials…
        </ActionButton>
        <ActionButton testId="publish-statement" unavailable={null} onClick={onPublishStatement} variant="primary">
          Publish statement
        </ActionButton>
      </div>
      <nav className="control-bar__views" aria-label="Views">
        {views.map((v) => (
          <button
            key={v.id}
            type="button"
            className="button button--tab"
            aria-current={view === v.id ? 'page' : undefined}
            onClick={() => viewChosen(v.id)}
            data-testid={`view-${v.id}`}
          >
            {v.label}
          </button>
        ))}
      </nav>
      <OnlineDesks />
      {accountMenu}
      {failure ? (
        <div className="control-bar__error">
          <ErrorNotice testId="control-error">{errorMessage(failure.error)}</ErrorNotice>
        </div>
      ) : null}
      {dialog?.kind === 'retract-items' ? (
        <RetractDialog
          mode="items"
          items={dialog.items}
          channels={channels.data ?? []}
          onClose={controlDialogClosed}
          submit={async (r) => {
            const result = await retract.mutateAsync(r);
            onRetracting(r.items);
            return result;
          }}
        />
      ) : null}
      {dialog?.kind === 'retract-since' ? (
        <RetractDialog
          mode="since"
          channels={channels.data ?? []}
          defaultSince={new Date(Date.now() - defaultSinceMs).toISOString()}
          onClose={controlDialogClosed}
          submit={(r) => retractSince.mutateAsync(r)}
        />
      ) : null}
      {dialog?.kind === 'lock' ? <LockDialog onClose={controlDialogClosed} /> : null}
      {dialog?.kind === 'unfreeze' && frozen ? (
        <UnfreezeDialog frozen={frozen} channels={channels.data ?? []} unfreeze={(r) => unfreeze.mutateAsync(r)} onClose={controlDialogClosed} />
      ) : null}
    </header>
  );
}
