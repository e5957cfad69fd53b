// An admin sets a one-time passphrase for someone who forgot theirs (or whose account may be in
// the wrong hands): their sessions end at once, and their next sign-in asks them to choose their
// own. The admin's passphrase is confirmed first, as for every account change.
import { useState, type FormEvent } from 'react';
import type { AccountViewData } from '../../../../electron/shared/contract';
import { minPassphraseLength } from '../../../../electron/shared/rules';
import { Dialog } from '../../../components/dialog';
import { Field } from '../../../components/field';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { confirmProblem, newPassphraseProblem } from '../../../lib/credential-rules';
import { useResetPassphrase } from '../api/accounts';

export function ResetPassphraseDialog({ account, onClose }: { readonly account: AccountViewData; readonly onClose: () => void }) {
  const reset = useResetPassphrase();
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [checked, setChecked] = useState(false);
  const problems = { passphrase: newPassphraseProblem(passphrase), again: confirmProblem(passphrase, again) };
  const show = (p: string | null) => (checked ? p : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (problems.passphrase || problems.again) return;
    reset.mutate({ accountId: account.id, newPassphrase: passphrase });
  };

  return (
    <Dialog title={`Reset the passphrase of ${account.displayName}`} onClose={onClose} testId="reset-passphrase-dialog">
      {reset.isSuccess ? (
        <>
          <StatusNotice testId="reset-passphrase-done">
            Done. {account.displayName} was signed out everywhere; at their next sign-in, with the passphrase you set, they must choose their own.
          </StatusNotice>
          <div className="form__actions">
            <button type="button" className="button button--primary" onClick={onClose} autoFocus>
              Close
            </button>
          </div>
        </>
      ) : (
        <form className="form" onSubmit={submit} noValidate aria-label={`Reset the passphrase of ${account.displayName}`}>
          <p className="dialog__text">
            {account.displayName} ({account.username}) is signed out at once. Hand the one-time passphrase over in person: it only lets them choose their own.
          </p>
          <Field
            label="One-time passphrase"
            type="password"
            autoComplete="new-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            error={show(problems.passphrase)}
            hint={`At least ${minPassphraseLength} characters, and not containing their username.`}
            data-testid="reset-passphrase-new"
            autoFocus
          />
          <Field label="One-time passphrase again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} error={show(problems.again)} data-testid="reset-passphrase-again" />
          <ErrorNotice testId="reset-passphrase-error">{reset.isError ? errorMessage(reset.error) : null}</ErrorNotice>
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={reset.isPending} data-testid="reset-passphrase-submit">
              {reset.isPending ? 'Resetting…' : 'Reset passphrase'}
            </button>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
