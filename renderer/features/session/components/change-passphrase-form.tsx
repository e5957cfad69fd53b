// Choosing a new passphrase: the current one (checked by the core, throttled like sign-in), the
// new one twice. Used from the account menu and on the screen a reset passphrase leads to. What
// was typed stays in the fields when the core refuses it.
import { useRef, useState, type ReactNode } from 'react';
import { minPassphraseLength } from '../../../../electron/shared/rules';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useCheckedForm } from '../../../lib/checked-form';
import { confirmProblem, newPassphraseProblem, requiredProblem } from '../../../lib/credential-rules';
import { useChangeOwnPassphrase } from '../api/session';

export interface ChangePassphraseFormProps {
  /** "Current passphrase", or the one an admin handed over. */
  readonly currentLabel: string;
  readonly onChanged?: () => void;
  /** Buttons beside Change (Cancel, Sign out). */
  readonly actions?: ReactNode;
}

export function ChangePassphraseForm({ currentLabel, onChanged, actions }: ChangePassphraseFormProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const change = useChangeOwnPassphrase();
  const problems = {
    current: requiredProblem(current, currentLabel.toLowerCase()),
    next: newPassphraseProblem(next) ?? (next === current ? 'Choose a passphrase different from the current one.' : null),
    again: confirmProblem(next, again),
  };
  const { show, submit } = useCheckedForm(problems, form);
  const onSubmit = submit(() => change.mutate({ currentPassphrase: current, newPassphrase: next }, { onSuccess: () => onChanged?.() }));

  return (
    <form ref={form} className="form" onSubmit={onSubmit} noValidate aria-label="Change passphrase" data-testid="change-passphrase">
      <Field label={currentLabel} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={show(problems.current)} data-testid="change-passphrase-current" autoFocus />
      <Field
        label="New passphrase"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={show(problems.next)}
        hint={`At least ${minPassphraseLength} characters; a few unrelated words work well. Your other sessions are signed out.`}
        data-testid="change-passphrase-new"
      />
      <Field label="New passphrase again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} error={show(problems.again)} data-testid="change-passphrase-again" />
      <ErrorNotice testId="change-passphrase-error">{change.isError ? errorMessage(change.error) : null}</ErrorNotice>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={change.isPending} data-testid="change-passphrase-submit">
          {change.isPending ? 'Changing…' : 'Change passphrase'}
        </button>
        {actions}
      </div>
    </form>
  );
}
