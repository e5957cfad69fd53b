// A short list an admin edits one entry at a time (own domains, abusive words): each entry with
// its Remove button, and a field to add one, checked by the shared rule as it is typed and by the
// core on Add. What was typed stays until the core accepts it.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Checked } from '../../../../electron/shared/rules';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/notice';

export interface ListEntry {
  readonly value: string;
  /** A word about the entry ("built-in"). */
  readonly note?: string;
}

export interface ListEditorProps {
  readonly title: string;
  /** "domain", "word": used in labels and buttons. */
  readonly noun: string;
  readonly entries: readonly ListEntry[];
  readonly empty: string;
  readonly hint: string;
  readonly check: (typed: string) => Checked<string>;
  /** Calls `done` once the core accepted it (the field is cleared then). */
  readonly onAdd: (typed: string, done: () => void) => void;
  readonly onRemove: (value: string) => void;
  /** The typed entry changed: the core's answer about the previous one no longer applies. */
  readonly onEdit: () => void;
  readonly pending: boolean;
  /** The core's words about the typed entry. */
  readonly fieldError: string | null;
  /** The core's words about anything else (a removal that failed). */
  readonly formError: string | null;
  readonly testId: string;
  readonly children?: ReactNode;
}

export function ListEditor(p: ListEditorProps) {
  const [typed, setTyped] = useState('');
  const [checked, setChecked] = useState(false);
  const result = typed.trim() === '' ? null : p.check(typed);
  const problem = result && !result.ok ? result.problem : null;
  // Shown before Add: how the entry will be stored (lower-case, punycode), when that differs.
  const storedAs = result?.ok && result.value !== typed.trim() ? `Stored as ${result.value}.` : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (result === null || problem) return;
    p.onAdd(typed, () => {
      setTyped('');
      setChecked(false);
    });
  };

  return (
    <div className="list-editor" data-testid={p.testId}>
      <h3 className="panel__subtitle">{p.title}</h3>
      {p.entries.length === 0 ? <p className="detail__muted">{p.empty}</p> : null}
      <ul className="list-editor__entries">
        {p.entries.map((entry) => (
          <li key={entry.value} className="list-editor__entry">
            <span>{entry.value}</span>
            {entry.note ? <span className="detail__muted"> ({entry.note})</span> : null}
            <button type="button" className="button button--small" onClick={() => p.onRemove(entry.value)} disabled={p.pending} aria-label={`Remove ${p.noun} ${entry.value}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {p.children}
      <form className="form form--inline" onSubmit={submit} noValidate aria-label={`Add a ${p.noun}`}>
        <Field
          label={`Add a ${p.noun}`}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            p.onEdit();
          }}
          error={(checked ? problem : null) ?? p.fieldError}
          hint={storedAs ?? p.hint}
          autoComplete="off"
          spellCheck={false}
          data-testid={`${p.testId}-input`}
        />
        <button type="submit" className="button" disabled={p.pending} data-testid={`${p.testId}-add`}>
          Add
        </button>
      </form>
      <ErrorNotice>{p.formError}</ErrorNotice>
    </div>
  );
}
