// One composer field, with the channel's own count beside it when the channel limits it. The count
// is tied to the field (aria-describedby), so it is read when the field is focused, not on every
// keystroke; going over the limit shows in words and in colour.
import { useId } from 'react';
import type { FieldCount } from '../../../../electron/shared/text-limits';
import { countText } from '../lib/live-checks';
import { useComposerActions, type DraftField } from '../state/composer-store';

interface FieldProps {
  readonly label: string;
  readonly field: DraftField;
  readonly value: string;
  readonly count?: FieldCount | undefined;
  readonly hint?: string;
}

function Described({ id, count, hint }: { readonly id: string; readonly count: FieldCount | undefined; readonly hint: string | undefined }) {
  return (
    <>
      {count ? (
        <p id={`${id}-count`} className={`field__count${count.count > count.limit ? ' field__count--over' : ''}`} data-testid={`count-${count.channel}-${count.field}`}>
          {countText(count)}
        </p>
      ) : null}
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
    </>
  );
}

function describedBy(id: string, count: FieldCount | undefined, hint: string | undefined): string | undefined {
  const ids = [count ? `${id}-count` : null, hint ? `${id}-hint` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A text input, or a text area when `rows` is given. */
export function ComposerField({ label, field, value, count, hint, rows }: FieldProps & { readonly rows?: number }) {
  const id = useId();
  const { draftEdited } = useComposerActions();
  const over = count !== undefined && count.count > count.limit;
  const common = {
    id,
    className: 'field__input',
    value,
    'aria-describedby': describedBy(id, count, hint),
    'aria-invalid': over || undefined,
    'data-testid': `composer-${field}`,
  };
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {rows === undefined ? (
        <input {...common} onChange={(e) => draftEdited(field, e.target.value)} />
      ) : (
        <textarea {...common} rows={rows} onChange={(e) => draftEdited(field, e.target.value)} />
      )}
      <Described id={id} count={count} hint={hint} />
    </div>
  );
}
