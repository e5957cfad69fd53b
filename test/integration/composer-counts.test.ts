// The composer's live counter shows the number the core enforces. For tricky text (links, emoji
// ZWJ sequences, flags, CJK, combining marks, remote mentions), each placed right at and one step
// past each channel's limit, the renderer's count (renderer/features/statements/lib/live-checks)
// is compared with the core's verdict on the same draft saved through the contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../electron/core/dispatch';
import type { CallOutput } from '../../electron/shared/contract';
import { createMemoryVault } from '../../electron/vault/memory-vault';
import { liveCounts, liveViolations } from '../../renderer/features/statements/lib/live-checks';
import { variantsOf, type ComposerDraft, type DraftField } from '../../renderer/features/statements/state/composer-store';
import { dataOf, makeTestCore, type TestCore } from '../helpers/test-core';

let t: TestCore;
let olu: Caller;
beforeAll(async () => {
  t = await makeTestCore({ demo: false, vault: createMemoryVault() });
  olu = await t.signedIn('operator');
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const blank: ComposerDraft = {
  statementId: null,
  baseVersion: null,
  title: 'Parity',
  canonicalText: 'Parity',
  channels: { x: true, bluesky: true, mastodon: true, website: true, email: true },
  xText: 'x',
  blueskyText: 'b',
  mastodonText: 'm',
  webTitle: 'w',
  webHtml: '<p>w</p>',
  emailSubject: 's',
  emailText: 'e',
  images: [],
};

const family = '👨‍👩‍👧‍👦';
const link = 'https://news.met.police.uk/news/statement-on-unauthorised-access-to-our-accounts-tonight';
/** Pieces the channels count differently from code points, and from each other. */
const pieces = [link, 'news.met.police.uk/a', family, '🇬🇧', '👍🏽', '1️⃣', '警察', 'ソーシャル', '한국어', 'e\u0301\u0323', 'Cafe\u0301', '@metpolice@mastodon.social', 'a'];

/** The limited fields, the channel and field the core names, and their limit. */
const limited: { field: DraftField; channel: string; coreField: string; limit: number }[] = [
  { field: 'xText', channel: 'x', coreField: 'text', limit: 280 },
  { field: 'blueskyText', channel: 'bluesky', coreField: 'text', limit: 300 },
  { field: 'mastodonText', channel: 'mastodon', coreField: 'text', limit: 500 },
  { field: 'webTitle', channel: 'website', coreField: 'title', limit: 200 },
  { field: 'emailSubject', channel: 'email', coreField: 'subject', limit: 200 },
];

/** The piece repeated until the screen's count reaches the limit, then one more piece. */
function aroundTheLimit(field: DraftField, piece: string, limit: number): string[] {
  const countOf = (text: string) => liveCounts({ ...blank, [field]: text })[field]?.count ?? 0;
  let text = '';
  while (countOf(text + piece) <= limit) text += piece;
  const under = countOf(text) < limit ? [text + 'a'.repeat(limit - countOf(text))] : [];
  return [text, ...under, text + piece, `${text} ${piece}`];
}

async function coreVerdict(draft: ComposerDraft): Promise<CallOutput<'statements.save'>['statement']> {
  const saved = dataOf<CallOutput<'statements.save'>>(
    await t.core.dispatch('statements.save', { title: draft.title, canonicalText: draft.canonicalText, variants: variantsOf(draft), autosave: true }, olu),
  );
  return saved.statement;
}

describe('the composer counts as the core enforces', () => {
  it.each(limited)('$channel $coreField: the number on screen is the number in the core’s verdict', async ({ field, channel, coreField, limit }) => {
    for (const piece of pieces) {
      for (const text of aroundTheLimit(field, piece, limit)) {
        const draft = { ...blank, [field]: text };
        const shown = liveCounts(draft)[field];
        const verdict = (await coreVerdict(draft)).violations.filter((v) => v.channel === channel && v.field === coreField).map((v) => v.message);
        const label = `${channel} ${coreField} with ${JSON.stringify(piece)} (${text.length} UTF-16 units)`;
        expect(shown, label).toBeDefined();
        if (shown!.count > limit) expect(verdict.join('\n'), label).toContain(`: ${shown!.count} of ${limit} characters — shorten by ${shown!.count - limit}`);
        else expect(verdict.filter((m) => / of \d+ characters/.test(m)), label).toEqual([]);
        // Every rule the screen runs says what the core says (the HTML ones are the core's alone).
        expect(liveViolations(draft).filter((v) => v.channel === channel).map((v) => v.message), label).toEqual(verdict);
      }
    }
  });

  it('a tricky X post shows its weighted count, not its code points', async () => {
    const draft = { ...blank, xText: `${'警'.repeat(120)} ${link} ${family}${'👍🏽'.repeat(5)}` };
    expect(liveCounts(draft).xText?.count).toBe(240 + 1 + 23 + 1 + 2 + 10);
    expect((await coreVerdict({ ...draft, xText: draft.xText + '警'.repeat(2) })).violations.map((v) => v.message)).toContain('X: 281 of 280 characters — shorten by 1');
  });
});
