// The rules every call in the IPC contract must meet, as a pure function: a zod input and output
// schema, a strict input object with bounded strings and arrays, an access declaration, and a
// reviewed reason for every call that needs no sign-in. The gate applies it to
// electron/shared/contract.ts; the mutation tests to copies with one call broken.
import { z } from 'zod';

export interface ContractReview {
  /** Calls that need no sign-in, each with the reason that is safe. */
  readonly publicCalls: readonly { readonly call: string; readonly reason: string }[];
  /** Input paths allowed to be unbounded for now, each with a reason. */
  readonly unboundedInputs: readonly { readonly path: string; readonly reason: string }[];
}

interface ZodDefLike {
  readonly type: string;
  readonly [key: string]: unknown;
}

function defOf(schema: unknown): ZodDefLike | null {
  return schema instanceof z.ZodType ? (schema.def as unknown as ZodDefLike) : null;
}

function hasMax(schema: z.ZodType): boolean {
  const checks = (defOf(schema)?.['checks'] as { _zod: { def: { check: string } } }[] | undefined) ?? [];
  // A refine() may cap a record's size; it shows as a custom check.
  return checks.some((c) => c._zod.def.check === 'max_length' || c._zod.def.check === 'custom');
}

/** A string format whose pattern cannot match more than a fixed length (uuid, ipv4...). */
function hasBoundedFormat(def: ZodDefLike): boolean {
  const pattern = def['pattern'];
  // + * and {n,} repeat without end; a format without them has a length limit built in.
  return typeof def['format'] === 'string' && pattern instanceof RegExp && !/[+*]|\{\d+,\}/.test(pattern.source.replace(/\\./g, ''));
}

/** Paths inside an input schema whose strings, arrays or records have no upper bound. */
export function unboundedPaths(schema: unknown, path: string, seen = new Set<unknown>()): string[] {
  const def = defOf(schema);
  if (!def || seen.has(schema)) return [];
  seen.add(schema);
  const inner = (s: unknown, p: string): string[] => unboundedPaths(s, p, seen);
  switch (def.type) {
    case 'string':
      return (schema as z.ZodString).maxLength === null && !hasBoundedFormat(def) ? [path] : [];
    case 'array':
      return [...(hasMax(schema as z.ZodType) ? [] : [path]), ...inner(def['element'], `${path}[]`)];
    case 'record':
      return [...(hasMax(schema as z.ZodType) ? [] : [path]), ...inner(def['keyType'], `${path}{key}`), ...inner(def['valueType'], `${path}{}`)];
    case 'object':
      return Object.entries(def['shape'] as Record<string, unknown>).flatMap(([k, v]) => inner(v, `${path}.${k}`));
    case 'union':
      return (def['options'] as unknown[]).flatMap((o) => inner(o, path));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'catch':
    case 'prefault':
    case 'nonoptional':
      return inner(def['innerType'], path);
    case 'pipe':
      return inner(def['in'], path);
    case 'number':
    case 'int':
    case 'boolean':
    case 'enum':
    case 'literal':
    case 'never':
    case 'null':
    case 'undefined':
      return [];
    default:
      // Anything else (unknown, any, lazy, custom...) cannot be shown to be bounded.
      return [`${path} (a ${def.type} schema)`];
  }
}

function isStrictObject(schema: unknown): boolean {
  const def = defOf(schema);
  if (!def) return false;
  if (def.type === 'pipe') return isStrictObject(def['in']);
  return def.type === 'object' && defOf(def['catchall'])?.type === 'never';
}

/** Every problem with this contract, each naming the call; [] when sound. */
export function checkContract(calls: Readonly<Record<string, unknown>>, roles: readonly string[], review: ContractReview): string[] {
  const problems: string[] = [];
  const reviewedPublic = new Set(review.publicCalls.map((p) => p.call));
  const allowedUnbounded = new Set(review.unboundedInputs.map((u) => u.path));
  const seenUnbounded = new Set<string>();
  for (const [name, raw] of Object.entries(calls)) {
    const def = (raw ?? {}) as Record<string, unknown>;
    if (!(def['input'] instanceof z.ZodType)) {
      problems.push(`${name} has no zod input schema: main could not validate what the renderer sends`);
    } else {
      if (!isStrictObject(def['input'])) problems.push(`${name}'s input is not a strict object (z.strictObject): unknown keys would pass silently`);
      for (const path of unboundedPaths(def['input'], name)) {
        if (allowedUnbounded.has(path)) seenUnbounded.add(path);
        else problems.push(`${path} has no maximum size: a hostile caller could send megabytes`);
      }
    }
    if (!(def['output'] instanceof z.ZodType)) {
      problems.push(`${name} has no zod output schema: nothing would stop extra fields leaving main`);
    }
    const access = def['access'];
    if (access === 'public') {
      if (!reviewedPublic.has(name)) problems.push(`${name} is public (no sign-in) but not reviewed: add it with a reason to security/contract-review.json`);
    } else if (!Array.isArray(access) || access.length === 0) {
      problems.push(`${name} has no access declaration (public or a list of roles)`);
    } else {
      for (const role of access) if (!roles.includes(String(role))) problems.push(`${name} names an unknown role ${JSON.stringify(role)}`);
    }
    if (typeof def['summary'] !== 'string' || def['summary'].trim() === '') problems.push(`${name} has no summary`);
  }
  for (const call of reviewedPublic) {
    const def = calls[call] as { access?: unknown } | undefined;
    if (!def || def.access !== 'public') problems.push(`security/contract-review.json lists ${call} as public, but the contract does not: remove the stale entry`);
  }
  for (const path of allowedUnbounded) {
    if (!seenUnbounded.has(path)) problems.push(`security/contract-review.json allows ${path} to be unbounded, but it is bounded or gone: remove the stale entry`);
  }
  return problems;
}
