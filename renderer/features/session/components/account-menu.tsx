// Who is at this desk, and what they can do about it: change their passphrase, lock (stepping
// away) and sign out.
import { useState } from 'react';
import type { AccountViewData } from '../../../../electron/shared/contract';
import { Dialog, DialogDone } from '../../../components/dialog';
import { useLockSession, useSignOut } from '../api/session';
import { ChangePassphraseForm } from './change-passphrase-form';

export function AccountMenu({ account }: { readonly account: AccountViewData }) {
  const lock = useLockSession();
  const signOut = useSignOut();
  const [dialog, setDialog] = useState<'closed' | 'form' | 'done'>('closed');
  const close = () => setDialog('closed');
  return (
    <div className="account-menu" aria-label="Signed in" role="group">
      <span className="account-menu__who" data-testid="signed-in-as">
        {account.displayName} <span className="account-menu__role">{account.role}</span>
      </span>
      <button
        type="button"
        className="button button--small"
        onClick={() => setDialog('form')}
        data-testid="open-change-passphrase"
      >
        Change passphrase
      </button>
      <button type="button" className="button button--small" onClick={() => lock.mutate({})} data-testid="lock-session" disabled={lock.isPending}>
        Lock
      </button>
      <button type="button" className="button button--small" onClick={() => signOut.mutate({})} data-testid="sign-out" disabled={signOut.isPending}>
        Sign out
      </button>
      {dialog !== 'closed' ? (
        <Dialog title="Change your passphrase" onClose={close} testId="change-passphrase-dialog">
          {dialog === 'form' ? (
            <ChangePassphraseForm
              currentLabel="Current passphrase"
              onChanged={() => setDialog('done')}
              actions={
                <button type="button" className="button" onClick={close}>
                  Cancel
                </button>
              }
            />
          ) : (
            <DialogDone onClose={close} testId="passphrase-changed">
              Passphrase changed. Any other window signed in as you was signed out.
            </DialogDone>
          )}
        </Dialog>
      ) : null}
    </div>
  );
}
