// What every handlers file is written against: the core's services as app.ts builds them, and
// the few helpers more than one namespace needs. A handler only translates between the contract
// and the services; the rules live in the services.
import type { KeyObject } from 'node:crypto';
import type { ChannelKind, Variant } from '../../channels/types';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/log';
import type { ReplayProvider } from '../../lib/plugin';
import type { Status } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { AuditRepository, MediaRepository, MonitorRepository, SettingsRepository } from '../../store/repositories';
import type { AccountsService } from '../accounts/accounts-service';
import type { ChannelService } from '../channels/channel-service';
import type { ControlService } from '../control/control-service';
import type { DeskPresence } from '../desks';
import type { EventBus } from '../event-bus';
import type { AnomalySettingsService } from '../provenance/anomaly-settings';
import type { MediaService } from '../media';
import type { StatementsService } from '../statements/statements-service';
import type { TemplatesService } from '../statements/templates-service';
import type { OfflineDrafts } from '../statements/offline-drafts';
import type { DatabaseHealth } from '../team/database-health';
import type { StatementVariants } from '../../shared/contract-statements';

export interface HandlerDeps {
  readonly accounts: AccountsService;
  readonly statements: StatementsService;
  readonly media: MediaService;
  readonly templates: TemplatesService;
  readonly control: ControlService;
  readonly channels: ChannelService;
  readonly monitorRepo: MonitorRepository;
  readonly mediaRepo: MediaRepository;
  readonly settings: SettingsRepository;
  readonly anomaly: AnomalySettingsService;
  readonly auditRepo: AuditRepository;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly status: () => Status;
  readonly desks: DeskPresence;
  /** Whether this desk reaches the shared database (always on SQLite). */
  readonly databaseHealth: DatabaseHealth;
  /** Draft saves that go to this desk's journal while the database is unreachable. */
  readonly offlineDrafts: OfflineDrafts;
  /** The keys signed checkpoints are verified with: none until the keychain key is loaded. */
  readonly auditKeys: () => readonly KeyObject[] | undefined;
  /** Desktop only: hands an allow-listed https URL to the OS browser. */
  readonly openExternal: ((url: string, allowedHosts?: readonly string[]) => Promise<void>) | undefined;
  /** Aborted when the core closes: waits that outlive a call (an unanswered consent page) end then. */
  readonly shutdown: AbortSignal;
  /** A composed-in plug-in's scripted replay; undefined when none was composed. */
  readonly replay: ReplayProvider | undefined;
}

/**
 * zod types optional keys as `key?: T | undefined`; the services use exact optional properties.
 * Parsed input never carries an explicit undefined, so this only narrows the type.
 */
type Exact<T> = T extends object ? { [K in keyof T as undefined extends T[K] ? never : K]: Exact<T[K]> } & { [K in keyof T as undefined extends T[K] ? K : never]?: Exact<Exclude<T[K], undefined>> } : T;
export const exact = <T>(value: T): Exact<T> => value as Exact<T>;

/** Which part of a statement goes to which kind of channel. */
export function variantFor(kind: ChannelKind, v: StatementVariants): Variant | null {
  switch (kind) {
    case 'x':
      return v.x ? { title: null, text: v.x.text, html: null } : null;
    case 'bluesky':
      return v.bluesky ? { title: null, text: v.bluesky.text, html: null } : null;
    case 'mastodon':
      return v.mastodon ? { title: null, text: v.mastodon.text, html: null } : null;
    case 'wordpress':
      return v.website ? { title: v.website.title, text: '', html: v.website.html } : null;
    case 'email':
      return v.email ? { title: v.email.subject, text: v.email.text, html: v.email.html || null } : null;
    case 'rss':
      return null;
  }
}

const variantLabel: Record<ChannelKind, string> = { x: 'X', bluesky: 'Bluesky', mastodon: 'Mastodon', wordpress: 'website', email: 'email', rss: 'feed' };

/** The variant each chosen channel gets; refuses a read-only channel or a missing variant, naming it. */
export function variantsByChannel(channels: ChannelService, channelIds: readonly string[], variants: StatementVariants): Record<string, Variant> {
  const out: Record<string, Variant> = {};
  for (const id of channelIds) {
    const c = channels.adapter(id);
    if (!c.adapter.capabilities.publish) throw new AppError('BAD_INPUT', `${c.name} is read-only: untick it.`);
    const v = variantFor(c.kind, variants);
    if (!v) throw new AppError('BAD_INPUT', `The statement has no ${variantLabel[c.kind]} version for ${c.name}: add one in the composer, or untick that channel.`);
    out[id] = v;
  }
  return out;
}
