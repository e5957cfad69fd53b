// The way every form here treats what was typed: nothing is flagged until the first submit; a
// submit with problems shows them on their fields and moves focus to the first; a clean one runs.
import { useState, type FormEvent, type RefObject } from 'react';

/** Moves focus to the first field the person has to fix. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
}

export interface CheckedForm {
  /** A field's problem, once the person has tried to submit. */
  show(problem: string | null): string | null;
  /** The form's onSubmit: runs `valid` only when no field has a problem. */
  submit(valid: () => void): (e: FormEvent) => void;
  /** Back to "not tried yet" (after a success clears the fields). */
  reset(): void;
}

export function useCheckedForm(problems: Readonly<Record<string, string | null>>, form: RefObject<HTMLFormElement | null>): CheckedForm {
  const [checked, setChecked] = useState(false);
  return {
    show: (problem) => (checked ? problem : null),
    submit: (valid) => (e) => {
      e.preventDefault();
      setChecked(true);
      if (Object.values(problems).some((p) => p !== null)) {
        requestAnimationFrame(() => focusFirstInvalid(form.current));
        return;
      }
      valid();
    },
    reset: () => setChecked(false),
  };
}
