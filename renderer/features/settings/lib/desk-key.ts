// What Settings -> Desks says about each desk's audit key: its fingerprint (shortened on screen,
// whole when copied) and whether this desk trusts it, in words for the press officer at the desk and
// for a security reviewer. A key that differs from its pin, or a pin file this desk cannot read, is an
// alarm that says what to do; where a person must vouch for a key it gives the exact CLI command
// (electron/cli/desks-command.ts), to run only after checking the fingerprint with that desk's owner
// out of band: the shared database is exactly what an attacker would have edited.
import type { DeskView } from '../../../../electron/shared/contract';

type KeyTrust = DeskView['keyTrust'];

/** ok: nothing to do; notice: worth knowing; warning: a person should act; alarm: act now, something may be wrong. */
export type TrustTone = 'ok' | 'notice' | 'warning' | 'alarm';

export interface DeskKeyView {
  /** The full fingerprint ("ed25519:" and 64 hex digits), or null when the desk has no key yet. */
  readonly fingerprint: string | null;
  /** The fingerprint split for middle shortening: the head is elided on screen, the tail always shows. */
  readonly head: string;
  readonly tail: string;
  /** What the screen shows (head start, an ellipsis, tail), for tests and the tooltip's short form. */
  readonly short: string;
  /** The trust state in a few words (the badge). */
  readonly trust: string;
  readonly tone: TrustTone;
  /** One or two sentences: what the state means. */
  readonly meaning: string;
  /** What to do, when a person must act (null when nothing is to be done). */
  readonly todo: string | null;
  /** The command that todo names, to run on this desk's computer (null when none applies). */
  readonly command: string | null;
}

/** The badge of an unreadable pin file (shown once for the whole table, see desk-rows.ts). */
export const pinFileTrust = 'Pin file unreadable';

const tailLength = 8;
/** "ed25519:" and the first 8 hex digits: together with the last 8, enough to tell keys apart at a glance. */
const headShown = 'ed25519:'.length + 8;

export function shortFingerprint(fingerprint: string): string {
  if (fingerprint.length <= headShown + tailLength + 1) return fingerprint;
  return `${fingerprint.slice(0, headShown)}…${fingerprint.slice(-tailLength)}`;
}

/** The CLI command that pins a desk's key on this desk (the same syntax `control-room desks` prints). */
export function trustCommand(deskId: string, fingerprint: string): string {
  return `control-room desks trust ${deskId} --fingerprint ${fingerprint}`;
}

/** Said under every command: the pins live in this desk's data directory, the registry in its database. */
export const commandNote = 'Run it on this desk’s computer, with the same --data-dir and --database (or CONTROL_ROOM_DATABASE_URL) this desk runs with.';

interface TrustText {
  readonly trust: string;
  readonly tone: TrustTone;
  readonly meaning: string;
  readonly todo: string | null;
  readonly command: string | null;
}

function trustText(trust: KeyTrust, desk: { readonly id: string; readonly name: string }, fingerprint: string | null): TrustText {
  const pinCommand = fingerprint === null ? null : trustCommand(desk.id, fingerprint);
  const checkWithOwner = `Call the person who runs ${desk.name} (by phone or in person, not by email or chat through this system) and have them read out the fingerprint their own desk shows under Settings → Desks.`;
  switch (trust) {
    case 'this desk':
      return { trust: 'This desk’s own key', tone: 'ok', meaning: 'This desk signs its audit checkpoints with it. Other desks pin this fingerprint.', todo: null, command: null };
    case 'pinned':
      return { trust: 'Trusted (pinned)', tone: 'ok', meaning: 'This desk has pinned this key: audit checkpoints it signs are verified here.', todo: null, command: null };
    case 'not yet trusted':
      return {
        trust: 'Not yet trusted',
        tone: 'warning',
        meaning: 'This desk has not pinned this key: audit checkpoints it signs are not accepted here as that desk’s.',
        todo: `${checkWithOwner} Only if it matches the fingerprint here, run:`,
        command: pinCommand,
      };
    case 'key differs from pin':
      return {
        trust: 'Key differs from pin',
        tone: 'alarm',
        meaning:
          'The shared database holds a different audit key for this desk than the one this desk pinned. Checkpoints signed with it are NOT trusted here. ' +
          'Either that desk’s key was replaced (a reinstall, a new computer), or someone who can write to the database put in their own key.',
        todo: `Do not trust it yet. ${checkWithOwner} If it does not match the fingerprint here, treat it as a security incident and tell whoever handles security. Only if it matches, run:`,
        command: pinCommand,
      };
    case 'pins unreadable':
      return {
        trust: pinFileTrust,
        tone: 'alarm',
        meaning: 'This desk cannot read its file of trusted desk keys, so it trusts no other desk’s key: audit checkpoints from other desks cannot be verified here.',
        todo:
          'Restore the file from a backup. If there is none, move it aside: this desk then pins the keys the database holds now, so check each desk’s fingerprint with the person who runs it and treat any mismatch as a security incident. ' +
          'This command names the file and why it cannot be read:',
        command: 'control-room desks',
      };
    case 'no key':
      // The key is read from the OS keychain when a desk starts; one it could not read stays unregistered until a restart.
      return {
        trust: 'No audit key',
        tone: 'notice',
        meaning: `${desk.name} could not read its OS keychain when it started, so its audit checkpoints are not signed (the log is still chained). It registers its key the next time it starts with the keychain available.`,
        todo: null,
        command: null,
      };
    case null:
      return { trust: 'Not compared', tone: 'notice', meaning: 'A single desk on its own database: there are no other desks’ keys to trust.', todo: null, command: null };
  }
}

export function deskKeyView(desk: Pick<DeskView, 'id' | 'name' | 'keyFingerprint' | 'keyTrust'>): DeskKeyView {
  const fp = desk.keyFingerprint;
  const split = fp === null || fp.length <= headShown + tailLength + 1 ? fp?.length ?? 0 : fp.length - tailLength;
  return {
    fingerprint: fp,
    head: fp === null ? '' : fp.slice(0, split),
    tail: fp === null ? '' : fp.slice(split),
    short: fp === null ? '' : shortFingerprint(fp),
    ...trustText(desk.keyTrust, desk, fp),
  };
}
