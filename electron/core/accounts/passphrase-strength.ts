// Minimum passphrase rules, each with a message that names the rule. Length does most of the work
// (a few random words beat symbol soup); the small list catches the passphrases attackers try first.
// The lengths are shared with the contract and the screen (electron/shared/rules.ts).
import { characterCount, maxPassphraseLength, minPassphraseLength, passphraseTooShort } from '../../shared/rules';

export { minPassphraseLength };

/**
 * Passphrases of 12+ characters that appear near the top of breach lists, plus obvious ones for a
 * press bureau. Compared case-insensitively and with spaces and separators removed.
 */
const commonPassphrases: readonly string[] = [
  'password1234', 'password12345', 'password123456', 'passwordpassword', 'password123!',
  '123456789012', '1234567890123', '12345678901234', '123456123456', '111111111111', '000000000000',
  'qwertyuiopasdfgh', 'qwertyuiop123', 'qwerty123456', 'qwertyqwerty', '1q2w3e4r5t6y', '1qaz2wsx3edc',
  'asdfghjkl123', 'zaq12wsxcde3', 'iloveyou1234', 'iloveyouiloveyou', 'letmein12345', 'letmeinletmein',
  'welcome12345', 'welcome123456', 'changeme1234', 'changemenow!', 'administrator', 'administrator1',
  'correcthorsebatterystaple', 'trustno1trustno1', 'abcdefghijkl', 'abcdefghijklmnop', 'abc123abc123',
  'monkeymonkey', 'dragondragon', 'sunshine1234', 'football1234', 'baseball1234', 'princess1234',
  'superman1234', 'starwars1234', 'masterkey123', 'passw0rdpassw0rd', 'p@ssw0rd1234', 'p@ssword1234',
  'controlroom1', 'controlroom123', 'controlroom2024', 'controlroom2025', 'controlroom2026',
  'pressoffice1', 'pressoffice123', 'pressbureau1', 'pressbureau123', 'metpolice123', 'metpoliceuk1',
  'newsroom1234', 'supervisor123', 'supervisor1234', 'operator1234', 'summer2024!!', 'winter2024!!',
];

const commonSet = new Set(commonPassphrases);

function squash(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s\-_.]+/gu, '');
}

/** Problems with a passphrase, each naming the rule it breaks; empty when it is acceptable. */
export function passphraseProblems(passphrase: string, username: string): string[] {
  const problems: string[] = [];
  const tooShort = passphraseTooShort(passphrase);
  if (tooShort) problems.push(tooShort);
  if (characterCount(passphrase) > maxPassphraseLength) problems.push(`Use at most ${maxPassphraseLength} characters.`);
  const squashed = squash(passphrase);
  if (commonSet.has(squashed)) {
    problems.push('This passphrase is on the list of commonly used ones attackers try first; choose another.');
  } else if (squashed.length > 0 && new Set(squashed).size <= 2) {
    problems.push('Use more than one or two different characters.');
  }
  const user = squash(username);
  if (user.length >= 3 && squashed.includes(user)) {
    problems.push('The passphrase must not contain your username.');
  }
  return problems;
}
