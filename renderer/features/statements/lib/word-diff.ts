// A small word diff for the approvals queue: what changed between the version a reviewer is asked
// to approve and the one approved before. Words, punctuation marks and whitespace are tokens, so
// "it." becoming "it now." shows " now" added, and line breaks survive;
// the longest common subsequence keeps what stayed the same. Statements are short (a few thousand
// tokens at most), and beyond a bound the diff falls back to "all removed, all added" rather than
// spend seconds on a quadratic table.
export type DiffPart = { readonly kind: 'same' | 'added' | 'removed'; readonly text: string };

/** Past this many cells the table would cost more than a reviewer waiting for it is worth. */
const maxCells = 4_000_000;

/**
 * Runs of whitespace; words, with marks inside them ("don't", "23:04", "example.org"); and single
 * other marks (a full stop after a word is its own token).
 */
function tokens(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+(?:['’\-:.,/@][\p{L}\p{N}_]+)*|[^\s]/gu) ?? [];
}

function push(out: DiffPart[], kind: DiffPart['kind'], text: string): void {
  const last = out[out.length - 1];
  if (last && last.kind === kind) out[out.length - 1] = { kind, text: last.text + text };
  else out.push({ kind, text });
}

export function wordDiff(before: string, after: string): DiffPart[] {
  if (before === after) return before === '' ? [] : [{ kind: 'same', text: before }];
  const a = tokens(before);
  const b = tokens(after);
  // Common head and tail cost nothing to keep and shrink the table.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const out: DiffPart[] = [];
  if (head > 0) push(out, 'same', a.slice(0, head).join(''));
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const n = midA.length;
  const m = midB.length;
  if ((n + 1) * (m + 1) > maxCells) {
    if (n > 0) push(out, 'removed', midA.join(''));
    if (m > 0) push(out, 'added', midB.join(''));
  } else {
    // lcs[i][j]: length of the longest common subsequence of midA[i..] and midB[j..].
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        push(out, 'same', midA[i]!);
        i++;
        j++;
      } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
        push(out, 'removed', midA[i]!);
        i++;
      } else {
        push(out, 'added', midB[j]!);
        j++;
      }
    }
    for (; i < n; i++) push(out, 'removed', midA[i]!);
    for (; j < m; j++) push(out, 'added', midB[j]!);
  }
  if (tail > 0) push(out, 'same', a.slice(a.length - tail).join(''));
  return out;
}

/** True when the diff changes anything. */
export function hasChanges(parts: readonly DiffPart[]): boolean {
  return parts.some((p) => p.kind !== 'same');
}
