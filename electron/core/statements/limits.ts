// The channel rules as the core enforces them: the counting and the rules are in
// electron/shared/text-limits.ts, which the composer runs too (so the number on screen is the
// number enforced); the core adds what only it has, the HTML sanitiser, for the HTML bodies.
import {
  defaultChannelLimits,
  validateStatement as validateStatementWith,
  validateVariants as validateVariantsWith,
  type ChannelLimits,
  type HtmlInspector,
} from '../../shared/text-limits';
import { htmlTextContent, sanitiseHtml } from './html-sanitiser';
import type { StatementContent, StatementVariants, Violation } from './types';

export { defaultChannelLimits, graphemeCount, measureMastodon, measureX, type ChannelLimits } from '../../shared/text-limits';

const sanitiser: HtmlInspector = {
  textOf: (html) => htmlTextContent(sanitiseHtml(html).html),
  removedParts: (html) => sanitiseHtml(html).removed,
};

export function validateVariants(variants: StatementVariants, limits: ChannelLimits = defaultChannelLimits): Violation[] {
  return validateVariantsWith(variants, limits, sanitiser);
}

/** Everything that must hold before a statement can be submitted for approval. */
export function validateStatement(content: StatementContent, limits: ChannelLimits = defaultChannelLimits): Violation[] {
  return validateStatementWith(content, limits, sanitiser);
}
