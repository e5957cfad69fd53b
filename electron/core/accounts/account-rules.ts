// Shared pieces of the accounts service: the public account view, username and display-name rules,
// and the options every part takes.
import type { AccountRecord } from '../../store/records';
import type { Role } from '../../shared/contract';
import { AppError } from '../../shared/result';
import { maxDisplayNameLength, normaliseUsername, usernamePattern } from '../../shared/rules';
import { passphraseProblems } from './passphrase-strength';

export { normaliseUsername };

/** What leaves the service about an account: never the passphrase hash. */
export interface AccountView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly disabled: boolean;
  /** An admin reset the passphrase; its owner must set a new one before doing anything else. */
  readonly mustChangePassphrase: boolean;
  readonly createdAt: string;
}

export interface NewAccountInput {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly passphrase: string;
}

export function toAccountView(a: AccountRecord): AccountView {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    disabled: a.disabled,
    mustChangePassphrase: a.mustChangePassphrase,
    createdAt: a.createdAt,
  };
}

export function checkUsername(username: string): string {
  const normalised = normaliseUsername(username);
  if (!usernamePattern.test(normalised)) {
    throw new AppError(
      'BAD_INPUT',
      'Choose a username of 3 to 32 characters: letters a-z, digits, dot, dash or underscore, starting with a letter or digit.',
    );
  }
  return normalised;
}

export function checkDisplayName(displayName: string): string {
  const trimmed = displayName.normalize('NFC').trim();
  // Control characters would let a name fake extra lines in the audit log or the UI.
  if (trimmed.length < 1 || trimmed.length > maxDisplayNameLength || /\p{Cc}/u.test(trimmed)) {
    throw new AppError('BAD_INPUT', `Enter a display name of 1 to ${maxDisplayNameLength} characters on one line.`);
  }
  return trimmed;
}

export function checkPassphraseStrength(passphrase: string, username: string): void {
  const problems = passphraseProblems(passphrase, username);
  if (problems.length > 0) throw new AppError('BAD_INPUT', `Passphrase not accepted: ${problems.join(' ')}`);
}
