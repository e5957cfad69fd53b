// One chosen holding statement: its placeholder values (defaults from the columns and channels,
// every one editable), the core's filled preview as it would go out, and the break-glass button.
// A value the core refuses (empty, too long, a link or an @mention) is explained next to its field.
import { useEffect, useState } from 'react';
import type { AccountViewData } from '../../../../electron/shared/contract';
import { maxPlaceholderInputLength } from '../../../../electron/shared/rules';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/notice';
import { ActionButton } from '../../../components/unavailable-button';
import { supervisorOnly } from '../../../lib/roles';
import { useFilledTemplate, type TemplateValues, type TemplateView } from '../api/templates';
import { fillProblem } from '../lib/fill-problem';
import { useBreakGlassOpen, useTemplateUiActions, useTemplateValues } from '../state/template-ui-store';
import { BreakGlassDialog } from './break-glass-dialog';
import { FilledPreview } from './filled-preview';

/** The values a moment after the last key, so the core fills once per pause, not per key. */
function useSettled(values: TemplateValues, ms = 250): TemplateValues {
  const [settled, setSettled] = useState(values);
  useEffect(() => {
    const t = setTimeout(() => setSettled(values), ms);
    return () => clearTimeout(t);
  }, [values, ms]);
  return settled;
}

export function TemplateWorkbench({ template, me }: { readonly template: TemplateView; readonly me: AccountViewData }) {
  const values = useTemplateValues(template.id);
  const settled = useSettled(values);
  const fill = useFilledTemplate(template.id, settled);
  const open = useBreakGlassOpen();
  const { placeholderEdited, breakGlassOpened, breakGlassClosed } = useTemplateUiActions();
  const problem = fill.isError ? fillProblem(fill.error, template.placeholders) : null;
  const current = fill.data && !fill.isPlaceholderData && settled === values && !fill.isError ? fill.data : undefined;
  const unavailable =
    supervisorOnly(me.role, 'publish a holding statement alone') ??
    (!template.preApproved ? 'not pre-approved by two supervisors yet' : !current ? 'waiting for the filled statement' : current.violations.length > 0 ? 'fix the problems shown first' : null);

  return (
    <section className="template-workbench" aria-labelledby="workbench-title" data-testid="template-workbench">
      <h3 id="workbench-title" className="panel__subtitle">
        {template.name}
      </h3>
      {template.placeholders.length > 0 ? (
        <div className="form form--grid">
          {template.placeholders.map((name) => (
            <Field
              key={name}
              label={`{${name}}`}
              value={values[name] ?? ''}
              onChange={(e) => placeholderEdited(template.id, name, e.target.value)}
              maxLength={maxPlaceholderInputLength}
              {...(name === 'time' || name === 'date' ? { hint: 'When the trouble started (first unverified item); change it if needed.' } : {})}
              error={problem?.placeholder === name ? problem.message : null}
              data-testid={`template-value-${name}`}
            />
          ))}
        </div>
      ) : null}
      <ErrorNotice testId="template-fill-error">{problem && problem.placeholder === null ? problem.message : null}</ErrorNotice>
      {fill.data ? <FilledPreview template={template} filled={fill.data} /> : fill.isPending ? <p className="detail__muted">Filling the statement…</p> : null}
      <div className="form__actions">
        <ActionButton testId="break-glass-open" unavailable={unavailable} onClick={breakGlassOpened} variant="danger">
          Break glass: publish alone…
        </ActionButton>
        <span className="detail__muted">Time-boxed · alerts everyone · flagged for review</span>
      </div>
      {open ? <BreakGlassDialog template={template} values={values} filled={current} onClose={breakGlassClosed} /> : null}
    </section>
  );
}
