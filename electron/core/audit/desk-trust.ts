// Team mode: which desk signed a checkpoint, and whether this desk trusts that key. The desks
// registry lives in the shared database, which an attacker with write access could edit (add a
// desk of their own, or replace a desk's key); so trust comes from this desk's own key and the pins
// in its own data directory (key-pins.ts), and the registry only names desks and shows what changed.
import type { KeyObject } from 'node:crypto';
import type { DeskRecord } from '../../store/records';
import { currentPin, type KeyPins } from './key-pins';
import { keyFingerprint, parsePublicKey } from './signing';
import type { CheckpointKeyJudge, KeyVerdict } from './verify';

export interface DeskTrustInput {
  /** This desk's id (its own key is always trusted). */
  readonly selfId: string;
  /** This desk's own key(s) from its keychain; empty when the keychain cannot be read. */
  readonly ownKeys: readonly KeyObject[];
  readonly desks: readonly DeskRecord[];
  readonly pins: KeyPins;
}

/** A registered desk whose key this desk has not pinned: shown with the command that trusts it. */
export interface UntrustedDesk {
  readonly id: string;
  readonly name: string;
  readonly fingerprint: string;
}

export interface DeskTrust {
  readonly judge: CheckpointKeyJudge;
  /** The registry disagrees with this desk's pins or keychain: each names the desk (replaced in the database?). */
  readonly registryProblems: readonly string[];
  readonly notYetTrusted: readonly UntrustedDesk[];
}

export const trustCommand = (d: UntrustedDesk): string => `control-room desks trust ${d.id} --fingerprint ${d.fingerprint}`;

/** The fingerprint of a registry row's key; null when there is none or it cannot be read. */
export function registryFingerprint(d: DeskRecord): string | null {
  if (d.auditPublicKey === null) return null;
  try {
    return keyFingerprint(parsePublicKey(d.auditPublicKey));
  } catch {
    return null;
  }
}

const day = (iso: string): string => iso.slice(0, 10);

export function deskTrust(input: DeskTrustInput): DeskTrust {
  const { selfId, pins } = input;
  const own = new Set(input.ownKeys.map(keyFingerprint));
  const byId = new Map(input.desks.map((d) => [d.id, d]));
  const nameOf = (id: string): string => byId.get(id)?.name ?? pins[id]?.name ?? id;
  const selfName = `${nameOf(selfId)} (this desk)`;
  // Any key ever pinned for a desk vouches for the checkpoints it signed (a desk whose key was re-trusted keeps its history).
  const pinnedBy = new Map<string, string>();
  for (const [id, desk] of Object.entries(pins)) for (const k of desk.keys) pinnedBy.set(k.fingerprint, id);

  const registryProblems: string[] = [];
  const notYetTrusted: UntrustedDesk[] = [];
  const registryKeyOwner = new Map<string, DeskRecord>();
  for (const d of input.desks) {
    const fp = registryFingerprint(d);
    if (d.auditPublicKey !== null && fp === null) {
      registryProblems.push(`desk "${d.name}" (${d.id}): its key in the registry cannot be read (edited in the database?)`);
      continue;
    }
    if (fp === null) continue;
    registryKeyOwner.set(fp, d);
    const pinned = pins[d.id];
    if (d.id === selfId) {
      if (own.size > 0 && !own.has(fp)) registryProblems.push(`this desk's key in the registry (${fp}) is not the one in its keychain: replaced in the database?`);
      continue;
    }
    if (!pinned) {
      notYetTrusted.push({ id: d.id, name: d.name, fingerprint: fp });
      continue;
    }
    const pin = currentPin(pinned);
    if (pin.fingerprint !== fp) {
      registryProblems.push(
        `desk "${d.name}"'s key in the registry (${fp}) is not the one this desk pinned on ${day(pin.pinnedAt)} (${pin.fingerprint}): replaced in the database? ` +
          `If that desk really has a new key, check its fingerprint with it and run \`${trustCommand({ id: d.id, name: d.name, fingerprint: fp })}\`.`,
      );
    }
  }

  const judge = (key: KeyObject): KeyVerdict => {
    const fp = keyFingerprint(key);
    if (own.has(fp)) return { trusted: true, signer: selfName };
    const pinnedId = pinnedBy.get(fp);
    if (pinnedId !== undefined) return { trusted: true, signer: pinnedId === selfId ? selfName : nameOf(pinnedId) };
    const registered = registryKeyOwner.get(fp);
    if (registered && pins[registered.id]) {
      return { trusted: false, problem: `signed by desk "${registered.name}"'s key in the registry (${fp}), which is not the key this desk pinned for it (replaced in the database?)` };
    }
    if (registered) {
      const d = { id: registered.id, name: registered.name, fingerprint: fp };
      return {
        trusted: false,
        notTrusted: true,
        problem: `signed by desk "${registered.name}" (${fp}), whose key this desk has not pinned: not yet trusted. If "${registered.name}" is a real desk of the bureau, check this fingerprint with it (not through the database), then run \`${trustCommand(d)}\``,
      };
    }
    return { trusted: false, problem: `signed by key ${fp}, which is neither this desk's, nor pinned, nor any registered desk's (forged?)` };
  };

  return { judge, registryProblems, notYetTrusted };
}
