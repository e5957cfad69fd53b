// First start: there are no accounts yet, so the person at the screen creates the first admin
// (and is signed in as them). Everything typed stays in the fields when something is refused.
import { useRef, useState, type FormEvent } from 'react';
import { minPassphraseLength } from '../../../../electron/shared/rules';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { confirmProblem, displayNameProblem, newPassphraseProblem, usernameProblem } from '../../../lib/credential-rules';
import { useCreateFirstAdmin } from '../api/session';
import { AuthLayout, focusFirstInvalid } from './auth-layout';

export function FirstAdminForm() {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [checked, setChecked] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const create = useCreateFirstAdmin();

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
    if (Object.values(problems).some((p) => p !== null)) {
      requestAnimationFrame(() => focusFirstInvalid(form.current));
      return;
    }
    create.mutate({ username: username.trim(), displayName: displayName.trim(), passphrase });
  };

  return (
    <AuthLayout title="Create the first admin" testId="first-run">
      <p className="auth-card__lead">
        This Control Room has no accounts yet. Create the first admin: they can add the desk operators and supervisors
        afterwards in Settings.
      </p>
      <form ref={form} className="form" onSubmit={submit} noValidate aria-label="Create the first admin">
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={show(problems.username)}
          hint="3 to 32 characters: a-z, digits, dot, dash or underscore."
          data-testid="first-admin-username"
        />
        <Field
          label="Display name"
          name="displayName"
          autoComplete="name"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={show(problems.displayName)}
          hint="Shown in approvals and the audit log, e.g. J. Smith."
          data-testid="first-admin-display-name"
        />
        <Field
          label="Passphrase"
          name="passphrase"
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          error={show(problems.passphrase)}
          hint={`At least ${minPassphraseLength} characters; a few unrelated words work well.`}
          data-testid="first-admin-passphrase"
        />
        <Field
          label="Passphrase again"
          name="confirmation"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
          error={show(problems.confirmation)}
          data-testid="first-admin-confirmation"
        />
        <ErrorNotice testId="first-admin-error">{create.isError ? errorMessage(create.error) : null}</ErrorNotice>
        <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="first-admin-submit">
          {create.isPending ? 'Creating…' : 'Create admin and sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
