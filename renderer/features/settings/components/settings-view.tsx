// Settings: accounts (admins change them), the channels (read-only for now) and the thresholds.
import type { AccountViewData } from '../../../../electron/shared/contract';
import { AccountsSettings } from './accounts-settings';
import { ChannelsSettings } from './channels-settings';
import { ThresholdsSettings } from './thresholds-settings';

export function SettingsView({ me }: { readonly me: AccountViewData }) {
  return (
    <div className="settings" data-testid="settings-view">
      <AccountsSettings me={me} />
      <ThresholdsSettings canEdit={me.role === 'admin'} />
      <ChannelsSettings />
    </div>
  );
}
