// `control-room desks`: every desk registered on this database, with its audit key's fingerprint
// and whether this desk trusts it; `control-room desks trust` pins a desk's key once a person has
// checked its fingerprint with that desk (by phone, in person: not through the shared database).
import { isFingerprint, registryFingerprint } from '../core/audit';
import type { Core } from '../core/app';
import type { CliIo } from './main';

interface DesksOptions {
  readonly json: boolean;
  readonly fingerprint: string | undefined;
}

const trustUsage = 'control-room: try `control-room desks trust <desk-id> --fingerprint ed25519:<64 hex>` (the desk id and fingerprint are shown by `control-room desks`).';

async function trust(core: Core, deskId: string | undefined, given: string | undefined, io: CliIo): Promise<number> {
  const { pins } = core.desks;
  if (!pins) {
    io.err('control-room: `desks trust` is for team mode (--database postgres://...); a single desk on SQLite trusts its own key.');
    return 2;
  }
  const fingerprint = given?.trim().toLowerCase();
  if (!deskId || !fingerprint || !isFingerprint(fingerprint)) {
    io.err(trustUsage);
    return 2;
  }
  const desk = (await core.desks.records()).find((d) => d.id === deskId);
  if (!desk) {
    io.err(`control-room: no desk ${deskId} is registered on this database; \`control-room desks\` lists them.`);
    return 1;
  }
  const registered = registryFingerprint(desk);
  if (registered !== fingerprint) {
    io.err(
      `control-room: desk "${desk.name}" has key ${registered ?? '(none)'} in the registry, not the ${fingerprint} you checked with it. ` +
        'Nothing was trusted: the key in the database is not the one that desk holds (replaced?), or the fingerprint was copied wrongly.',
    );
    return 1;
  }
  const added = pins.pin(desk.id, desk.name, fingerprint, 'fingerprint checked', new Date());
  io.out(added ? `Trusted desk "${desk.name}"'s audit key ${fingerprint} (pinned in ${pins.file}).` : `Desk "${desk.name}"'s audit key ${fingerprint} was already trusted.`);
  return 0;
}

export async function runDesksCommand(core: Core, args: readonly string[], o: DesksOptions, io: CliIo): Promise<number> {
  const [sub, deskId] = args;
  if (sub === 'trust') {
    try {
      return await trust(core, deskId, o.fingerprint, io);
    } catch (err) {
      io.err(`control-room: ${(err as Error).message}`);
      return 1;
    }
  }
  if (sub !== undefined) {
    io.err(`control-room: unknown \`desks ${sub}\`; try \`control-room desks\` or \`control-room desks trust\`.`);
    return 2;
  }
  const desks = await core.desks.list();
  if (o.json) {
    io.out(JSON.stringify(desks));
    return 0;
  }
  if (desks.length === 0) {
    io.out('No desk has registered yet: a desk registers when its app (or `control-room serve`) starts.');
    return 0;
  }
  for (const d of desks) {
    io.out(`${d.online ? 'online ' : 'offline'}  ${d.name}  (${d.host}, Control Room ${d.appVersion})  last seen ${d.lastSeenAt}${d.self ? '  [this data directory]' : ''}`);
    io.out(`         id ${d.id}  audit key ${d.keyFingerprint ?? '(none yet)'}${d.keyTrust === null ? '' : `  [${d.keyTrust}]`}`);
  }
  if (desks.some((d) => d.keyTrust === 'not yet trusted')) {
    io.out('A desk "not yet trusted": check its fingerprint with that desk, then run `control-room desks trust <id> --fingerprint <fingerprint>`.');
  }
  if (desks.some((d) => d.keyTrust === 'pins unreadable')) {
    try {
      core.desks.pins?.read();
    } catch (err) {
      io.err(`control-room: ${(err as Error).message}`);
    }
    return 1;
  }
  return 0;
}
