// Checks a stored audit log end to end: every link of the hash chain and every signed checkpoint,
// and names the first entry that is wrong. The chain alone shows an edit to one entry; someone who
// can write the file can also recompute every later hash, and only a signed checkpoint (whose key
// they do not hold) shows that. Entries after the last checkpoint are covered by the chain only.
import type { KeyObject } from 'node:crypto';
import { AppError } from '../../shared/result';
import type { AuditCheckpointRecord, AuditEntryRecord } from '../../store/records';
import type { AuditReader, AuditRepository } from '../../store/repositories';
import { GENESIS_HASH, hashEntry } from './canonical';
import { isEd25519, keyIdFor, parsePublicKey, publicKeyToBase64, signatureIsValid, type TrustedPublicKey } from './signing';

export interface AuditProblem {
  /** The first entry that is wrong (for a checkpoint problem, the entry it covers). */
  readonly seq: number;
  /** One human-readable sentence, starting with the entry or checkpoint it is about. */
  readonly problem: string;
}

/** Who signed checkpoints, as a key judge names them (team mode: one row per desk). */
export interface CheckpointSigner {
  readonly signer: string;
  readonly checkpoints: number;
  readonly latestSeq: number;
}

export type AuditVerifyResult =
  | {
      readonly ok: true;
      readonly entries: number;
      readonly checkpoints: number;
      readonly lastCheckpointSeq: number | null;
      /** False when signatures were checked against the keys stored in the log itself. */
      readonly keysTrusted: boolean;
      /** Only when a key judge was given: the signers of the valid checkpoints. */
      readonly signers?: readonly CheckpointSigner[];
    }
  | {
      readonly ok: false;
      readonly firstBad: AuditProblem;
      /** The last entry covered by a valid checkpoint before the problem: 1..this can still be trusted. */
      readonly lastGoodCheckpointSeq: number | null;
      /**
       * True when the problem is a checkpoint signed by a key this desk has not trusted yet (a
       * registered desk it has not pinned): not proof of tampering, but nothing after it is verified.
       */
      readonly notTrusted?: boolean;
    };

/** What a key judge says of a checkpoint's key: who it belongs to, or why it is not trusted. */
export type KeyVerdict =
  | { readonly trusted: true; readonly signer: string }
  | { readonly trusted: false; readonly problem: string; readonly notTrusted?: boolean };

/** Decides trust in one checkpoint key (team mode: the desks registry and this desk's pins). */
export type CheckpointKeyJudge = (key: KeyObject) => KeyVerdict;

export interface VerifyOptions {
  /**
   * The largest checkpoint interval ever configured. When given, a stretch of that many entries
   * with no valid checkpoint is a problem: deleting checkpoint rows is otherwise invisible.
   */
  readonly checkpointEvery?: number;
}

function readTrustedKeys(keys: readonly TrustedPublicKey[]): CheckpointKeyJudge {
  const trusted = new Set(
    keys.map((key, i) => {
      try {
        return publicKeyToBase64(parsePublicKey(key));
      } catch {
        throw new AppError('BAD_INPUT', `Trusted public key ${i + 1} cannot be read: give an SPKI PEM or base64 SPKI DER Ed25519 key.`);
      }
    }),
  );
  // Compared on the key bytes: the stored key_id label is not signed and proves nothing.
  return (key) =>
    trusted.has(publicKeyToBase64(key))
      ? { trusted: true, signer: keyIdFor(key) }
      : { trusted: false, problem: `signed by key ${keyIdFor(key)}, which is not among the trusted keys (forged?)` };
}

function missing(from: number, to: number): string {
  return from === to ? `entry ${from} missing` : `entries ${from} to ${to} missing`;
}

type SignatureCheck = { readonly signer: string | null } | { readonly problem: string; readonly notTrusted?: boolean };

/** A signature/trust problem with a checkpoint, independent of the entries; else who signed it. */
function checkSignature(cp: AuditCheckpointRecord, judge: CheckpointKeyJudge | null): SignatureCheck {
  const at = `checkpoint at ${cp.uptoSeq}`;
  let key: KeyObject;
  try {
    key = parsePublicKey(cp.publicKey);
  } catch {
    return { problem: `${at}: its public key cannot be read (edited?)` };
  }
  if (!isEd25519(key)) return { problem: `${at}: its key is not an Ed25519 key (forged?)` };
  const verdict = judge?.(key) ?? null;
  if (verdict && !verdict.trusted) return { problem: `${at}: ${verdict.problem}`, ...(verdict.notTrusted ? { notTrusted: true } : {}) };
  if (!signatureIsValid(key, cp.uptoSeq, cp.hash, cp.signature)) return { problem: `${at}: signature invalid (edited or forged?)` };
  return { signer: verdict?.signer ?? null };
}

/**
 * When entry k (at position `entry`) breaks the chain, looks for a later entry j such that the two
 * rows are each intact but in each other's place, so a swap is reported as such.
 */
async function findSwapPartner(reader: AuditReader, entry: AuditEntryRecord, expectedPrev: string): Promise<number | null> {
  for await (const other of reader.entriesFrom(entry.seq + 1)) {
    const otherFitsHere = other.prevHash === expectedPrev && hashEntry({ ...other, seq: entry.seq }) === other.hash;
    if (otherFitsHere && hashEntry({ ...entry, seq: other.seq }) === entry.hash) return other.seq;
  }
  return null;
}

