// Applies a plug-in's seed data: the holding statements, pre-approved by two people as a real
// bureau would have prepared them. The two people are seed accounts, created with a random
// passphrase nobody knows, used once to propose and approve, then disabled, so nobody can sign in
// as them. What they did is in the audit log, under the plug-in's own action and reason.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../lib/clock';
import type { SeedData } from '../lib/plugin';
import type { AccountsRepository } from '../store/repositories';
import { hashPassphrase, type ScryptParams } from './accounts/passphrase-hash';
import type { AuditLog } from './audit';
import type { TemplatesService } from './statements/templates-service';

export async function applySeedData(
  seed: SeedData,
  deps: {
    readonly accounts: AccountsRepository;
    readonly templates: TemplatesService;
    readonly audit: AuditLog;
    readonly clock: Clock;
    readonly scrypt?: ScryptParams | undefined;
  },
): Promise<void> {
  if ((await deps.templates.listTemplates()).some((t) => t.preApproved)) return;
  const at = deps.clock.now().toISOString();
  const ids: string[] = [];
  for (const p of seed.templateApprovers) {
    const existing = await deps.accounts.findByUsername(p.username);
    if (existing) {
      ids.push(existing.id);
      await deps.accounts.update(existing.id, { disabled: false }, deps.clock.now());
      continue;
    }
    const id = randomUUID();
    const passphraseHash = await hashPassphrase(randomBytes(32).toString('base64url'), deps.scrypt);
    await deps.accounts.insert({ id, username: p.username, displayName: p.displayName, role: 'supervisor', passphraseHash, disabled: false, mustChangePassphrase: false, createdAt: at, updatedAt: at });
    ids.push(id);
  }
  const [chief, duty] = ids as [string, string];
  try {
    for (const t of await deps.templates.installHoldingTemplates(chief)) {
      if (!t.preApproved) await deps.templates.approveTemplate(t.id, duty, t.contentHash);
    }
    await deps.audit.append({ actor: 'system', role: 'system', action: seed.auditAction, target: null, reason: seed.auditReason, details: { proposer: chief, approver: duty } });
  } finally {
    for (const id of ids) await deps.accounts.update(id, { disabled: true }, deps.clock.now());
  }
}
