// Contract handlers for the audit log: pages of entries, newest first, and a full verification
// of the hash chain and the signed checkpoints.
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function auditHandlers({ auditRepo, auditKeys, desks }: Pick<HandlerDeps, 'auditRepo' | 'auditKeys' | 'desks'>): NamespaceHandlers<'audit'> {
  return {
    'audit.list': ({ beforeSeq, limit }) =>
      auditRepo.read(async (r) => {
        const head = await r.head();
        if (!head) return [];
        const last = Math.min(head.seq, (beforeSeq ?? head.seq + 1) - 1);
        const out = [];
        for await (const e of r.entriesFrom(Math.max(1, last - limit + 1))) {
          if (e.seq > last) break;
          out.push(e);
        }
        return out.reverse();
      }),
    'audit.verify': async () => {
      const { verifyAuditLog, formatVerifyResult, defaultCheckpointEvery, verifyOnDesk, formatDesksVerifyResult } = await import('../audit');
      const { pins } = desks;
      if (pins) {
        // Team mode: each checkpoint is judged by the desk that signed it, trusted through this desk's pins.
        const r = await verifyOnDesk(auditRepo, { id: desks.id, pins, records: desks.records }, auditKeys() ?? [], { checkpointEvery: defaultCheckpointEvery });
        return { ok: r.outcome === 'ok', lines: formatDesksVerifyResult(r), firstBadSeq: r.chain.ok ? null : r.chain.firstBad.seq };
      }
      const result = await verifyAuditLog(auditRepo, auditKeys(), { checkpointEvery: defaultCheckpointEvery });
      return { ok: result.ok, lines: formatVerifyResult(result), firstBadSeq: result.ok ? null : result.firstBad.seq };
    },
  };
}
