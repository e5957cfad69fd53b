import { describe, expect, it } from 'vitest';
import { filledFromStatement, variantsOf, type ComposerDraft } from './composer-store';

const draft = (over: Partial<ComposerDraft> = {}): ComposerDraft => ({
  statementId: null,
  baseVersion: null,
  title: 'Statement',
  canonicalText: 'Ignore posts since 23:04.',
  channels: { x: true, bluesky: true, website: false, email: false },
  xText: '',
  blueskyText: '',
  webTitle: '',
  webHtml: '',
  emailSubject: '',
  emailText: '',
  ...over,
});

describe('the composer draft', () => {
  it('fills the Bluesky post from the statement and saves it as the Bluesky variant', () => {
    expect(filledFromStatement(draft())).toMatchObject({ blueskyText: 'Ignore posts since 23:04.' });
    expect(filledFromStatement(draft({ blueskyText: 'kept' }))).not.toHaveProperty('blueskyText');
    expect(variantsOf(draft({ blueskyText: 'On Bluesky' }))).toEqual({ x: { text: '' }, bluesky: { text: 'On Bluesky' } });
    expect(variantsOf(draft({ channels: { x: true, bluesky: false, website: false, email: false } }))).not.toHaveProperty('bluesky');
  });
});
