// The append side of the audit log: validates an entry, keeps secrets out, chains it to the
// previous one and signs a checkpoint every N entries. Verification lives in verify.ts.
import type { Role } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { AuditCheckpointRecord, AuditEntryRecord } from '../../store/records';
import type { AuditRepository } from '../../store/repositories';
import type { Clock } from '../../lib/clock';
import { canonicalJson, GENESIS_HASH, hashEntry } from './canonical';
import { assertNoSecretKeys } from './secret-guard';
import { signCheckpoint, type SigningKeyProvider } from './signing';

export const auditRoles = ['operator', 'supervisor', 'admin', 'system'] as const;
export type AuditRole = Role | 'system';

export interface AuditEntryInput {
  /** A user id, or 'system' for what the app does by itself (quarantine, scheduled sends). */
  readonly actor: string;
  readonly role: AuditRole;
  /** What was done, e.g. 'freeze', 'retract', 'statement.approve'. */
  readonly action: string;
  readonly target?: string | null;
  readonly reason?: string | null;
  /** A small JSON object; keys named like secrets are refused. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditLog {
  /** Appends one entry atomically and returns it as stored. Throws BAD_INPUT for an invalid entry. */
  append(input: AuditEntryInput): Promise<AuditEntryRecord>;
  /** Signs the latest entry now; returns the checkpoint (an existing one if already signed), or null for an empty log. */
  checkpoint(): Promise<AuditCheckpointRecord | null>;
}

export interface AuditLogOptions {
  readonly repo: AuditRepository;
  readonly clock: Clock;
  readonly signingKey: SigningKeyProvider;
  /** Sign a checkpoint once this many entries follow the last one. Default 100. */
  readonly checkpointEvery?: number;
  /** An automatic checkpoint that fails (keychain locked) never costs the entry: it is reported here and retried on the next append. */
  readonly onCheckpointError?: (err: unknown) => void;
}

export const defaultCheckpointEvery = 100;

const actionPattern = /^[A-Za-z][A-Za-z0-9._:-]{0,99}$/;
const maxActor = 200;
const maxTarget = 500;
const maxReason = 2000;
const maxDetails = 16 * 1024;

function bad(message: string): AppError {
  return new AppError('BAD_INPUT', message);
}

function optionalText(value: string | null | undefined, name: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw bad(`The audit ${name} must be text or null.`);
  if (value.length > max) throw bad(`The audit ${name} is ${value.length} characters; the limit is ${max}.`);
  return value;
}

interface ValidEntry {
  readonly actor: string;
  readonly role: AuditRole;
  readonly action: string;
  readonly target: string | null;
  readonly reason: string | null;
  readonly details: string;
}

function validate(input: AuditEntryInput): ValidEntry {
  const { actor, role, action } = input;
  if (typeof actor !== 'string' || actor.trim() === '' || actor.length > maxActor || /\p{Cc}/u.test(actor)) {
    throw bad(`The audit actor must be a user id or 'system' (1 to ${maxActor} printable characters).`);
  }
  if (!(auditRoles as readonly string[]).includes(role)) throw bad(`The audit role must be one of ${auditRoles.join(', ')}.`);
  if (typeof action !== 'string' || !actionPattern.test(action)) {
    throw bad("The audit action must be a short name like 'freeze' or 'statement.approve'.");
  }
  const details = canonicalJson(input.details ?? {});
  if (!details.startsWith('{')) throw bad('The audit details must be a JSON object.');
  if (details.length > maxDetails) throw bad(`The audit details are ${details.length} characters; keep them under ${maxDetails}.`);
  // Checked on the canonical form, so whatever is stored is exactly what was checked.
  assertNoSecretKeys(JSON.parse(details));
  return {
    actor,
    role,
    action,
    target: optionalText(input.target, 'target', maxTarget),
    reason: optionalText(input.reason, 'reason', maxReason),
    details,
  };
}

export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { repo, clock, signingKey } = options;
  const every = options.checkpointEvery ?? defaultCheckpointEvery;
  if (!Number.isInteger(every) || every < 1) throw new RangeError('checkpointEvery must be a positive integer');

  return {
    append: async (input) => {
      const valid = validate(input);
      let checkpointError: unknown = null;
      const stored = await repo.write(async (tx) => {
        const head = await tx.head();
        const withoutHash = {
          seq: (head?.seq ?? 0) + 1,
          // Read inside the lock, so times follow the chain order across writers.
          at: clock.now().toISOString(),
          ...valid,
          prevHash: head?.hash ?? GENESIS_HASH,
        };
        const entry: AuditEntryRecord = { ...withoutHash, hash: hashEntry(withoutHash) };
        await tx.insertEntry(entry);
        // "At least every N" rather than "at multiples of N": a checkpoint missed because the
        // keychain was locked is made up on the next append instead of waiting N more entries.
        const lastSigned = (await tx.latestCheckpoint())?.uptoSeq ?? 0;
        if (entry.seq - lastSigned >= every) {
          try {
            await tx.insertCheckpoint(signCheckpoint(signingKey, entry.seq, entry.hash, clock.now()));
          } catch (err) {
            checkpointError = err;
          }
        }
        return entry;
      });
      // Reported after the commit: the callback is caller code and must not run under the write lock.
      if (checkpointError !== null) options.onCheckpointError?.(checkpointError);
      return stored;
    },

    checkpoint: () =>
      repo.write(async (tx) => {
        const head = await tx.head();
        if (!head) return null;
        const latest = await tx.latestCheckpoint();
        if (latest && latest.uptoSeq === head.seq && latest.keyId === signingKey.keyId) return latest;
        const record = signCheckpoint(signingKey, head.seq, head.hash, clock.now());
        if (await tx.insertCheckpoint(record)) return record;
        // Already signed at this seq by this key (not the latest row): return what is stored.
        return (await tx.checkpoints()).find((c) => c.uptoSeq === head.seq && c.keyId === signingKey.keyId) ?? record;
      }),
  };
}
