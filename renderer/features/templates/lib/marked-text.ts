// A template's text split around its placeholders, with the values the core filled in, so the
// preview can mark exactly the words nobody approved in advance. The pattern is the core's
// (`{lower_case}` names, electron/shared/rules.ts); the values are the core's `filled` answer (trimmed, normalised), so the
// marked text reads the same as what would go out.
import { placeholderPattern } from '../../../../electron/shared/rules';

export interface MarkedPart {
  readonly text: string;
  /** The placeholder this text fills, or null for pre-approved words. */
  readonly placeholder: string | null;
}

export function markedParts(template: string, filled: readonly { readonly name: string; readonly value: string }[]): MarkedPart[] {
  const values = new Map(filled.map((f) => [f.name, f.value]));
  const out: MarkedPart[] = [];
  let at = 0;
  for (const m of template.matchAll(placeholderPattern)) {
    const value = values.get(m[1]!);
    if (value === undefined) continue;
    if (m.index > at) out.push({ text: template.slice(at, m.index), placeholder: null });
    out.push({ text: value, placeholder: m[1]! });
    at = m.index + m[0].length;
  }
  if (at < template.length) out.push({ text: template.slice(at), placeholder: null });
  return out;
}
