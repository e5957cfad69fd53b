// An admin sets a one-time passphrase for someone who forgot theirs (or whose account may be in
// the wrong hands): their sessions end at once, and their next sign-in asks them to choose their
// own. The admin's passphrase is confirmed first, as for every account change.
import { useRef, useState } from 'react';
import type { AccountViewData } from '../../../../electron/shared/contract';
import { minPassphraseLength } from '../../../../electron/shared/rules';
import { Dialog, DialogDone } from '../../../components/dialog';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useCheckedForm } from '../../../lib/checked-form';
import { confirmProblem, newPassphraseProblem } from '../../../lib/credential-rules';
import { useResetPassphrase } from '../api/accounts';

export function ResetPassphraseDialog({ account, onClose }: { readonly account: AccountViewData; readonly onClose: () => void }) {
  const reset = useResetPassphrase();
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const problems = { passphrase: newPassphraseProblem(passphrase), again: confirmProblem(passphrase, again) };
  const { show, submit } = useCheckedForm(problems, form);

  return (
    <Dialog title={`Reset the passphrase of ${account.displayName}`} onClose={onClose} testId="reset-passphrase-dialog">
      {reset.isSuccess ? (
        <DialogDone onClose={onClose} testId="reset-passphrase-done">
          Done. {account.displayName} was signed out everywhere; at their next sign-in, with the passphrase you set, they must choose their own.
        </DialogDone>
      ) : (
        <form ref={form} className="form" onSubmit={submit(() => reset.mutate({ accountId: account.id, newPassphrase: passphrase }))} noValidate aria-label={`Reset the passphrase of ${account.displayName}`}>
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
