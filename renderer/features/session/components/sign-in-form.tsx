// Sign-in on this window. Each window (each browser-mode connection) signs in on its own.
import { useRef, useState, type FormEvent } from 'react';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { requiredProblem } from '../../../lib/credential-rules';
import { useSignIn } from '../api/session';
import { AuthLayout, focusFirstInvalid } from './auth-layout';

export function SignInForm({ note }: { readonly note?: string | null }) {
  const [username, setUsername] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [checked, setChecked] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const signIn = useSignIn();

  const problems = { username: requiredProblem(username.trim(), 'your username'), passphrase: requiredProblem(passphrase, 'your passphrase') };
  const show = (p: string | null) => (checked ? p : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (problems.username || problems.passphrase) {
      requestAnimationFrame(() => focusFirstInvalid(form.current));
      return;
    }
    signIn.mutate({ username: username.trim(), passphrase });
  };

  return (
    <AuthLayout title="Sign in" testId="sign-in">
      {note ? <p className="auth-card__lead">{note}</p> : null}
      <form ref={form} className="form" onSubmit={submit} noValidate aria-label="Sign in">
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={show(problems.username)}
          data-testid="sign-in-username"
        />
        <Field
          label="Passphrase"
          name="passphrase"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          error={show(problems.passphrase)}
          data-testid="sign-in-passphrase"
        />
        <ErrorNotice testId="sign-in-error">{signIn.isError ? errorMessage(signIn.error) : null}</ErrorNotice>
        <button type="submit" className="button button--primary" disabled={signIn.isPending} data-testid="sign-in-submit">
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-card__hint">No account? Ask an admin of this Control Room to create one for you.</p>
    </AuthLayout>
  );
}
