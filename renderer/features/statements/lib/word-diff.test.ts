import { describe, expect, it } from 'vitest';
import { hasChanges, wordDiff } from './word-diff';

const render = (before: string, after: string): string =>
  wordDiff(before, after)
    .map((p) => (p.kind === 'same' ? p.text : p.kind === 'added' ? `[+${p.text}]` : `[-${p.text}]`))
    .join('');

describe('wordDiff', () => {
  it('marks a changed word and keeps the rest', () => {
    expect(render('Ignore posts since 23:04 tonight.', 'Ignore posts since 23:10 tonight.')).toBe('Ignore posts since [-23:04][+23:10] tonight.');
  });

  it('shows added and removed words, and line breaks', () => {
    expect(render('one two', 'one\nthree two')).toBe('one[+\nthree] two');
    expect(render('a b c', 'a c')).toBe('a [-b ]c');
  });

  it('rebuilds both texts from its parts', () => {
    const before = 'We are removing them. Please do not share them.';
    const after = 'We removed them all. Please share nothing; do not click.';
    const parts = wordDiff(before, after);
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe(after);
  });

  it('keeps punctuation apart from words', () => {
    expect(render('Please delete it. Do not', 'Please delete it now. Do not')).toBe('Please delete it[+ now]. Do not');
    expect(render("don't share", "don't ever share")).toBe("don't [+ever ]share");
  });

  it('says when nothing changed', () => {
    expect(hasChanges(wordDiff('same text', 'same text'))).toBe(false);
    expect(wordDiff('', '')).toEqual([]);
    expect(hasChanges(wordDiff('', 'new'))).toBe(true);
  });
});
