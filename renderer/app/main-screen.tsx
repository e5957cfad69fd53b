// The signed-in control room: the control bar, the frozen, demo, break-glass and alert banners,
// and the workspace (columns, statements, the incident record or settings), with the item detail and re-authentication dialogs.
import type { AccountViewData } from '../../electron/shared/contract';
import { AlertBanner } from '../features/feeds/components/alert-banner';
import { BreakGlassBanner } from '../features/templates/components/break-glass-banner';
import { ControlBar } from '../features/control/components/control-bar';
import { FrozenBanner } from '../features/control/components/frozen-banner';
import { DemoBanner } from '../features/demo/components/demo-banner';
import { ColumnsView } from '../features/feeds/components/columns-view';
import { ItemDetail } from '../features/feeds/components/item-detail';
import { IncidentView } from '../features/incident/components/incident-view';
import { ReauthDialog } from '../features/session/components/reauth-dialog';
import { SettingsView } from '../features/settings/components/settings-view';
import { StatementsView } from './statements-view';
import { KeyboardHelp } from './keyboard-help';
import { useShortcuts } from './use-shortcuts';
import { useAnnouncement, useWorkspaceView } from '../lib/workspace-store';

const viewLabels = { columns: 'Live columns', statements: 'Statements', incident: 'Incident record', settings: 'Settings' } as const;

function Announcer() {
  const { text, seq } = useAnnouncement();
  return (
    <p className="visually-hidden" role="status" aria-live="polite" key={seq} data-testid="announcer">
      {text}
    </p>
  );
}

export function MainScreen({ account }: { readonly account: AccountViewData }) {
  const view = useWorkspaceView();
  useShortcuts();
  return (
    <>
      <ControlBar account={account} />
      <FrozenBanner />
      <DemoBanner />
      <BreakGlassBanner />
      <AlertBanner />
      <main className={`workspace workspace--${view}`} aria-label={viewLabels[view]}>
        {view === 'columns' ? (
          <ColumnsView />
        ) : view === 'statements' ? (
          <StatementsView me={account} />
        ) : view === 'incident' ? (
          <IncidentView me={account} />
        ) : (
          <SettingsView me={account} />
        )}
      </main>
      <ItemDetail />
      <ReauthDialog />
      <KeyboardHelp />
      <Announcer />
    </>
  );
}
