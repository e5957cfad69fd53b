// What the composer checks as the person types, with the very functions the core enforces
// (electron/shared/text-limits.ts): the count per limited field and every rule but the HTML ones,
// which need the core's sanitiser (the composer shows the core's verdict on those, from the
// autosaved version, a second behind).
import { countVariants, defaultChannelLimits, validateStatement, type FieldCount, type Violation } from '../../../../electron/shared/text-limits';
import { variantsOf, type ComposerDraft, type DraftField } from '../state/composer-store';

/** The composer field each channel's counted field is typed in. */
const fieldOf: Record<string, DraftField> = { 'x.text': 'xText', 'bluesky.text': 'blueskyText', 'mastodon.text': 'mastodonText', 'website.title': 'webTitle', 'email.subject': 'emailSubject' };

export function liveCounts(d: ComposerDraft): Partial<Record<DraftField, FieldCount>> {
  const out: Partial<Record<DraftField, FieldCount>> = {};
  for (const c of countVariants(variantsOf(d), defaultChannelLimits)) {
    const field = fieldOf[`${c.channel}.${c.field}`];
    if (field) out[field] = c;
  }
  return out;
}

export function liveViolations(d: ComposerDraft): Violation[] {
  return validateStatement({ title: d.title, variants: variantsOf(d) }, defaultChannelLimits, null);
}

/** The core's verdicts the composer cannot reach itself (HTML bodies), for channels still switched on. */
export function coreOnlyViolations(saved: readonly { channel: string; field: string; message: string }[], d: ComposerDraft): string[] {
  return saved.filter((v) => v.field === 'html' && ((v.channel === 'website' && d.channels.website) || (v.channel === 'email' && d.channels.email))).map((v) => v.message);
}

/** "291 of 280 weighted characters · 11 over" */
export function countText(c: FieldCount): string {
  const over = c.count - c.limit;
  return `${c.count} of ${c.limit} ${c.unit}${over > 0 ? ` · ${over} over` : ''}`;
}
