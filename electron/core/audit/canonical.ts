// The byte-exact forms the audit log hashes and signs. Anything here that changes breaks every
// existing log, so the formats are versioned and spelled out:
//
// details  canonical JSON (compatible with RFC 8785 / JCS for the values accepted): object keys
//          sorted by UTF-16 code units (Array.prototype.sort), no whitespace, strings and numbers
//          as ECMAScript JSON.stringify writes them, keys whose value is undefined omitted.
//          Refused: NaN/Infinity, bigint, functions, symbols, undefined in arrays, cycles,
//          non-plain objects (Date, Map, class instances), nesting deeper than 16.
// entry    hash = lowercase hex SHA-256 of the UTF-8 bytes of
//            JSON.stringify([seq, at, actor, role, action, target, reason, details, prev_hash])
//          where details is the canonical details text (a JSON string inside the array, so it
//          cannot bleed into its neighbours), target/reason are strings or null, and the first
//          entry's prev_hash is GENESIS_HASH (64 zeros). Example input for entry 1:
//            [1,"2019-07-19T22:00:00.000Z","u-7","operator","freeze",null,null,"{}","000…000"]
// checkpoint  Ed25519 over the UTF-8 bytes of 'control-room-audit-checkpoint:v1:<seq>:<hash>'.
import { createHash } from 'node:crypto';
import type { AuditEntryRecord } from '../../store/records';
import { AppError } from '../../shared/result';

export const GENESIS_HASH = '0'.repeat(64);

const maxDepth = 16;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

function canonicalAt(value: unknown, path: string, depth: number, open: Set<object>): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AppError('BAD_INPUT', `${path} is ${value}: audit details take finite numbers only.`);
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') {
    throw new AppError('BAD_INPUT', `${path} is a ${typeof value}: audit details take JSON values only.`);
  }
  if (depth >= maxDepth) throw new AppError('BAD_INPUT', `${path} nests deeper than ${maxDepth} levels: keep audit details small.`);
  if (open.has(value)) throw new AppError('BAD_INPUT', `${path} refers back to itself: audit details must be a tree.`);
  open.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item: unknown, i) => {
        if (item === undefined) throw new AppError('BAD_INPUT', `${path}[${i}] is undefined: use null.`);
        return canonicalAt(item, `${path}[${i}]`, depth + 1, open);
      });
      return `[${items.join(',')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      // A Date or a class instance would serialise through toJSON/own rules that may change; say what to pass.
      throw new AppError('BAD_INPUT', `${path} is a ${describe(value)}: pass plain objects (a date as an ISO string).`);
    }
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalAt(record[key], `${path}.${key}`, depth + 1, open)}`);
    return `{${members.join(',')}}`;
  } finally {
    open.delete(value);
  }
}

/** Canonical JSON text of a JSON-like value (see the header for the exact rules). */
export function canonicalJson(value: unknown, path = 'details'): string {
  if (value === undefined) throw new AppError('BAD_INPUT', `${path} is undefined.`);
  return canonicalAt(value, path, 0, new Set());
}

/** The exact text an entry's hash is computed over. */
export function entryHashInput(entry: Omit<AuditEntryRecord, 'hash'>): string {
  return JSON.stringify([
    entry.seq,
    entry.at,
    entry.actor,
    entry.role,
    entry.action,
    entry.target,
    entry.reason,
    entry.details,
    entry.prevHash,
  ]);
}

export function hashEntry(entry: Omit<AuditEntryRecord, 'hash'>): string {
  return createHash('sha256').update(entryHashInput(entry), 'utf8').digest('hex');
}

/** The exact text a checkpoint signature covers. */
export function checkpointMessage(uptoSeq: number, hash: string): string {
  return `control-room-audit-checkpoint:v1:${uptoSeq}:${hash}`;
}
