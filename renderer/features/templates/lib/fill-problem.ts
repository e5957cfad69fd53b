// Where a refused fill belongs on the workbench: the core names the placeholder it refuses as an
// issue at `values.<name>` (the fill input's path), so the message goes next to that field; a
// refusal about no placeholder shown here stays under the fields. The wording is never searched.
import { CallError, errorMessage } from '../../../lib/call';

export interface FillProblem {
  /** The placeholder the problem is about, or null for a problem with the whole fill. */
  readonly placeholder: string | null;
  readonly message: string;
}

export function fillProblem(err: unknown, placeholders: readonly string[]): FillProblem {
  const issues = err instanceof CallError ? err.issues : [];
  for (const issue of issues) {
    const name = issue.path.startsWith('values.') ? issue.path.slice('values.'.length) : null;
    if (name !== null && placeholders.includes(name)) return { placeholder: name, message: issue.message };
  }
  return { placeholder: null, message: errorMessage(err) };
}
