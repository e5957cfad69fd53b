// The checks the core makes on a new account, repeated here so a person hears about a short
// passphrase before waiting on the network. The core stays the judge: its message is shown when
// it refuses something these checks let through (a common passphrase, a taken username).
export const minPassphraseLength = 12;
const usernamePattern = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export function usernameProblem(username: string): string | null {
  const u = username.normalize('NFC').trim().toLowerCase();
  if (u === '') return 'Enter a username.';
  if (!usernamePattern.test(u)) {
    return 'Use 3 to 32 characters: letters a-z, digits, dot, dash or underscore, starting with a letter or digit.';
  }
  return null;
}

export function displayNameProblem(name: string): string | null {
  const n = name.trim();
  if (n === '') return 'Enter the name colleagues know you by.';
  if (n.length > 80) return 'Use at most 80 characters.';
  return null;
}

export function newPassphraseProblem(passphrase: string): string | null {
  const length = [...passphrase].length;
  if (length === 0) return 'Choose a passphrase.';
  if (length < minPassphraseLength) {
    return `Use at least ${minPassphraseLength} characters (this one has ${length}); a few unrelated words work well.`;
  }
  return null;
}

export function confirmProblem(passphrase: string, confirmation: string): string | null {
  if (confirmation === '') return 'Type the passphrase again.';
  return confirmation === passphrase ? null : 'The two passphrases differ. Type the same passphrase in both fields.';
}

export function requiredProblem(value: string, what: string): string | null {
  return value === '' ? `Enter ${what}.` : null;
}
