// Break-glass from a terminal: `control-room freeze` and `control-room evidence export`, against
// the same data directory as the running app (its send gate reads the freeze from the database at
// every claim). Both act as a named person: --user, with the passphrase from the
// CONTROL_ROOM_PASSPHRASE environment variable or typed at a hidden prompt.
import { createInterface } from 'node:readline';
import type { Core } from '../core/app';
import type { Caller } from '../core/dispatch';
import type { CliIo } from './main';
import { allChannels } from '../shared/all-channels';

export interface ControlCommandOptions {
  readonly user: string | undefined;
  readonly all: boolean;
  readonly channels: string | undefined;
  readonly reason: string | undefined;
  readonly incident: string | undefined;
  readonly out: string | undefined;
  readonly json: boolean;
}

async function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) return '';
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const out = rl as unknown as { _writeToOutput?: (s: string) => void; output: NodeJS.WritableStream };
  out._writeToOutput = (s: string) => {
    // Echo the question only: the passphrase itself never appears on screen.
    if (s.includes(question)) out.output.write(s);
  };
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

async function signIn(core: Core, user: string | undefined, io: CliIo): Promise<Caller | null> {
  if (!user) {
    io.err('control-room: say who you are with --user NAME (the passphrase comes from CONTROL_ROOM_PASSPHRASE or a prompt).');
    return null;
  }
  const passphrase = process.env['CONTROL_ROOM_PASSPHRASE'] ?? (await promptHidden(`Passphrase for ${user}: `));
  if (!passphrase) {
    io.err('control-room: no passphrase: set CONTROL_ROOM_PASSPHRASE or run this in a terminal.');
    return null;
  }
  const caller: Caller = { transport: 'cli', session: { id: null } };
  const r = await core.dispatch('accounts.signIn', { username: user, passphrase }, caller);
  if (!r.ok) {
    io.err(`control-room: ${r.error.message}`);
    return null;
  }
  return caller;
}

export async function runFreezeCommand(core: Core, o: ControlCommandOptions, io: CliIo): Promise<number> {
  const channelIds = o.channels?.split(',').map((c) => c.trim()).filter(Boolean) ?? [];
  if (o.all === (channelIds.length > 0)) {
    io.err('control-room: choose --all, or --channels id1,id2 (not both).');
    return 2;
  }
  const caller = await signIn(core, o.user, io);
  if (!caller) return 1;
  const r = await core.dispatch('control.freeze', { scope: o.all ? allChannels : channelIds, reason: o.reason ?? '' }, caller);
  if (!r.ok) {
    io.err(`control-room: ${r.error.message}`);
    return 1;
  }
  const data = r.data as { frozen: { scope: string; frozenAt: string }[]; heldRows: number; inFlight: number };
  if (o.json) io.out(JSON.stringify(data));
  else io.out(`FROZEN: ${data.frozen.map((f) => (f.scope === allChannels ? 'all channels' : f.scope)).join(', ')}. ${data.heldRows} queued send(s) held, ${data.inFlight} already in flight.`);
  return 0;
}

export async function runEvidenceCommand(core: Core, args: readonly string[], o: ControlCommandOptions, io: CliIo): Promise<number> {
  if (args[0] !== 'export') {
    io.err('control-room: try `control-room evidence export --user NAME [--incident N] [--out DIR]`.');
    return 2;
  }
  const incidentId = o.incident === undefined ? undefined : Number(o.incident);
  if (incidentId !== undefined && !(Number.isInteger(incidentId) && incidentId > 0)) {
    io.err(`control-room: --incident must be an incident number (got ${o.incident}).`);
    return 2;
  }
  const caller = await signIn(core, o.user, io);
  if (!caller) return 1;
  const r = await core.dispatch('evidence.export', incidentId === undefined ? {} : { incidentId }, caller);
  if (!r.ok) {
    io.err(`control-room: ${r.error.message}`);
    return 1;
  }
  let bundle = r.data as { dir: string; files: { name: string }[]; manifestSha256: string; evidenceCount: number };
  if (o.out) {
    const { cpSync } = await import('node:fs');
    cpSync(bundle.dir, o.out, { recursive: true, errorOnExist: true, force: false });
    bundle = { ...bundle, dir: o.out };
  }
  if (o.json) io.out(JSON.stringify(bundle));
  else io.out(`Evidence bundle written to ${bundle.dir}: ${bundle.evidenceCount} evidence item(s), ${bundle.files.length} files; manifest SHA-256 ${bundle.manifestSha256}.`);
  return 0;
}
