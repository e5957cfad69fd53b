// This core as a desk: a stable id kept in its data directory, a name (--desk-name, else the host
// name), registered in the shared desks registry when its channels start and seen every 10 s while
// it runs, so Settings -> Desks can show who is on the database and whether they are still there.
// In team mode it also pins the audit keys it sees (audit/key-pins.ts): its own, and each other
// desk's the first time that desk appears in the registry; a pinned key is never replaced from here.
import { randomUUID, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/log';
import type { ChannelReaders, DeskView } from '../shared/contract';
import type { DeskRecord } from '../store/records';
import type { DesksRepository } from '../store/repositories';
import { keyFingerprint } from './audit/signing';
import { registryFingerprint } from './audit/desk-trust';
import { currentPin, type KeyPins, type KeyPinStore } from './audit/key-pins';

export const deskHeartbeatMs = 10_000;
/** A desk seen within this long is online (three heartbeats). */
export const deskOnlineMs = 30_000;
export const deskIdFileName = 'desk-id';
const maxDeskName = 64;

/** The id of the desk that uses this data directory, made (and kept) on first use. */
export function deskIdOf(dataDir: string): string {
  const file = join(dataDir, deskIdFileName);
  if (existsSync(file)) {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f-]{36}$/.test(id)) return id;
  }
  const id = randomUUID();
  writeFileSync(file, `${id}\n`, { mode: 0o600 });
  return id;
}

/** The name a desk is shown by: the one given (trimmed, at most 64 characters), else the host name. */
export function deskNameOf(given: string | undefined): string {
  const name = (given ?? '').trim() || hostname();
  return name.slice(0, maxDeskName);
}

export interface DeskPresence {
  readonly id: string;
  readonly name: string;
  /** Registers this desk (again) and refreshes it every 10 s until stop(). */
  start(): Promise<void>;
  stop(): void;
  list(): Promise<DeskView[]>;
  /** The registry rows as stored (with each desk's public audit key). */
  records(): Promise<DeskRecord[]>;
  /** Team mode: the audit keys this desk trusts (null on SQLite, a single desk). */
  readonly pins: KeyPinStore | null;
  /** Team mode: the desk holding each of these channels' reader lease (named from the registry), or none. */
  readers(channelIds: readonly string[]): Promise<ChannelReaders>;
}

type KeyTrust = DeskView['keyTrust'];

function keyTrustOf(d: DeskRecord, selfId: string, pins: KeyPins | null | Error): KeyTrust {
  const fp = registryFingerprint(d);
  if (fp === null) return 'no key';
  if (d.id === selfId) return 'this desk';
  if (pins === null) return null;
  if (pins instanceof Error) return 'pins unreadable';
  const pinned = pins[d.id];
  if (!pinned) return 'not yet trusted';
  return currentPin(pinned).fingerprint === fp ? 'pinned' : 'key differs from pin';
}

export function createDeskPresence(o: {
  readonly repo: DesksRepository;
  readonly id: string;
  readonly name: string;
  readonly appVersion: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly publicKeys: () => readonly KeyObject[] | undefined;
  /** Team mode: where this desk pins the audit keys it sees. */
  readonly pins?: KeyPinStore;
  /** Team mode (PostgreSQL): channels have reader leases. On SQLite this desk reads every channel. */
  readonly team: boolean;
  /** Told when a heartbeat reaches the database or cannot (team mode's "unreachable" banner). */
  readonly health?: { failed(err: unknown): boolean; succeeded(): void };
}): DeskPresence {
  let timer: NodeJS.Timeout | undefined;
  let startedAt: string | null = null;
  const warnedMismatch = new Set<string>();
  // Trust on first sight: a desk not pinned yet is pinned now; a pinned desk whose registry key
  // changed keeps its pin (audit verify names it) and is warned about once.
  const pinSeen = async (): Promise<void> => {
    const pins = o.pins;
    if (!pins) return;
    const now = o.clock.now();
    const own = o.publicKeys()?.[0];
    if (own) pins.pin(o.id, o.name, keyFingerprint(own), 'own key', now);
    const known = pins.read();
    for (const d of await o.repo.list()) {
      const fp = registryFingerprint(d);
      if (fp === null || d.id === o.id) continue;
      const pinned = known[d.id];
      if (!pinned) pins.pin(d.id, d.name, fp, 'first seen', now);
      else if (currentPin(pinned).fingerprint !== fp && !warnedMismatch.has(`${d.id} ${fp}`)) {
        warnedMismatch.add(`${d.id} ${fp}`);
        o.logger.warn(`desk "${d.name}" (${d.id}) has a different audit key in the registry (${fp}) than this desk pinned: not trusted; \`control-room audit verify\` names it`);
      }
    }
  };
  const pinQuietly = async (): Promise<void> => {
    try {
      await pinSeen();
    } catch (err) {
      o.logger.warn(`audit key pins not updated: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const register = async (): Promise<void> => {
    const now = o.clock.now().toISOString();
    startedAt ??= now;
    const key = o.publicKeys()?.[0];
    await o.repo.register({
      id: o.id,
      name: o.name,
      host: hostname(),
      appVersion: o.appVersion,
      auditPublicKey: key ? key.export({ type: 'spki', format: 'der' }).toString('base64') : null,
      startedAt,
      lastSeenAt: now,
    });
  };
  const beat = async (): Promise<void> => {
    // A row removed by hand (or a database restored from a backup) gets this desk back at once.
    if (!(await o.repo.touch(o.id, o.clock.now().toISOString()))) await register();
    await pinQuietly();
  };
  return {
    id: o.id,
    name: o.name,
    pins: o.pins ?? null,
    start: async () => {
      await register();
      await pinQuietly();
      if (timer) return;
      timer = setInterval(() => {
        beat().then(() => o.health?.succeeded(), (err: unknown) => {
          o.health?.failed(err);
          o.logger.warn(`desk heartbeat failed (the database may be unreachable): ${err instanceof Error ? err.message : String(err)}`);
        });
      }, deskHeartbeatMs);
      timer.unref();
    },
    stop: () => {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    records: () => o.repo.list(),
    list: async () => {
      const now = o.clock.now().getTime();
      let pins: KeyPins | null | Error = null;
      try {
        pins = o.pins ? o.pins.read() : null;
      } catch (err) {
        pins = err instanceof Error ? err : new Error(String(err));
      }
      return (await o.repo.list()).map((d) => ({
        id: d.id,
        name: d.name,
        host: d.host,
        appVersion: d.appVersion,
        startedAt: d.startedAt,
        lastSeenAt: d.lastSeenAt,
        online: now - Date.parse(d.lastSeenAt) <= deskOnlineMs,
        self: d.id === o.id,
        keyFingerprint: registryFingerprint(d),
        keyTrust: keyTrustOf(d, o.id, pins),
      }));
    },
    readers: async (channelIds) => {
      if (!o.team) return { team: false, channels: [] };
      const names = new Map((await o.repo.list()).map((d) => [d.id, d.name]));
      const channels = await Promise.all(channelIds.map(async (channelId) => {
        const held = await o.repo.reader(channelId);
        // A lease held by a desk missing from the registry (its row removed by hand) still reads.
        const reader = held ? { deskId: held.deskId, deskName: names.get(held.deskId) ?? `unregistered desk ${held.deskId.slice(0, 8)}`, self: held.deskId === o.id } : null;
        return { channelId, reader };
      }));
      return { team: true, channels };
    },
  };
}
