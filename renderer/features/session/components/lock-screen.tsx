// The locked window: who it belongs to, why it locked, and the passphrase to unlock it. The
// feeds keep updating underneath and the alarm keeps sounding, but nothing is shown until the
// passphrase is typed (an unattended desk must not become a way in).
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { AccountViewData } from '../../../../electron/shared/contract';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { requiredProblem } from '../../../lib/credential-rules';
import { useSignOut, useUnlock } from '../api/session';
import { AuthLayout, focusFirstInvalid } from './auth-layout';

export interface LockScreenProps {
  readonly account: AccountViewData;
  readonly reason: 'idle' | 'manual';
  /** A line about the channels (e.g. an alert count) that is safe to show while locked. */
  readonly summary?: ReactNode;
}

export function LockScreen({ account, reason, summary }: LockScreenProps) {
  const [passphrase, setPassphrase] = useState('');
  const [checked, setChecked] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const unlock = useUnlock();
  const signOut = useSignOut();
  const problem = requiredProblem(passphrase, 'your passphrase');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (problem) {
      requestAnimationFrame(() => focusFirstInvalid(form.current));
      return;
    }
    unlock.mutate({ passphrase });
  };

  return (
    <AuthLayout title="Locked" testId="lock-screen">
      <p className="auth-card__lead">
        {reason === 'idle' ? 'This window locked itself after a while without activity. ' : 'This window was locked. '}
        It belongs to <strong>{account.displayName}</strong> ({account.username}, {account.role}).
      </p>
      {summary}
      <form ref={form} className="form" onSubmit={submit} noValidate aria-label="Unlock">
        <Field
          label="Passphrase"
          name="passphrase"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          error={checked ? problem : null}
          data-testid="unlock-passphrase"
          autoFocus
        />
        <ErrorNotice testId="unlock-error">{unlock.isError ? errorMessage(unlock.error) : null}</ErrorNotice>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={unlock.isPending} data-testid="unlock-submit">
            {unlock.isPending ? 'Unlocking…' : 'Unlock'}
          </button>
          <button type="button" className="button" onClick={() => signOut.mutate({})} data-testid="lock-sign-out">
            Sign out (switch person)
          </button>
        </div>
        <ErrorNotice>{signOut.isError ? errorMessage(signOut.error) : null}</ErrorNotice>
      </form>
    </AuthLayout>
  );
}
