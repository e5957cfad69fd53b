import { describe, expect, it } from 'vitest';
import { maxDisplayNameLength, minPassphraseLength } from '../../electron/shared/rules';
import { confirmProblem, displayNameProblem, newPassphraseProblem, usernameProblem } from './credential-rules';

describe('credential rules (mirroring the core, checked before the network)', () => {
  it('accepts the usernames the core accepts and names the rule otherwise', () => {
    expect(usernameProblem('j.smith')).toBeNull();
    expect(usernameProblem('  J.Smith ')).toBeNull();
    expect(usernameProblem('')).toBe('Enter a username.');
    expect(usernameProblem('js')).toMatch(/3 to 32 characters/);
    expect(usernameProblem('-smith')).toMatch(/starting with a letter or digit/);
  });

  it('counts passphrase length in characters a person typed, not UTF-16 units', () => {
    expect(newPassphraseProblem('correct horse')).toBeNull();
    expect(newPassphraseProblem('short')).toMatch(/this one has 5/);
    expect(newPassphraseProblem('😀😀😀😀😀😀')).toMatch(/this one has 6/);
  });

  it('asks for a matching confirmation', () => {
    expect(confirmProblem('a long passphrase', 'a long passphrase')).toBeNull();
    expect(confirmProblem('a long passphrase', 'a long passphrasE')).toMatch(/differ/);
    expect(confirmProblem('x', '')).toMatch(/again/);
  });

  it('wants a display name on one reasonable line', () => {
    expect(displayNameProblem('Jo Smith')).toBeNull();
    expect(displayNameProblem('  ')).toMatch(/Enter/);
    expect(displayNameProblem('x'.repeat(81))).toMatch(/80/);
  });

  it('draws the shared limits where the contract and the core do (electron/shared/rules.test.ts)', () => {
    expect(displayNameProblem('x'.repeat(maxDisplayNameLength))).toBeNull();
    expect(displayNameProblem('x'.repeat(maxDisplayNameLength + 1))).toMatch(String(maxDisplayNameLength));
    expect(newPassphraseProblem('p'.repeat(minPassphraseLength - 1) + 'q')).toBeNull();
    expect(newPassphraseProblem('p'.repeat(minPassphraseLength - 1))).toMatch(`at least ${minPassphraseLength}`);
  });
});
