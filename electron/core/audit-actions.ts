// Turns each 'action' call into an audit entry: who, what, on what, why, and how it ended. Only
// named, non-secret fields of the input are kept (ids, reasons); passphrases and secrets never are.
import type { AuditLog } from './audit';
import type { ActionRecord } from './dispatch';

const targetKeys = ['id', 'channelId', 'accountId', 'key'] as const;
const reasonKeys = ['reason', 'comment', 'note'] as const;

function field(input: unknown, keys: readonly string[]): string | null {
  if (!input || typeof input !== 'object') return null;
  for (const k of keys) {
    const v = (input as Record<string, unknown>)[k];
    if (typeof v === 'string' && v.length > 0) return v.slice(0, 500);
  }
  return null;
}

export async function auditAction(audit: AuditLog, r: ActionRecord): Promise<void> {
  const details: Record<string, string> = { outcome: r.outcome };
  // Who tried to sign in matters when it fails (no principal then); the username is not a secret.
  if (r.name === 'accounts.signIn' || r.name === 'accounts.createFirstAdmin') {
    const u = field(r.input, ['username']);
    if (u) details['username'] = u;
  }
  // A settings change is only meaningful with what it changed to; settings hold no secrets.
  if (r.name.startsWith('settings.')) details['change'] = JSON.stringify(r.input).slice(0, 1000);
  await audit.append({
    actor: r.principal?.id ?? 'anonymous',
    role: r.principal?.role ?? 'system',
    action: r.name,
    target: field(r.input, targetKeys),
    reason: field(r.input, reasonKeys),
    details,
  });
}
