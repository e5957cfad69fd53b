// The demo Mastodon instance's state: accounts, OAuth applications and tokens (with scopes),
// statuses, Idempotency-Key memory, and Mastodon's rate limits (300 requests per 5 minutes per
// account; 30 deletions per 30 minutes), all on the injected clock.
import { randomBytes } from 'node:crypto';
import type { mastodon } from 'masto';
import type { Clock } from '../../lib/clock';
import { accountEntity, formatContent, statusEntity, type DemoMastodonAccountSpec } from './entities';

export interface DemoMastodonLimits {
  /** Per account per 5 minutes, every authenticated request. */
  readonly requests: number;
  /** Per account per 30 minutes, DELETE /api/v1/statuses/:id. */
  readonly deletes: number;
  /** Characters per status (links count 23). */
  readonly characters: number;
}
export const defaultMastodonLimits: DemoMastodonLimits = { requests: 300, deletes: 30, characters: 500 };

export interface DemoMastodonToken {
  readonly accountId: string;
  readonly scopes: readonly string[];
  readonly clientId: string;
}

export interface DemoMastodonApp {
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
  /** Where /oauth/authorize may send the browser back to (POST /api/v1/apps redirect_uris). */
  readonly redirectUris: readonly string[];
}

export type DemoMastodonEvent =
  | { readonly kind: 'update'; readonly status: mastodon.v1.Status }
  /** An edit: the user stream's `status.update` carries the status as it reads now. */
  | { readonly kind: 'status.update'; readonly status: mastodon.v1.Status }
  | { readonly kind: 'delete'; readonly accountId: string; readonly id: string };

interface Window {
  startMs: number;
  used: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly headers: Record<string, string>;
}

const secret = (): string => randomBytes(24).toString('base64url');

export class DemoMastodonInstance {
  readonly apps = new Map<string, DemoMastodonApp>();
  private readonly tokens = new Map<string, DemoMastodonToken>();
  private readonly accounts = new Map<string, DemoMastodonAccountSpec>();
  private readonly statuses = new Map<string, mastodon.v1.Status>();
  private readonly deleted: string[] = [];
  private readonly idempotent = new Map<string, { id: string; atMs: number }>();
  private readonly windows = new Map<string, Window>();
  private readonly listeners = new Set<(e: DemoMastodonEvent) => void>();
  private nextId = 0n;

  constructor(
    readonly origin: () => string,
    readonly clock: Clock,
    readonly limits: DemoMastodonLimits,
  ) {
    // Snowflake-like: time-ordered numeric strings, as Mastodon's ids are.
    this.nextId = BigInt(clock.now().getTime()) << 16n;
  }

  addAccount(spec: DemoMastodonAccountSpec): void {
    this.accounts.set(spec.id, spec);
  }

  registerApp(name: string, scopes: readonly string[], redirectUris: readonly string[] = ['urn:ietf:wg:oauth:2.0:oob']): DemoMastodonApp {
    const app = { name, clientId: secret(), clientSecret: secret(), scopes, redirectUris };
    this.apps.set(app.clientId, app);
    return app;
  }

  issueToken(app: DemoMastodonApp, accountId: string, scopes: readonly string[] = app.scopes): string {
    const token = secret();
    this.tokens.set(token, { accountId, scopes, clientId: app.clientId });
    return token;
  }

  /** Ends these tokens (an authorization code presented twice: what it bought dies with it). */
  dropTokens(tokens: readonly string[]): void {
    for (const t of tokens) this.tokens.delete(t);
  }

  /** Tests: how many live tokens an application holds. */
  tokenCount(clientId: string): number {
    return [...this.tokens.values()].filter((t) => t.clientId === clientId).length;
  }

  token(value: string | undefined): DemoMastodonToken | null {
    return value ? (this.tokens.get(value) ?? null) : null;
  }

  /** RFC 7009: revoking an unknown token is not an error. False when the client does not own it. */
  revoke(clientId: string, clientSecret: string, token: string): boolean {
    const app = this.apps.get(clientId);
    if (!app || app.clientSecret !== clientSecret) return false;
    const t = this.tokens.get(token);
    if (t && t.clientId === clientId) this.tokens.delete(token);
    return true;
  }

  account(id: string): mastodon.v1.Account | null {
    const spec = this.accounts.get(id);
    if (!spec) return null;
    const count = [...this.statuses.values()].filter((s) => s.account.id === id).length;
    return accountEntity(spec, this.origin(), '2019-01-01T00:00:00.000Z', count);
  }

