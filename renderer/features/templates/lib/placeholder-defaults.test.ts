import { describe, expect, it } from 'vitest';
import { maxPlaceholderValueLength } from '../../../../electron/shared/rules';
import { channelsInWords } from './placeholder-defaults';

describe('channelsInWords', () => {
  it('names each kind once, in order', () => {
    expect(channelsInWords(['x', 'wordpress', 'email'])).toBe('X account, website and email alerts');
    expect(channelsInWords(['email'])).toBe('email alerts');
    expect(channelsInWords([])).toBe('accounts');
  });

  it('groups several accounts so that five channels still fit in a placeholder the core accepts', () => {
    const words = channelsInWords(['x', 'wordpress', 'email', 'mastodon', 'bluesky']);
    expect(words).toBe('X, Mastodon and Bluesky accounts, website and email alerts');
    expect(words.length).toBeLessThanOrEqual(maxPlaceholderValueLength);
  });
});
