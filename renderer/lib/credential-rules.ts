// The checks the core makes on a new account, repeated here so a person hears about a short
// passphrase before waiting on the network. The rules themselves are shared with the core and the
// contract (electron/shared/rules.ts); the core stays the judge: its message is shown when it
// refuses something these checks let through (a common passphrase, a taken username).
import { maxDisplayNameLength, normaliseUsername, passphraseTooShort, usernamePattern } from '../../electron/shared/rules';

export function usernameProblem(username: string): string | null {
  const u = normaliseUsername(username);
  if (u === '') return 'Enter a username.';
  if (!usernamePattern.test(u)) {
    return 'Use 3 to 32 characters: letters a-z, digits, dot, dash or underscore, starting with a letter or digit.';
  }
  return null;
}

export function displayNameProblem(name: string): string | null {
  const n = name.trim();
  if (n === '') return 'Enter the name colleagues know you by.';
  if (n.length > maxDisplayNameLength) return `Use at most ${maxDisplayNameLength} characters.`;
  return null;
}

export function newPassphraseProblem(passphrase: string): string | null {
  if (passphrase === '') return 'Choose a passphrase.';
  return passphraseTooShort(passphrase);
}

export function confirmProblem(passphrase: string, confirmation: string): string | null {
  if (confirmation === '') return 'Type the passphrase again.';
  return confirmation === passphrase ? null : 'The two passphrases differ. Type the same passphrase in both fields.';
}

export function requiredProblem(value: string, what: string): string | null {
  return value === '' ? `Enter ${what}.` : null;
}
