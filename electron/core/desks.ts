// This core as a desk: a stable id kept in its data directory, a name (--desk-name, else the host
// name), registered in the shared desks registry when its channels start and seen every 10 s while
// it runs, so Settings -> Desks can show who is on the database and whether they are still there.
import { randomUUID, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/log';
import type { DeskView } from '../shared/contract';
import type { DesksRepository } from '../store/repositories';

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
}

export function createDeskPresence(o: {
  readonly repo: DesksRepository;
  readonly id: string;
  readonly name: string;
  readonly appVersion: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly publicKeys: () => readonly KeyObject[] | undefined;
  /** Told when a heartbeat reaches the database or cannot (team mode's "unreachable" banner). */
  readonly health?: { failed(err: unknown): boolean; succeeded(): void };
}): DeskPresence {
  let timer: NodeJS.Timeout | undefined;
  let startedAt: string | null = null;
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
  };
  return {
    id: o.id,
    name: o.name,
    start: async () => {
      await register();
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
    list: async () => {
      const now = o.clock.now().getTime();
      return (await o.repo.list()).map((d) => ({
        id: d.id,
        name: d.name,
        host: d.host,
        appVersion: d.appVersion,
        startedAt: d.startedAt,
        lastSeenAt: d.lastSeenAt,
        online: now - Date.parse(d.lastSeenAt) <= deskOnlineMs,
        self: d.id === o.id,
      }));
    },
  };
}
