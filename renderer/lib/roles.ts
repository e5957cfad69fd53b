// What a role may do, as the buttons say it up front (the core enforces it; these only explain).
import type { AccountViewData } from '../../electron/shared/contract';

/** Why the signed-in person cannot do supervisor actions, or null. */
export function supervisorOnly(role: AccountViewData['role'], what: string): string | null {
  return role === 'supervisor' || role === 'admin' ? null : `only a supervisor or admin can ${what}`;
}
