// Whether this desk can reach its shared database (team mode). Three things tell: a query that fails
// because the connection is gone, the change feed's LISTEN connection lost, the desk heartbeat
// failing. Once unreachable, a small probe runs every 2 s until a query answers again; then the
// desk is reachable, the screens are told (app.databaseHealth) and whatever waited for the database
// (the offline draft journal) runs. On SQLite the database is a local file: always reachable.
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/log';
import { isDatabaseUnreachable } from '../../store/postgres/connection-lost';

export { isDatabaseUnreachable };

export interface DatabaseReachability {
  readonly shared: boolean;
  readonly reachable: boolean;
  /** When this desk last lost the database (null while reachable). */
  readonly since: string | null;
  /** Why, in the driver's words (no URL, no password: node-postgres messages carry neither). */
  readonly lastError: string | null;
}

export interface DatabaseHealth {
  state(): DatabaseReachability;
  /** Reports a failure; returns whether it meant "unreachable" (and marks the desk so). */
  failed(err: unknown): boolean;
  /** A query answered: the database is back if it was gone. */
  succeeded(): void;
  /** Called on every change (lost or back). */
  onChange(listener: (state: DatabaseReachability) => void): () => void;
  stop(): void;
}

export const healthProbeMs = 2_000;

export function createDatabaseHealth(o: {
  readonly shared: boolean;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A small query against the database (the desk heartbeat); resolves when it answered. */
  readonly probe: () => Promise<unknown>;
  readonly probeMs?: number;
}): DatabaseHealth {
  let current: DatabaseReachability = { shared: o.shared, reachable: true, since: null, lastError: null };
  const listeners = new Set<(state: DatabaseReachability) => void>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const set = (next: DatabaseReachability): void => {
    current = next;
    for (const l of listeners) {
      try {
        l(next);
      } catch (err) {
        o.logger.error('a database health listener failed', err);
      }
    }
  };
  const stopProbing = (): void => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const startProbing = (): void => {
    if (timer || stopped) return;
    let inFlight = false;
    timer = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      o.probe().then(() => health.succeeded(), (err: unknown) => void health.failed(err)).finally(() => (inFlight = false));
    }, o.probeMs ?? healthProbeMs);
    timer.unref();
  };

  const health: DatabaseHealth = {
    state: () => current,
    failed(err) {
      if (!o.shared || !isDatabaseUnreachable(err)) return false;
      const message = err instanceof Error ? err.message : String(err);
      if (current.reachable) {
        o.logger.warn(`this desk cannot reach the database (${message}); drafts are kept on this desk until it returns`);
        set({ shared: true, reachable: false, since: o.clock.now().toISOString(), lastError: message });
        startProbing();
      }
      return true;
    },
    succeeded() {
      if (current.reachable) return;
      stopProbing();
      o.logger.info(`the database is reachable again (it was lost since ${current.since ?? '?'})`);
      set({ shared: o.shared, reachable: true, since: null, lastError: null });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      stopProbing();
      listeners.clear();
    },
  };
  return health;
}
