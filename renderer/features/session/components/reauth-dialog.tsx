// Asks for the passphrase again before a privileged action (account changes, approvals, unfreeze)
// and lets the waiting call retry. Cancelling leaves the action undone and says so.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../../components/dialog';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/notice';
import { callOrThrow, errorMessage } from '../../../lib/call';
import { useReauthActions, useReauthRequest } from '../../../lib/reauth-store';
import { useTransport } from '../../../lib/transport-context';
import { authFormMeta } from '../api/session';

export function ReauthDialog() {
  const why = useReauthRequest();
  if (why === null) return null;
  return <ReauthForm why={why} />;
}

function ReauthForm({ why }: { readonly why: string }) {
  const transport = useTransport();
  const { reauthSettled } = useReauthActions();
  const [passphrase, setPassphrase] = useState('');
  const [checked, setChecked] = useState(false);
  const confirm = useMutation({
    meta: authFormMeta,
    mutationFn: (p: string) => callOrThrow(transport, 'accounts.reauthenticate', { passphrase: p }),
    onSuccess: () => reauthSettled(true),
  });
  const problem = passphrase === '' ? 'Enter your passphrase.' : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (!problem) confirm.mutate(passphrase);
  };

  return (
    <Dialog title="Confirm your passphrase" onClose={() => reauthSettled(false)} testId="reauth-dialog" description={why}>
      <form className="form" onSubmit={submit} noValidate aria-label="Confirm your passphrase">
        <p className="dialog__text">This action needs your passphrase typed in the last few minutes.</p>
        <Field
          label="Passphrase"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          error={checked ? problem : null}
          data-testid="reauth-passphrase"
          autoFocus
        />
        <ErrorNotice testId="reauth-error">{confirm.isError ? errorMessage(confirm.error) : null}</ErrorNotice>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={confirm.isPending} data-testid="reauth-submit">
            {confirm.isPending ? 'Checking…' : 'Confirm and continue'}
          </button>
          <button type="button" className="button" onClick={() => reauthSettled(false)}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
