// Settings: accounts (admins change them), the thresholds, and the channels (admins connect and
// remove real ones).
import type { AccountViewData } from '../../../../electron/shared/contract';
import { AccountsSettings } from './accounts-settings';
import { ChannelsSettings } from './channels-settings';
import { ThresholdsSettings } from './thresholds-settings';

export function SettingsView({ me }: { readonly me: AccountViewData }) {
  return (
    <div className="settings" data-testid="settings-view">
      <AccountsSettings me={me} />
      <ThresholdsSettings canEdit={me.role === 'admin'} />
      <ChannelsSettings me={me} />
    </div>
  );
}
