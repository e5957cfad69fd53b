// Decides what the window shows from the session: first-run admin creation, sign-in, the lock
// screen, the forced choice of a new passphrase after an admin reset, or the control room. When the person changes (sign-out, someone else signs in), what the
// last person saw and selected is dropped from memory.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorNotice } from '../components/notice';
import { useAlerts } from '../features/feeds/api/use-alerts';
import { AlarmController } from '../features/feeds/components/alarm-controller';
import { useAlertActions } from '../features/feeds/state/alert-store';
import { useCorrectionActions } from '../features/feeds/state/correction-store';
import { useFeedUiActions } from '../features/feeds/state/feed-ui-store';
import { useIdleLockWatch } from '../features/session/api/idle-watch';
import { sessionAccount, sessionKeys, useSession } from '../features/session/api/session';
import { FirstAdminForm } from '../features/session/components/first-admin-form';
import { ForcedPassphraseChange } from '../features/session/components/forced-passphrase-change';
import { LockScreen } from '../features/session/components/lock-screen';
import { SignInForm } from '../features/session/components/sign-in-form';
import { useComposerActions } from '../features/statements/state/composer-store';
import { useBreakGlassActions } from '../features/templates/state/break-glass-store';
import { useTemplateUiActions } from '../features/templates/state/template-ui-store';
import { errorMessage } from '../lib/call';
import { useWorkspaceActions } from '../lib/workspace-store';
import { MainScreen } from './main-screen';
import { useServerEvents } from './use-server-events';

/** Everything that runs while someone is signed in, locked or not. */
function SignedInServices({ children }: { readonly children: ReactNode }) {
  useServerEvents();
  return (
    <>
      <AlarmController />
      {children}
    </>
  );
}

function LockedAlertSummary() {
  const { live } = useAlerts();
  if (live.length === 0) return null;
  return (
    <p className="notice notice--error" role="alert">
      ALERT: {live.length} unverified {live.length === 1 ? 'item is' : 'items are'} live. Unlock to act.
    </p>
  );
}

/** Drops the previous person's data and UI state when the signed-in account changes. */
function useForgetOnPersonChange(accountId: string | null | undefined): void {
  const queryClient = useQueryClient();
  const { feedUiReset } = useFeedUiActions();
  const { alertsReset } = useAlertActions();
  const { workspaceReset } = useWorkspaceActions();
  const { composerReset } = useComposerActions();
  const { templateUiReset } = useTemplateUiActions();
  const { breakGlassAlertsReset } = useBreakGlassActions();
  const { correctionsReset } = useCorrectionActions();
  const previous = useRef(accountId);
  useEffect(() => {
    const before = previous.current;
    previous.current = accountId;
    // Only a person who was signed in leaves something behind (first sign-in has nothing to drop,
    // and dropping then would pull the new person's first reads from under the screen).
    if (before === undefined || before === null || before === accountId) return;
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKeys.all[0] && q.queryKey[0] !== 'status' && q.queryKey[0] !== 'demo' });
    feedUiReset();
    alertsReset();
    workspaceReset();
    composerReset();
    templateUiReset();
    breakGlassAlertsReset();
    correctionsReset();
  }, [accountId, queryClient, feedUiReset, alertsReset, workspaceReset, composerReset, templateUiReset, breakGlassAlertsReset, correctionsReset]);
}

export function AuthGate() {
  const session = useSession();
  useForgetOnPersonChange(session.data ? (sessionAccount(session.data)?.id ?? null) : undefined);
  useIdleLockWatch(session.data, session.dataUpdatedAt);

  if (session.isPending) {
    return (
      <main className="auth-screen" aria-busy="true">
        <p>Connecting to the Control Room core…</p>
      </main>
    );
  }
  if (session.isError) {
    return (
      <main className="auth-screen" data-testid="gate-error">
        <div className="auth-card">
          <p className="auth-card__brand">Control Room</p>
          <ErrorNotice>{errorMessage(session.error)}</ErrorNotice>
          <button type="button" className="button" onClick={() => void session.refetch()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (!session.data.hasAccounts) return <FirstAdminForm />;
  const s = session.data.session;
  switch (s.state) {
    case 'signed-out':
      return <SignInForm />;
    case 'locked':
      return (
        <SignedInServices>
          <LockScreen account={s.account} reason={s.reason} summary={<LockedAlertSummary />} />
        </SignedInServices>
      );
    case 'must-change-passphrase':
      // Nothing from the channels until a new passphrase is chosen (the core sends none either).
      return <ForcedPassphraseChange account={s.account} />;
    case 'active':
      return (
        <SignedInServices>
          <MainScreen account={s.account} />
        </SignedInServices>
      );
  }
}
