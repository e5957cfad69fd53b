// The signed-in control room: the control bar, the frozen, confirmation, demo, break-glass and alert banners,
// and the workspace (columns, statements, the incident record or settings), with the item detail
// and re-authentication dialogs. Features never import each other: where one needs another's
// piece (the columns' selection in the control bar, a freeze button in a column's header, a
// correction drafted in the composer from an item), it is handed over here.
import type { AccountViewData } from '../../electron/shared/contract';
import { ChannelFreezeControl } from '../features/control/components/channel-freeze';
import { ConfirmationBanner } from '../features/control/components/confirmation-banner';
import { ControlBar } from '../features/control/components/control-bar';
import { ControlState } from '../features/control/components/control-state';
import { FrozenBanner } from '../features/control/components/frozen-banner';
import { useControlUiActions } from '../features/control/state/control-ui-store';
import { DemoBanner } from '../features/demo/components/demo-banner';
import { useAlerts } from '../features/feeds/api/use-alerts';
import { AlertBanner } from '../features/feeds/components/alert-banner';
import { ColumnsView, type ColumnControls } from '../features/feeds/components/columns-view';
import { ItemDetail } from '../features/feeds/components/item-detail';
import { useFeedUiActions, useSelectedItems } from '../features/feeds/state/feed-ui-store';
import { IncidentView } from '../features/incident/components/incident-view';
import { AccountMenu } from '../features/session/components/account-menu';
import { ReauthDialog } from '../features/session/components/reauth-dialog';
import { SettingsView } from '../features/settings/components/settings-view';
import { useDraftCorrectionInComposer } from '../features/statements/components/composer';
import { BreakGlassBanner } from '../features/templates/components/break-glass-banner';
import { useShowHoldingStatements } from '../features/templates/components/holding-statements';
import { DraftCorrectionProvider } from '../lib/draft-correction';
import type { ItemRef } from '../lib/item-ref';
import { useAnnouncement, useWorkspaceView } from '../lib/workspace-store';
import { KeyboardHelp } from './keyboard-help';
import { StatementsView } from './statements-view';
import { useShortcuts } from './use-shortcuts';

const viewLabels = { columns: 'Live columns', statements: 'Statements', incident: 'Incident record', settings: 'Settings' } as const;

function Announcer() {
  const { text, seq } = useAnnouncement();
  return (
    <p className="visually-hidden" role="status" aria-live="polite" key={seq} data-testid="announcer">
      {text}
    </p>
  );
}

/** The overall state with the count of unverified live items (its own component: alerts re-render only it). */
function OverallState() {
  const { live } = useAlerts();
  return <ControlState unverifiedLive={live.length} />;
}

/** The control bar with the columns' selection (its own component: a selection re-renders only the bar). */
function MainControlBar({ account }: { readonly account: AccountViewData }) {
  const selected = useSelectedItems();
  const { itemsUnselected } = useFeedUiActions();
  const showHoldingStatements = useShowHoldingStatements();
  return (
    <ControlBar
      account={account}
      state={<OverallState />}
      accountMenu={<AccountMenu account={account} />}
      selected={selected}
      onRetracting={itemsUnselected}
      onPublishStatement={showHoldingStatements}
    />
  );
}

export function MainScreen({ account }: { readonly account: AccountViewData }) {
  const view = useWorkspaceView();
  const { controlDialogOpened } = useControlUiActions();
  const draftCorrection = useDraftCorrectionInComposer();
  useShortcuts();
  const columnControls: ColumnControls = (channel, frozen) => <ChannelFreezeControl channel={channel} frozen={frozen} me={account} />;
  const retractItem = (ref: ItemRef): void => controlDialogOpened({ kind: 'retract-items', items: [ref] });
  return (
    <DraftCorrectionProvider draft={draftCorrection}>
      <MainControlBar account={account} />
      <FrozenBanner />
      <ConfirmationBanner me={account} />
      <DemoBanner />
      <BreakGlassBanner />
      <AlertBanner />
      <main className={`workspace workspace--${view}`} aria-label={viewLabels[view]}>
        {view === 'columns' ? (
          <ColumnsView columnControls={columnControls} />
        ) : view === 'statements' ? (
          <StatementsView me={account} />
        ) : view === 'incident' ? (
          <IncidentView me={account} />
        ) : (
          <SettingsView me={account} />
        )}
      </main>
      <ItemDetail role={account.role} onRetract={retractItem} />
      <ReauthDialog />
      <KeyboardHelp />
      <Announcer />
    </DraftCorrectionProvider>
  );
}
