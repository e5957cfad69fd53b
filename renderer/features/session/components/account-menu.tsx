// Who is at this desk, and the two ways to leave it: lock (stepping away) and sign out.
import type { AccountViewData } from '../../../../electron/shared/contract';
import { useLockSession, useSignOut } from '../api/session';

export function AccountMenu({ account }: { readonly account: AccountViewData }) {
  const lock = useLockSession();
  const signOut = useSignOut();
  return (
    <div className="account-menu" aria-label="Signed in" role="group">
      <span className="account-menu__who" data-testid="signed-in-as">
        {account.displayName} <span className="account-menu__role">{account.role}</span>
      </span>
      <button type="button" className="button button--small" onClick={() => lock.mutate({})} data-testid="lock-session" disabled={lock.isPending}>
        Lock
      </button>
      <button type="button" className="button button--small" onClick={() => signOut.mutate({})} data-testid="sign-out" disabled={signOut.isPending}>
        Sign out
      </button>
    </div>
  );
}
