// The little the statements services need to know about people: who exists, their role, whether
// they are disabled. The accounts service satisfies this interface; tests can pass a map.
import type { Role } from '../../shared/contract';
import { AppError } from '../../shared/result';

export interface DirectoryAccount {
  readonly id: string;
  readonly displayName: string;
  readonly role: Role;
  readonly disabled: boolean;
}

export interface AccountDirectory {
  findAccount(accountId: string): Promise<DirectoryAccount | null>;
}

/** Any signed-in, enabled person (operators draft statements too). */
export async function requireActiveAccount(accounts: AccountDirectory, accountId: string): Promise<DirectoryAccount> {
  const account = await accounts.findAccount(accountId);
  if (!account || account.disabled) throw new AppError('FORBIDDEN', 'Your account cannot do this: it is unknown or disabled. Ask an admin.');
  return account;
}

/** Approvals and break-glass are for supervisors (admins may act as supervisors). */
export async function requireSupervisor(accounts: AccountDirectory, accountId: string, action: string): Promise<DirectoryAccount> {
  const account = await requireActiveAccount(accounts, accountId);
  if (account.role !== 'supervisor' && account.role !== 'admin') {
    throw new AppError('FORBIDDEN', `Only a supervisor may ${action}; ask a supervisor.`);
  }
  return account;
}

/** Ids chosen by the client (offline drafting creates them before the first save reaches us). */
export function checkClientId(id: string, what: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new AppError('BAD_INPUT', `That ${what} id is not valid; use letters, digits, dash or underscore (up to 64).`);
  return id;
}
