// The core's answer to a refused form, split per field so each message appears next to the field
// it is about. A BAD_INPUT carries its problems as issues with input paths ("channel.siteUrl");
// the path without the call's wrapper ("channel.") and without list positions is the field key.
// The message's wording is never read: anything not about a field (a wrong password, an
// unreachable host, an issue about the whole input) stays a form-level message.
import { CallError } from '../../../lib/call';

export interface FormProblems {
  /** Field key (e.g. "siteUrl", "smtp.host", "to") -> the core's words about it. */
  readonly fields: Readonly<Record<string, string>>;
  readonly form: string | null;
}

export const noProblems: FormProblems = { fields: {}, form: null };

export function fieldKey(path: string, wrapper: string | null): string {
  const parts = path.split('.').filter((p) => p !== '' && !/^\d+$/.test(p));
  if (wrapper && parts[0] === wrapper) parts.shift();
  return parts.join('.');
}

/** Places a refusal's issues on their fields; a refusal without field issues is about the whole form. */
export function formProblems(err: unknown, message: string, wrapper: string | null = 'channel'): FormProblems {
  if (!(err instanceof CallError) || err.code !== 'BAD_INPUT' || err.issues.length === 0) return { fields: {}, form: message };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const issue of err.issues) {
    const key = fieldKey(issue.path, wrapper);
    if (key === '') rest.push(issue.message);
    else fields[key] ??= issue.message;
  }
  return { fields, form: rest.length > 0 ? rest.join('; ') : null };
}
