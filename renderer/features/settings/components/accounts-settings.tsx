// Accounts: everyone sees who may act; admins create accounts, change roles, disable or enable
// them and reset a passphrase (each change asks for the admin's passphrase if it was not typed in
// the last minutes).
import { useState, type FormEvent } from 'react';
import type { AccountViewData, Role } from '../../../../electron/shared/contract';
import { Field } from '../../../components/field';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { useAccounts } from '../../../lib/api/accounts';
import { errorMessage } from '../../../lib/call';
import { confirmProblem, displayNameProblem, newPassphraseProblem, usernameProblem } from '../../../lib/credential-rules';
import { useCreateAccount, useDisableAccount, useEnableAccount, useSetRole } from '../api/accounts';
import { ResetPassphraseDialog } from './reset-passphrase-dialog';

const roleOptions: readonly { value: Role; label: string }[] = [
  { value: 'operator', label: 'Desk operator' },
  { value: 'supervisor', label: 'Supervisor' },
  { value: 'admin', label: 'Admin' },
];

export function AccountsSettings({ me }: { readonly me: AccountViewData }) {
  const accounts = useAccounts();
  const setRole = useSetRole();
  const disable = useDisableAccount();
  const enable = useEnableAccount();
  const isAdmin = me.role === 'admin';
  const [resetting, setResetting] = useState<AccountViewData | null>(null);
  const failure = [setRole, disable, enable].find((m) => m.isError);

  return (
    <section className="panel" aria-labelledby="accounts-title" data-testid="settings-accounts">
      <h2 id="accounts-title" className="panel__title">
        Accounts
      </h2>
      {!isAdmin ? <p className="panel__lead">Only an admin can change accounts.</p> : null}
      {accounts.isPending ? <p>Loading accounts…</p> : null}
      <ErrorNotice>{accounts.isError ? errorMessage(accounts.error) : null}</ErrorNotice>
      {accounts.data ? (
        <table className="table" data-testid="accounts-table">
          <caption className="visually-hidden">Accounts of this Control Room</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              {isAdmin ? <th scope="col">Change</th> : null}
            </tr>
          </thead>
          <tbody>
            {accounts.data.map((a) => (
              <tr key={a.id} data-testid={`account-${a.username}`}>
                <th scope="row">{a.displayName}</th>
                <td>{a.username}</td>
                <td>
                  {isAdmin ? (
                    <select
                      className="field__input field__input--inline"
                      value={a.role}
                      aria-label={`Role of ${a.displayName}`}
                      onChange={(e) => setRole.mutate({ accountId: a.id, role: e.target.value as Role })}
                      data-testid={`role-${a.username}`}
                    >
                      {roleOptions.map((r) => (
                        <option key={r.value} value={r.value}>
                          {r.label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    roleOptions.find((r) => r.value === a.role)?.label
                  )}
                </td>
                <td>{a.disabled ? 'disabled' : a.mustChangePassphrase ? 'active, must choose a new passphrase' : 'active'}</td>
                {isAdmin ? (
                  <td>
                    {a.id === me.id ? (
                      <span className="detail__muted">you</span>
                    ) : (
                      <span className="table__actions">
                        {a.disabled ? (
                          <button type="button" className="button button--small" onClick={() => enable.mutate({ accountId: a.id })}>
                            Enable {a.username}
                          </button>
                        ) : (
                          <button type="button" className="button button--small" onClick={() => disable.mutate({ accountId: a.id })} data-testid={`disable-${a.username}`}>
                            Disable {a.username}
                          </button>
                        )}
                        <button type="button" className="button button--small" onClick={() => setResetting(a)} data-testid={`reset-passphrase-${a.username}`}>
                          Reset passphrase of {a.username}
                        </button>
                      </span>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ErrorNotice>{failure ? errorMessage(failure.error) : null}</ErrorNotice>
      {isAdmin ? <CreateAccountForm /> : null}
      {resetting ? <ResetPassphraseDialog account={resetting} onClose={() => setResetting(null)} /> : null}
    </section>
  );
}

function CreateAccountForm() {
  const create = useCreateAccount();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [checked, setChecked] = useState(false);
  const problems = {
    username: usernameProblem(username),
    displayName: displayNameProblem(displayName),
    passphrase: newPassphraseProblem(passphrase),
    confirmation: confirmProblem(passphrase, confirmation),
  };
  const show = (p: string | null) => (checked ? p : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (Object.values(problems).some((p) => p !== null)) return;
    create.mutate(
      { username: username.trim(), displayName: displayName.trim(), role, passphrase },
      {
        onSuccess: () => {
          // Only a success clears the form: a refusal keeps everything typed for correcting.
          setUsername('');
          setDisplayName('');
          setPassphrase('');
          setConfirmation('');
          setChecked(false);
        },
      },
    );
  };

  return (
    <form className="form form--grid" onSubmit={submit} noValidate aria-labelledby="create-account-title" data-testid="create-account">
      <h3 id="create-account-title" className="panel__subtitle">
        Create an account
      </h3>
      <Field label="Username" value={username} onChange={(e) => setUsername(e.target.value)} error={show(problems.username)} autoComplete="off" data-testid="new-username" />
      <Field label="Display name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={show(problems.displayName)} autoComplete="off" data-testid="new-display-name" />
      <div className="field">
        <label htmlFor="new-account-role" className="field__label">
          Role
        </label>
        <select id="new-account-role" className="field__input" value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="new-role">
          {roleOptions.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <Field label="First passphrase" type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} error={show(problems.passphrase)} autoComplete="new-password" hint="Hand it over in person; they can change it later." data-testid="new-passphrase" />
      <Field label="Passphrase again" type="password" value={confirmation} onChange={(e) => setConfirmation(e.target.value)} error={show(problems.confirmation)} autoComplete="new-password" data-testid="new-confirmation" />
      <ErrorNotice testId="create-account-error">{create.isError ? errorMessage(create.error) : null}</ErrorNotice>
      {create.isSuccess ? <StatusNotice testId="create-account-done">Created {create.data.displayName} ({create.data.role}).</StatusNotice> : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="create-account-submit">
          {create.isPending ? 'Creating…' : 'Create account'}
        </button>
      </div>
    </form>
  );
}