async function brokenLinkProblem(reader: AuditReader, entry: AuditEntryRecord, expectedPrev: string): Promise<string | null> {
  const linked = entry.prevHash === expectedPrev;
  const intact = hashEntry(entry) === entry.hash;
  if (linked && intact) return null;
  const partner = await findSwapPartner(reader, entry, expectedPrev);
  if (partner !== null) return `entries ${entry.seq} and ${partner} are out of order (swapped?)`;
  if (!intact) return `entry ${entry.seq}: its hash does not match its contents (edited?)`;
  if (entry.seq === 1) return 'entry 1: its prev_hash is not the 64 zeros the first entry starts from (edited?)';
  return `entry ${entry.seq}: it does not follow entry ${entry.seq - 1}, its prev_hash points elsewhere (inserted, or entries before it rewritten?)`;
}

/**
 * `trust`: the trusted keys (any other key fails), or a judge that names each key's signer
 * (team mode); none: signatures are checked against the keys stored in the log itself.
 */
export async function verifyAuditLog(
  repo: AuditRepository,
  trust?: readonly TrustedPublicKey[] | CheckpointKeyJudge,
  options: VerifyOptions = {},
): Promise<AuditVerifyResult> {
  const judge = trust === undefined ? null : typeof trust === 'function' ? trust : readTrustedKeys(trust);
  const every = options.checkpointEvery;
  const signers = new Map<string, { checkpoints: number; latestSeq: number }>();

  return repo.read(async (reader): Promise<AuditVerifyResult> => {
    const checkpoints = await reader.checkpoints();
    let lastGood: number | null = null;
    const fail = (seq: number, problem: string, notTrusted = false): AuditVerifyResult => ({
      ok: false,
      firstBad: { seq, problem },
      lastGoodCheckpointSeq: lastGood,
      ...(notTrusted ? { notTrusted } : {}),
    });

    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let next = 0; // index of the first checkpoint not yet checked

    // From the lowest possible seq: a row renumbered to 0 or below must be seen, not skipped.
    for await (const entry of reader.entriesFrom(Number.MIN_SAFE_INTEGER)) {
      if (entry.seq < expectedSeq) {
        return fail(entry.seq, `entry ${entry.seq}: sequence numbers start at 1 (inserted or renumbered?)`);
      }
      if (entry.seq > expectedSeq) {
        const how = expectedSeq === 1 ? `the log starts at ${entry.seq}` : `sequence jumps from ${expectedSeq - 1} to ${entry.seq}`;
        return fail(expectedSeq, `${missing(expectedSeq, entry.seq - 1)}: ${how} (deleted?)`);
      }
      const linkProblem = await brokenLinkProblem(reader, entry, prevHash);
      if (linkProblem !== null) return fail(entry.seq, linkProblem);

      for (let cp = checkpoints[next]; cp !== undefined && cp.uptoSeq <= entry.seq; cp = checkpoints[++next]) {
        if (cp.uptoSeq < entry.seq) return fail(cp.uptoSeq, `checkpoint at ${cp.uptoSeq}: it names no entry (forged?)`);
        const check = checkSignature(cp, judge);
        if ('problem' in check) return fail(cp.uptoSeq, check.problem, check.notTrusted);
        if (cp.hash !== entry.hash) {
          const where = lastGood === null ? `at or before ${entry.seq}` : `between ${lastGood + 1} and ${entry.seq}`;
          return fail(
            entry.seq,
            `checkpoint at ${entry.seq}: entry ${entry.seq} no longer has the signed hash, so an entry ${where} was changed after signing (chain rewritten?)`,
          );
        }
        lastGood = entry.seq;
        if (check.signer !== null) {
          const seen = signers.get(check.signer);
          signers.set(check.signer, { checkpoints: (seen?.checkpoints ?? 0) + 1, latestSeq: entry.seq });
        }
      }

      if (every !== undefined && entry.seq - (lastGood ?? 0) >= every) {
        return fail(
          entry.seq,
          `entry ${entry.seq}: no valid signed checkpoint since ${lastGood === null ? 'the start' : `entry ${lastGood}`}, though one is made every ${every} entries (checkpoints deleted, or signing failed?)`,
        );
      }
      prevHash = entry.hash;
      expectedSeq = entry.seq + 1;
    }

    const lastSeq = expectedSeq - 1;
    const beyond = checkpoints[next];
    if (beyond !== undefined) {
      // A sound checkpoint past the end proves entries existed there: the tail was cut off.
      const check = checkSignature(beyond, judge);
      if ('problem' in check) return fail(beyond.uptoSeq, check.problem, check.notTrusted);
      if (beyond.uptoSeq < 1) return fail(beyond.uptoSeq, `checkpoint at ${beyond.uptoSeq}: it names no entry (forged?)`);
      return fail(
        lastSeq + 1,
        `${missing(lastSeq + 1, beyond.uptoSeq)}: the log ends at ${lastSeq} but checkpoint at ${beyond.uptoSeq} was signed over entry ${beyond.uptoSeq} (deleted?)`,
      );
    }
    const ok = { ok: true, entries: lastSeq, checkpoints: checkpoints.length, lastCheckpointSeq: lastGood, keysTrusted: judge !== null } as const;
    if (typeof trust !== 'function') return ok;
    return { ...ok, signers: [...signers].map(([signer, s]) => ({ signer, ...s })) };
  });
}
