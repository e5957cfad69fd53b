// Records for the store contract suite (store-contract-suite.ts): complete, valid rows a test
// changes one field of, so each assertion is about the behaviour under test.
import type { AsyncStore } from '../../electron/store/postgres/async-store';
import type {
  AccountRecord,
  ChannelRow,
  NewEvidence,
  NewOutboxRow,
  StatementRecord,
  StatementVersionRecord,
  StoredItem,
} from '../../electron/store/records';

/** Opens fresh stores on one backend. */
export interface StoreBackend {
  readonly name: string;
  /**
   * A new, empty database at the latest schema, and a function opening another store (a second
   * desk) on it. Without `second`, the two-desk tests run two callers on the one store: SQLite is
   * one desk, and a second connection to its file in the same process would block the event loop
   * (node:sqlite waits for the file's lock synchronously) while the first needs it to commit.
   */
  fresh(): Promise<{ readonly store: AsyncStore; readonly second?: () => Promise<AsyncStore> }>;
}

export const at = (minute: number): string => new Date(Date.UTC(2019, 6, 15, 9, minute)).toISOString();

export const channel = (id: string, over: Partial<ChannelRow> = {}): ChannelRow => ({
  id, kind: 'x', name: `Channel ${id}`, config: { handle: `@${id}` }, secretRef: `keychain:${id}`, demo: false, createdAt: at(0), ...over,
});

export const item = (channelId: string, itemId: string, over: Partial<StoredItem> = {}): StoredItem => ({
  channelId, itemId, firstSeenAt: at(1), publishedAt: at(0), text: `text of ${itemId}`, html: null, url: `https://x.example/${itemId}`,
  raw: `{"id":"${itemId}"}`, contentHash: `hash-${itemId}`, provenance: 'unverified', matchedBy: null, severity: 'high',
  signals: [{ kind: 'burst', detail: '5 posts in 2 minutes', weight: 2 }], status: 'live', statusDetail: null, ...over,
});

export const account = (id: string, over: Partial<AccountRecord> = {}): AccountRecord => ({
  id, username: id.toLowerCase(), displayName: `Person ${id}`, role: 'operator', passphraseHash: 'scrypt$16384$8$1$salt$hash', disabled: false,
  mustChangePassphrase: false, createdAt: at(0), updatedAt: at(0), ...over,
});

export const statement = (id: string, authorId: string, over: Partial<StatementRecord> = {}): StatementRecord => ({
  id, authorId, status: 'draft', currentVersion: 1, submittedBy: null, submittedAt: null, publishedAt: null, createdAt: at(0), updatedAt: at(0), ...over,
});

export const version = (statementId: string, n: number, savedBy: string): StatementVersionRecord => ({
  statementId, version: n, title: `Title v${n}`, canonicalText: `Text v${n}`,
  variants: { x: { text: `Text v${n}` }, website: { title: `Title v${n}`, html: `<p>Text v${n}</p>` } }, contentHash: `content-${statementId}-${n}`, savedBy, savedAt: at(n),
});

export const outboxRow = (statementId: string, channelId: string, over: Partial<NewOutboxRow> = {}): NewOutboxRow => ({
  statementId, channelId, variant: { title: null, text: `Statement ${statementId}`, html: null }, contentHash: `c-${statementId}`, approvers: ['sup-1'],
  notBefore: null, held: null, requestedBy: 'op-1', requestedRole: 'operator', throughFreeze: false, approvedUntil: at(50), breakGlassId: null, at: at(2), ...over,
});

export const evidence = (channelId: string, itemId: string, over: Partial<NewEvidence> = {}): NewEvidence => ({
  channelId, itemId, capturedAt: at(3), capturedBy: 'sup-1', reason: 'retract', observedAt: at(1), publishedAt: at(0), provenance: 'unverified',
  raw: `{"id":"${itemId}"}`, text: 'Hostile text', normalisedText: 'hostile text', html: null, url: null, rawSha256: `raw-${itemId}`, textSha256: `txt-${itemId}`, incidentId: null, ...over,
});

/** Two accounts and one statement with a version: what reviews and outbox rows hang off. */
export async function seedPeople(store: AsyncStore): Promise<void> {
  await store.accounts.insert(account('op-1'));
  await store.accounts.insert(account('sup-1', { role: 'supervisor' }));
  await store.statements.insertStatement(statement('st-1', 'op-1'));
  await store.statements.insertVersion(version('st-1', 1, 'op-1'));
}
