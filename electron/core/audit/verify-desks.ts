// `audit verify` in team mode: the chain and every checkpoint as on one desk, each checkpoint's key
// judged by the desks registry and this desk's pins (desk-trust.ts), and what the registry says
// that disagrees with the pins. The outcome is honest: a key not yet trusted is never a clean OK.
import type { KeyObject } from 'node:crypto';
import type { DeskRecord } from '../../store/records';
import type { AuditRepository } from '../../store/repositories';
import type { KeyPinStore } from './key-pins';
import { deskTrust, trustCommand, type DeskTrustInput, type UntrustedDesk } from './desk-trust';
import { formatVerifyResult } from './format-verify-result';
import { verifyAuditLog, type AuditVerifyResult, type VerifyOptions } from './verify';

export interface DesksVerifyResult {
  /** 'ok': verified and every key trusted; 'failed': a problem that tampering would cause; 'not-trusted': a key this desk has not trusted yet. */
  readonly outcome: 'ok' | 'failed' | 'not-trusted';
  readonly chain: AuditVerifyResult;
  readonly registryProblems: readonly string[];
  readonly notYetTrusted: readonly UntrustedDesk[];
}

export async function verifyAcrossDesks(repo: AuditRepository, input: DeskTrustInput, options: VerifyOptions = {}): Promise<DesksVerifyResult> {
  const trust = deskTrust(input);
  const chain = await verifyAuditLog(repo, trust.judge, options);
  const failed = (!chain.ok && !chain.notTrusted) || trust.registryProblems.length > 0;
  const outcome = failed ? 'failed' : chain.ok && trust.notYetTrusted.length === 0 ? 'ok' : 'not-trusted';
  return { outcome, chain, registryProblems: trust.registryProblems, notYetTrusted: trust.notYetTrusted };
}

/** This desk as verification needs it (the core's DeskPresence in team mode). */
export interface VerifyingDesk {
  readonly id: string;
  readonly pins: KeyPinStore;
  records(): Promise<DeskRecord[]>;
}

/** Reads the registry and this desk's pins (an unreadable pin file throws, naming it) and verifies. */
export async function verifyOnDesk(repo: AuditRepository, desk: VerifyingDesk, ownKeys: readonly KeyObject[], options: VerifyOptions = {}): Promise<DesksVerifyResult> {
  const pins = desk.pins.read();
  return verifyAcrossDesks(repo, { selfId: desk.id, ownKeys, desks: await desk.records(), pins }, options);
}

/** The CLI's exit code: 0 verified, 1 a problem (tampering?), 3 a key not trusted yet. */
export const desksVerifyExitCode = (r: DesksVerifyResult): number => ({ ok: 0, failed: 1, 'not-trusted': 3 })[r.outcome];

export function formatDesksVerifyResult(r: DesksVerifyResult): string[] {
  const lines = formatVerifyResult(r.chain);
  if (!r.chain.ok && r.chain.notTrusted) lines[0] = 'Audit log NOT VERIFIED: a checkpoint is signed by a desk key this desk does not trust yet.';
  if (r.chain.ok && r.chain.signers && r.chain.signers.length > 0) {
    lines.push(`Signed by: ${r.chain.signers.map((s) => `${s.signer} (${s.checkpoints} ${s.checkpoints === 1 ? 'checkpoint' : 'checkpoints'}, latest at entry ${s.latestSeq})`).join('; ')}.`);
  }
  for (const p of r.registryProblems) lines.push(`Desks registry: ${p}`);
  for (const d of r.notYetTrusted) {
    lines.push(`Not yet trusted: desk "${d.name}" (${d.fingerprint}). Check this fingerprint with that desk (not through the database), then run \`${trustCommand(d)}\`.`);
  }
  if (r.outcome === 'failed' && r.chain.ok) lines.unshift('Audit log FAILED verification: the desks registry does not match the keys this desk pinned (below); the chain itself checks out.');
  if (r.outcome === 'not-trusted' && r.chain.ok) lines.push('Not every desk key is trusted, so this is not a clean result.');
  return lines;
}
