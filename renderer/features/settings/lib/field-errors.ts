// The core's answer to a refused form, split per field so each message appears next to the field
// it is about. The core names each problem by its input path ("channel.siteUrl: must use https");
// the path without the call's wrapper ("channel.") and without list positions is the field key.
// Anything not about a field (a wrong password, an unreachable host) stays a form-level message.
import { CallError } from '../../../lib/call';

export interface FormProblems {
  /** Field key (e.g. "siteUrl", "smtp.host", "to") -> the core's words about it. */
  readonly fields: Readonly<Record<string, string>>;
  readonly form: string | null;
}

const invalidPrefix = /^Invalid input for [a-zA-Z.]+: /;

export const noProblems: FormProblems = { fields: {}, form: null };

export function fieldKey(path: string, wrapper: string | null): string {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  if (wrapper && parts[0] === wrapper) parts.shift();
  return parts.join('.');
}

/** Splits a BAD_INPUT message into per-field problems; other messages are about the whole form. */
export function formProblems(err: unknown, message: string, wrapper: string | null = 'channel'): FormProblems {
  if (!(err instanceof CallError) || err.code !== 'BAD_INPUT' || !invalidPrefix.test(message)) return { fields: {}, form: message };
  const body = message.replace(invalidPrefix, '').replace(/\.$/, '');
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const issue of body.split(/; (?=[A-Za-z0-9_.]+: )/)) {
    const m = /^([A-Za-z0-9_.]+): (.*)$/s.exec(issue);
    if (!m) {
      rest.push(issue);
      continue;
    }
    const key = fieldKey(m[1]!, wrapper);
    if (key === '' || key === 'input') rest.push(m[2]!);
    else fields[key] ??= m[2]!;
  }
  return { fields, form: rest.length > 0 ? rest.join('; ') : null };
}
