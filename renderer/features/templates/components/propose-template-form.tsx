// Proposing a holding statement (supervisors): a name, the words per channel, and placeholders in
// braces ({time}, {date}, {channels}) for what is only known on the night. A second supervisor
// then approves the exact text; until then it cannot be published alone. A refusal keeps every
// word typed.
import { useId, useState, type FormEvent } from 'react';
import { Field } from '../../../components/field';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useTemplateMutations } from '../api/templates';

interface Draft {
  readonly name: string;
  readonly xText: string;
  readonly webTitle: string;
  readonly webHtml: string;
  readonly emailSubject: string;
  readonly emailText: string;
}

const empty: Draft = { name: '', xText: '', webTitle: '', webHtml: '', emailSubject: '', emailText: '' };

function Area({ label, value, onChange, testId }: { label: string; value: string; onChange: (v: string) => void; testId: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <textarea id={id} className="field__input" rows={3} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </div>
  );
}

export function ProposeTemplateForm() {
  const { propose } = useTemplateMutations();
  const [draft, setDraft] = useState<Draft>(empty);
  const [checked, setChecked] = useState(false);
  const edit = (field: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const nameProblem = draft.name.trim() === '' ? 'Give the holding statement a name.' : null;
  const noVariant = !draft.xText.trim() && !draft.webHtml.trim() && !draft.emailText.trim() ? 'Write at least one channel’s text.' : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (nameProblem || noVariant) return;
    propose.mutate(
      {
        name: draft.name.trim(),
        title: draft.webTitle || draft.emailSubject || draft.name.trim(),
        variants: {
          ...(draft.xText.trim() ? { x: { text: draft.xText } } : {}),
          ...(draft.webHtml.trim() ? { website: { title: draft.webTitle, html: draft.webHtml } } : {}),
          ...(draft.emailText.trim() ? { email: { subject: draft.emailSubject, text: draft.emailText, html: '' } } : {}),
        },
      },
      {
        onSuccess: () => {
          setDraft(empty);
          setChecked(false);
        },
      },
    );
  };

  return (
    <details className="propose-template">
      <summary>Propose a new holding statement</summary>
      <form className="form" onSubmit={submit} noValidate aria-label="Propose a holding statement" data-testid="propose-template">
        <p className="field__hint">Use {'{time}'}, {'{date}'} and {'{channels}'} for what is only known on the night. A second supervisor must approve it.</p>
        <Field label="Name" value={draft.name} onChange={(e) => edit('name')(e.target.value)} error={checked ? nameProblem : null} data-testid="propose-name" />
        <Area label="X text" value={draft.xText} onChange={edit('xText')} testId="propose-x" />
        <Field label="Website title" value={draft.webTitle} onChange={(e) => edit('webTitle')(e.target.value)} />
        <Area label="Website body (HTML)" value={draft.webHtml} onChange={edit('webHtml')} testId="propose-web" />
        <Field label="Email subject" value={draft.emailSubject} onChange={(e) => edit('emailSubject')(e.target.value)} />
        <Area label="Email text" value={draft.emailText} onChange={edit('emailText')} testId="propose-email" />
        <ErrorNotice>{propose.isError ? errorMessage(propose.error) : checked ? noVariant : null}</ErrorNotice>
        {propose.isSuccess && !checked ? <StatusNotice>Proposed “{propose.data.name}”: it needs a second supervisor’s approval.</StatusNotice> : null}
        <div className="form__actions">
          <button type="submit" className="button" disabled={propose.isPending} data-testid="propose-submit">
            {propose.isPending ? 'Proposing…' : 'Propose for approval'}
          </button>
        </div>
      </form>
    </details>
  );
}
