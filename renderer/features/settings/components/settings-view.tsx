// Settings: accounts (admins change them), the thresholds, the anomaly signals (admins only) and
// the channels (admins connect and remove real ones) and the desks on this database.
import type { AccountViewData } from '../../../../electron/shared/contract';
import { AccountsSettings } from './accounts-settings';
import { AnomalySettingsPanel } from './anomaly-settings';
import { ChannelsSettings } from './channels-settings';
import { DesksSettings } from './desks-settings';
import { ThresholdsSettings } from './thresholds-settings';

export function SettingsView({ me }: { readonly me: AccountViewData }) {
  return (
    <div className="settings" data-testid="settings-view">
      <AccountsSettings me={me} />
      <ThresholdsSettings canEdit={me.role === 'admin'} />
      {me.role === 'admin' ? <AnomalySettingsPanel /> : null}
      <ChannelsSettings me={me} />
      <DesksSettings />
    </div>
  );
}
