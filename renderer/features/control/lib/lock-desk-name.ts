// The Lock runbook's Desk column: which desk a recorded step ran on, named from the desks registry
// (the desk that ran a step need not hold a credential for that channel), else from the channel's
// credential holders, else by the start of its id (a desk since removed from the registry).
import type { DeskView } from '../../../../electron/shared/contract';

export function lockStepDeskName(
  deskId: string | null,
  registry: readonly Pick<DeskView, 'id' | 'name' | 'self'>[] | undefined,
  holders: readonly { readonly deskId: string; readonly deskName: string; readonly self: boolean }[],
): string {
  if (deskId === null) return '—';
  const known = registry?.find((d) => d.id === deskId) ?? holders.find((d) => d.deskId === deskId);
  if (!known) return `desk ${deskId.slice(0, 8)} (no longer registered)`;
  const name = 'name' in known ? known.name : known.deskName;
  return known.self ? `${name} (this desk)` : name;
}
