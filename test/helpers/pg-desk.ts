// One desk's control service on a shared PostgreSQL database, as the app assembles it in team mode:
// its own claims (owner = desk id), its own adapters (the channels whose credentials its keychain
// holds), its own audit key. Used by the team outbox test and by its child desk processes.
import type { ChannelAdapter } from '../../electron/channels/types';
import { createAuditLog } from '../../electron/core/audit/audit-log';
import { createControlService, type ControlService } from '../../electron/core/control/control-service';
import { createEventRecorder } from '../../electron/core/control/events';
import { systemClock } from '../../electron/lib/clock';
import { createLogger, type Logger } from '../../electron/lib/log';
import type { Store } from '../../electron/store/repositories';
import { openPostgresStore } from '../../electron/store/postgres/postgres-store';
import { makeSigningKey } from './audit-test-kit';

export interface PgDesk {
  readonly owner: string;
  readonly store: Store;
  readonly service: ControlService;
  close(): Promise<void>;
}

export interface PgDeskOptions {
  readonly url: string;
  readonly owner: string;
  readonly adapters: Map<string, ChannelAdapter>;
  readonly leaseMs?: number;
  readonly settleAfterMs?: number;
  /** Where the desk's errors go (and its pool's lost idle connections); quiet by default. */
  readonly logger?: Logger;
}

export async function openPgDesk(o: PgDeskOptions): Promise<PgDesk> {
  const logger = o.logger ?? createLogger({ quiet: true });
  const store = await openPostgresStore(o.url, { onConnectionError: (err) => logger.error('database connection lost', err) });
  const audit = createAuditLog({ repo: store.audit, clock: systemClock, signingKey: makeSigningKey(), checkpointEvery: 1_000_000 });
  const service = createControlService({
    owner: o.owner, control: store.control, ledger: store.monitor, audit, auditRepo: store.audit, adapters: o.adapters, clock: systemClock,
    logger, events: createEventRecorder(),
    ...(o.leaseMs !== undefined ? { leaseMs: o.leaseMs } : {}),
    ...(o.settleAfterMs !== undefined ? { settleAfterMs: o.settleAfterMs } : {}),
  });
  return {
    owner: o.owner, store, service,
    close: async () => {
      await service.stop();
      await store.close();
    },
  };
}
