// Turns a verification result into the lines `control-room audit verify` prints: what was checked,
// what it proves, and what it cannot (entries not yet signed, keys taken from the log itself).
import type { AuditVerifyResult } from './verify';

function range(from: number, to: number): string {
  return from === to ? `Entry ${from} is` : `Entries ${from} to ${to} are`;
}

export function formatVerifyResult(result: AuditVerifyResult): string[] {
  if (!result.ok) {
    const { seq, problem } = result.firstBad;
    const good = result.lastGoodCheckpointSeq;
    return [
      'Audit log FAILED verification.',
      `First problem: ${problem}.`,
      good === null
        ? `No valid signed checkpoint comes before the problem, so entries before ${Math.max(seq, 1)} rest on the hash chain alone.`
        : `Entries 1 to ${good} are covered by a valid signed checkpoint; an edit may have started anywhere after entry ${good}.`,
      'Keep this database file unchanged as evidence.',
    ];
  }
  const { entries, checkpoints, lastCheckpointSeq: last, keysTrusted } = result;
  if (entries === 0) return ['Audit log is empty: nothing to verify.'];
  const lines = [
    `Audit log OK: ${entries} ${entries === 1 ? 'entry' : 'entries'}, every link and hash checked; ` +
      `${checkpoints} signed ${checkpoints === 1 ? 'checkpoint' : 'checkpoints'} valid${last === null ? '' : ` (latest at entry ${last})`}.`,
  ];
  if (last === null) {
    lines.push('No signed checkpoint yet: a consistently rewritten log would not be detected.');
  } else if (entries > last) {
    lines.push(`${range(last + 1, entries)} not yet covered by a signed checkpoint.`);
  }
  if (!keysTrusted && checkpoints > 0) {
    lines.push('Signatures were checked against the public keys stored in the log; give the trusted public keys to rule out a re-signed log.');
  }
  return lines;
}
