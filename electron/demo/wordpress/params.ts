// Request parameter parsing in WordPress's terms, built on zod. Each parameter parser checks a value
// the way rest_validate_value_from_schema() does and fails with WordPress's own sentence ("per_page
// must be between 1 (inclusive) and 100 (inclusive)"), so a bad request gets the same
// `rest_invalid_param` body from the demo as from a real site.
import { z } from 'zod';
import { invalidParams } from './errors';

/** A failed check carries WordPress's error code too (rest_invalid_type, rest_out_of_bounds...). */
export interface CheckFailure {
  readonly ok: false;
  readonly message: string;
  readonly code: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export type Check<T> = (value: unknown) => { readonly ok: true; readonly value: T } | CheckFailure;

/** Wraps a WordPress-style check as a zod schema; an absent parameter parses to undefined. */
export function wpParam<T>(check: Check<T>) {
  return z
    .unknown()
    .transform((value, ctx): T | undefined => {
      if (value === undefined) return undefined;
      const result = check(value);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message, params: { wpCode: result.code, wpData: result.data ?? null } });
      return z.NEVER;
    })
    .optional();
}

export const ok = <T>(value: T) => ({ ok: true, value }) as const;
export const fail = (message: string, code: string, data?: Readonly<Record<string, unknown>>): CheckFailure =>
  data === undefined ? { ok: false, message, code } : { ok: false, message, code, data };

/** wp_sprintf('%l'): "a", "a and b", "a, b, and c". */
function listSentence(values: readonly string[]): string {
  if (values.length <= 2) return values.join(' and ');
  return `${values.slice(0, -1).join(', ')}, and ${values[values.length - 1] ?? ''}`;
}

// PHP's is_numeric(): optional sign, digits with an optional fraction, optional exponent.
const numeric = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function toNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && numeric.test(value)) return Number(value);
  return null;
}

export function checkInteger(name: string, bounds: { readonly minimum?: number; readonly maximum?: number } = {}): Check<number> {
  return (value) => {
    const number = toNumber(value);
    if (number === null || !Number.isInteger(number)) return fail(`${name} is not of type integer.`, 'rest_invalid_type');
    const { minimum, maximum } = bounds;
    if (minimum !== undefined && maximum !== undefined && (number < minimum || number > maximum)) {
      return fail(`${name} must be between ${minimum} (inclusive) and ${maximum} (inclusive)`, 'rest_out_of_bounds');
    }
    if (minimum !== undefined && maximum === undefined && number < minimum) {
      return fail(`${name} must be greater than or equal to ${minimum}`, 'rest_out_of_bounds');
    }
    return ok(number);
  };
}

export function checkString(name: string): Check<string> {
  return (value) => (typeof value === 'string' ? ok(value) : fail(`${name} is not of type string.`, 'rest_invalid_type'));
}

export function checkEnum<const T extends string>(name: string, values: readonly T[]): Check<T> {
  return (value) => {
    if (typeof value !== 'string') return fail(`${name} is not of type string.`, 'rest_invalid_type');
    const found = values.find((candidate) => candidate === value);
    if (found !== undefined) return ok(found);
    const message = values.length === 1 ? `${name} is not ${values[0] ?? ''}.` : `${name} is not one of ${listSentence(values)}.`;
    return fail(message, 'rest_not_in_enum');
  };
}

/** rest_is_boolean() + rest_sanitize_boolean(): true/false, 1/0, "true"/"false", "1"/"0", "". */
export function checkBoolean(name: string): Check<boolean> {
  return (value) => {
    if (typeof value === 'boolean') return ok(value);
    if (value === 0 || value === 1) return ok(value === 1);
    if (typeof value === 'string' && ['true', 'false', '1', '0', ''].includes(value.toLowerCase())) {
      return ok(value.toLowerCase() === 'true' || value === '1');
    }
    return fail(`${name} is not of type boolean.`, 'rest_invalid_type');
  };
}

// rest_parse_date(): RFC 3339 with a space allowed for T, optional fraction and zone.
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * A date-time parameter as epoch ms, truncated to whole seconds (WordPress stores seconds). A time
 * without a zone is in the site's zone, which is UTC here, as on a fresh install.
 */
export function parseWpDate(value: string): number | null {
  const match = rfc3339.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, zone] = match;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(base)) return null;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
  }
  return base - offsetMinutes * 60_000;
}

export function checkDate(name: string): Check<number> {
  return (value) => {
    if (typeof value !== 'string') return fail(`${name} is not of type string.`, 'rest_invalid_type');
    const ms = parseWpDate(value);
    return ms === null ? fail('Invalid date.', 'rest_invalid_date') : ok(ms);
  };
}

/** rest_sanitize_array(): a list ("a,b c") or a real array; objects with other keys are not arrays. */
function toList(value: unknown): unknown[] | null {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((item) => item !== '');
  if (typeof value === 'number' || typeof value === 'boolean') return [value];
  if (Array.isArray(value)) return value;
  return null;
}

export function checkArray<T>(name: string, item: (itemName: string) => Check<T>): Check<T[]> {
  return (value) => {
    const list = toList(value);
    if (list === null) return fail(`${name} is not of type array.`, 'rest_invalid_type');
    const out: T[] = [];
    for (const [index, entry] of list.entries()) {
      const result = item(`${name}[${index}]`)(entry);
      if (!result.ok) return result;
      out.push(result.value);
    }
    return ok(out);
  };
}

/**
 * Parses `input` with a schema of wpParam fields. Failures become one `rest_invalid_param` error
 * listing every bad parameter with its first message, like WP_REST_Request::sanitize_params().
 */
export function parseParams<S extends z.ZodObject>(schema: S, input: Readonly<Record<string, unknown>>): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const params: Record<string, string> = {};
  const details: Record<string, unknown> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'body');
    if (params[key] !== undefined) continue;
    params[key] = issue.message;
    const extra = issue.code === 'custom' ? issue.params : undefined;
    details[key] = { code: extra?.['wpCode'] ?? 'rest_invalid_param', message: issue.message, data: extra?.['wpData'] ?? null };
  }
  throw invalidParams(params, details);
}

/** A request body or query string must be a key/value object; zod says so before anything reads it. */
export const paramRecord = z.record(z.string(), z.unknown());

export function asParamRecord(value: unknown): Record<string, unknown> {
  if (!paramRecord.safeParse(value).success || typeof value !== 'object' || value === null) return {};
  // Own entries copied with Object.fromEntries, so a "__proto__" key stays a plain key and can
  // never swap the object's prototype (zod's output is built by assignment).
  return Object.fromEntries(Object.entries(value));
}
