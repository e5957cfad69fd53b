// After signing in with a passphrase an admin reset: the only thing this window offers is choosing
// a new one (or signing out). The core refuses every other call until then; this screen says why.
import type { AccountViewData } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useSignOut } from '../api/session';
import { AuthLayout } from './auth-layout';
import { ChangePassphraseForm } from './change-passphrase-form';

export function ForcedPassphraseChange({ account }: { readonly account: AccountViewData }) {
  const signOut = useSignOut();
  return (
    <AuthLayout title="Choose a new passphrase" testId="forced-passphrase-change">
      <p className="auth-card__lead">
        An admin reset the passphrase of <strong>{account.displayName}</strong> ({account.username}). Choose a new one that only you know
        before anything else: until then this window shows nothing from the channels.
      </p>
      <ChangePassphraseForm
        currentLabel="Passphrase the admin gave you"
        actions={
          <button type="button" className="button" onClick={() => signOut.mutate({})} data-testid="forced-change-sign-out">
            Sign out
          </button>
        }
      />
      <ErrorNotice>{signOut.isError ? errorMessage(signOut.error) : null}</ErrorNotice>
    </AuthLayout>
  );
}