  consume(accountId: string, bucket: 'requests' | 'deletes'): RateDecision {
    const now = this.clock.now().getTime();
    const span = bucket === 'requests' ? 5 * 60_000 : 30 * 60_000;
    const key = `${accountId}:${bucket}`;
    let w = this.windows.get(key);
    if (!w || now >= w.startMs + span) {
      w = { startMs: now, used: 0 };
      this.windows.set(key, w);
    }
    const limit = this.limits[bucket];
    const allowed = w.used < limit;
    if (allowed) w.used++;
    const headers = { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(limit - w.used), 'x-ratelimit-reset': new Date(w.startMs + span).toISOString() };
    return { allowed, headers };
  }

  /** Creates a status, or answers the one an earlier request with the same key created (1 hour). */
  create(
    accountId: string,
    input: { text: string; spoilerText: string; visibility: mastodon.v1.StatusVisibility; idempotencyKey: string | null; application?: string; media?: readonly mastodon.v1.MediaAttachment[]; onCreated?: (statusId: string) => void },
  ): mastodon.v1.Status {
    const now = this.clock.now();
    const key = input.idempotencyKey ? `${accountId}:${input.idempotencyKey}` : null;
    const earlier = key ? this.idempotent.get(key) : undefined;
    if (earlier && now.getTime() - earlier.atMs < 3_600_000) {
      const existing = this.statuses.get(earlier.id);
      if (existing) return existing;
    }
    const account = this.account(accountId);
    if (!account) throw new Error(`no demo account ${accountId}`);
    this.nextId += 1n;
    const status = statusEntity({ id: String(this.nextId), text: input.text, spoilerText: input.spoilerText, visibility: input.visibility, createdAt: now.toISOString(), account, origin: this.origin(), media: input.media ?? [], ...(input.application ? { application: input.application } : {}) });
    this.statuses.set(status.id, status);
    input.onCreated?.(status.id);
    if (key) this.idempotent.set(key, { id: status.id, atMs: now.getTime() });
    this.emit({ kind: 'update', status });
    return status;
  }

  status(id: string): mastodon.v1.Status | null {
    return this.statuses.get(id) ?? null;
  }

  /**
   * Edits a status of the account in place, as PUT /api/v1/statuses/:id does: same id, new text
   * (and content warning), `edited_at` set; its media stay. Null when it is not the account's.
   */
  edit(accountId: string, id: string, input: { text: string; spoilerText: string }): mastodon.v1.Status | null {
    const status = this.statuses.get(id);
    if (!status || status.account.id !== accountId) return null;
    const edited: mastodon.v1.Status = { ...status, content: formatContent(input.text), spoilerText: input.spoilerText, sensitive: input.spoilerText !== '', editedAt: this.clock.now().toISOString() };
    this.statuses.set(id, edited);
    this.emit({ kind: 'status.update', status: edited });
    return edited;
  }

  remove(accountId: string, id: string): mastodon.v1.Status | null {
    const status = this.statuses.get(id);
    if (!status || status.account.id !== accountId) return null;
    this.statuses.delete(id);
    this.deleted.push(id);
    this.emit({ kind: 'delete', accountId, id });
    return status;
  }

  /** Newest first, as GET /api/v1/accounts/:id/statuses pages them. */
  list(accountId: string, q: { limit: number; minId: string | null; sinceId: string | null; maxId: string | null }): mastodon.v1.Status[] {
    const cmp = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
    const mine = [...this.statuses.values()].filter((s) => s.account.id === accountId && (q.maxId === null || cmp(s.id, q.maxId) < 0));
    if (q.minId !== null) {
      // min_id: the page immediately after min_id (oldest first taken), still returned newest first.
      const after = mine.filter((s) => cmp(s.id, q.minId as string) > 0).sort((a, b) => cmp(a.id, b.id));
      return after.slice(0, q.limit).reverse();
    }
    return mine.filter((s) => q.sinceId === null || cmp(s.id, q.sinceId) > 0).sort((a, b) => cmp(b.id, a.id)).slice(0, q.limit);
  }

  liveStatuses(): mastodon.v1.Status[] {
    return [...this.statuses.values()].reverse();
  }

  deletedIds(): string[] {
    return [...this.deleted];
  }

  onEvent(listener: (e: DemoMastodonEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: DemoMastodonEvent): void {
    for (const l of this.listeners) l(e);
  }
}
