// Every record the store keeps, as plain data: what goes into a repository and what comes back.
// Backend-neutral (SQLite today, PostgreSQL next): no driver types here. The vocabulary the
// columns' CHECK constraints enumerate (provenance, severity, statuses, what holds a send) is
// defined here or in electron/shared, never in the core; the core imports it from here.
import type { ChannelKind, Variant } from '../channels/types';
import type { HeldBy } from '../shared/contract-control';
import type { StatementStatus, StatementVariants } from '../shared/contract-statements';
import type { Role } from '../shared/contract';

export type { AllChannels } from '../shared/all-channels';
export type { HeldBy, StatementStatus, StatementVariants };

// --- accounts ------------------------------------------------------------------------------

export interface AccountRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly passphraseHash: string;
  readonly disabled: boolean;
  /** An admin reset the passphrase: sign-in leads only to setting a new one (schema 10). */
  readonly mustChangePassphrase: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AccountPatch {
  readonly displayName?: string;
  readonly role?: Role;
  readonly passphraseHash?: string;
  readonly disabled?: boolean;
  readonly mustChangePassphrase?: boolean;
}

export interface ThrottleRecord {
  /** Normalised (lower-case) username; unknown usernames are throttled too, so none can be probed. */
  readonly username: string;
  readonly failures: number;
  readonly lockedUntil: string | null;
  readonly lastFailureAt: string;
}

// --- audit ---------------------------------------------------------------------------------

/** One stored entry, as stored: `details` is the canonical JSON text the hash covers. */
export interface AuditEntryRecord {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  /** Text as stored; the verifier treats it as data (an edited file may hold anything). */
  readonly role: string;
  readonly action: string;
  readonly target: string | null;
  readonly reason: string | null;
  readonly details: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditCheckpointRecord {
  readonly uptoSeq: number;
  readonly hash: string;
  readonly signedAt: string;
  readonly keyId: string;
  /** SPKI DER, base64. */
  readonly publicKey: string;
  /** Ed25519 signature, base64. */
  readonly signature: string;
}

export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

// --- channels and what the monitor reads from them -----------------------------------------

export interface ChannelRow {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly secretRef: string | null;
  readonly demo: boolean;
  readonly createdAt: string;
}

export const provenances = ['verified', 'adopted', 'unverified'] as const;
export type Provenance = (typeof provenances)[number];
export type MatchedBy = 'item-id' | 'adoption' | 'content-hash' | null;

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];
export type SignalKind = 'burst' | 'off-hours' | 'abusive-language' | 'unknown-link-domain' | 'profile-changed' | 'image-mismatch' | 'edited-after-publication';

export interface Signal {
  readonly kind: SignalKind;
  readonly detail: string;
  readonly weight: number;
}

export const itemStatuses = ['live', 'gone', 'retracting', 'retracted', 'impossible', 'failed'] as const;
export type ItemStatus = (typeof itemStatuses)[number];

export interface StoredItem {
  readonly channelId: string;
  readonly itemId: string;
  readonly firstSeenAt: string;
  readonly publishedAt: string | null;
  readonly text: string;
  readonly html: string | null;
  readonly url: string | null;
  readonly raw: string;
  readonly contentHash: string;
  readonly provenance: Provenance;
  readonly matchedBy: MatchedBy;
  readonly severity: Severity | null;
  readonly signals: readonly Signal[];
  readonly status: ItemStatus;
  readonly statusDetail: string | null;
}

/** What an item says, as stored: the part an edit on the channel changes. */
type ItemContent = Pick<StoredItem, 'channelId' | 'itemId' | 'text' | 'html' | 'url' | 'raw' | 'contentHash' | 'provenance' | 'matchedBy'>;

/**
 * A stored item's content as a read showed it changed (an edit on the channel), with its new
 * classification: what the row takes now. The content it replaces is kept as a revision.
 */
export type ItemEdit = ItemContent & Pick<StoredItem, 'severity' | 'signals'> & {
  /** When the read that showed the new content happened (ISO): the earlier content's end. */
  readonly observedAt: string;
};

/** An earlier content of an item (provenance: what it was while it said this), kept append-only. */
export type ItemRevision = ItemContent & {
  /** When a read first showed other content (ISO). */
  readonly replacedAt: string;
};

export interface PublicationInput {
  readonly channelId: string;
  readonly itemId: string | null;
  readonly contentHash: string;
  readonly statementId: string | null;
  readonly approvers: readonly string[];
  readonly publishedAt: string;
}

// --- control: freezes, incidents, the outbox, evidence, retractions, Lock ------------------

export interface FreezeRecord {
  /** A channel id, or allChannels ('*') for every channel. */
  readonly scope: string;
  readonly frozenBy: string;
  readonly frozenRole: string;
  readonly frozenAt: string;
  readonly reason: string;
  readonly incidentId: number | null;
}

export interface IncidentRecord {
  readonly id: number;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly reason: string;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
}

export const outboxStatuses = ['queued', 'claimed', 'unknown', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/** What holds a queued row, and the same said for people. Written and cleared together. */
export interface Held {
  readonly by: HeldBy;
  readonly reason: string;
}

export interface OutboxRow {
  readonly id: number;
  readonly statementId: string;
  readonly channelId: string;
  readonly variant: Variant;
  readonly contentHash: string;
  readonly approvers: readonly string[];
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly notBefore: string | null;
  readonly claimedAt: string | null;
  /** The desk whose claim this is (its desk id). */
  readonly claimedBy: string | null;
  /** Until then the claim is the claiming desk's; after it, another desk may take the row over. */
  readonly leaseUntil: string | null;
  /** Fencing token: raised by every claim and takeover; a completing write names the one it holds. */
  readonly fence: number;
  readonly publicationId: number | null;
  readonly itemId: string | null;
  readonly readBack: 'item-id' | 'content' | null;
  readonly url: string | null;
  readonly sentAt: string | null;
  /** What holds it; behaviour reads only this. */
  readonly heldBy: HeldBy | null;
  /** Display text for heldBy; never read by code. */
  readonly heldReason: string | null;
  readonly lastError: string | null;
  readonly requestedBy: string;
  readonly requestedRole: string;
  readonly throughFreeze: boolean;
  /** After this instant the approval or break-glass authorisation behind the row has run out (null: none recorded). */
  readonly approvedUntil: string | null;
  /** The break-glass authorisation that sent it, if any. */
  readonly breakGlassId: string | null;
  readonly confirmedBy: string | null;
  readonly confirmedAt: string | null;
  readonly cancelledBy: string | null;
  readonly cancelledAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewOutboxRow {
  readonly statementId: string;
  readonly channelId: string;
  readonly variant: Variant;
  readonly contentHash: string;
  readonly approvers: readonly string[];
  readonly notBefore: string | null;
  readonly held: Held | null;
  readonly requestedBy: string;
  readonly requestedRole: string;
  readonly throughFreeze: boolean;
  /** Omitted: no approval window recorded (the row is never held for one). */
  readonly approvedUntil?: string | null;
  readonly breakGlassId?: string | null;
  readonly at: string;
}

/** Column updates of one outbox row; keys left out keep their value. `held` sets heldBy and heldReason together. */
export type OutboxPatch = Partial<
  Pick<
    OutboxRow,
    | 'status' | 'attempts' | 'notBefore' | 'claimedAt' | 'claimedBy' | 'leaseUntil' | 'fence' | 'publicationId' | 'itemId' | 'readBack' | 'url' | 'sentAt' | 'lastError'
    | 'approvedUntil' | 'confirmedBy' | 'confirmedAt' | 'cancelledBy' | 'cancelledAt'
  >
> & {
  readonly held?: Held | null;
};

export interface EvidenceRecord {
  readonly id: number;
  readonly channelId: string;
  readonly itemId: string;
  readonly capturedAt: string;
  readonly capturedBy: string;
  readonly reason: 'quarantine' | 'retract';
  readonly observedAt: string;
  readonly publishedAt: string | null;
  readonly provenance: string;
  readonly raw: string;
  readonly text: string;
  readonly normalisedText: string;
  readonly html: string | null;
  readonly url: string | null;
  readonly rawSha256: string;
  readonly textSha256: string;
  readonly incidentId: number | null;
}
export type NewEvidence = Omit<EvidenceRecord, 'id'>;

export const retractionStatuses = ['pending', 'running', 'retracted', 'already-gone', 'impossible', 'failed'] as const;
export type RetractionStatus = (typeof retractionStatuses)[number];

export interface RetractionRecord {
  readonly id: number;
  readonly channelId: string;
  readonly itemId: string;
  readonly evidenceId: number;
  readonly origin: 'manual' | 'since' | 'quarantine';
  readonly requestedBy: string;
  readonly requestedRole: string;
  readonly requestedAt: string;
  readonly status: RetractionStatus;
  readonly attempts: number;
  readonly notBefore: string | null;
  readonly detail: string | null;
  readonly correctionOffered: boolean;
  readonly finishedAt: string | null;
}
export type NewRetraction = Pick<RetractionRecord, 'channelId' | 'itemId' | 'evidenceId' | 'origin' | 'requestedBy' | 'requestedRole' | 'requestedAt'>;
export type RetractionPatch = Partial<Pick<RetractionRecord, 'status' | 'attempts' | 'notBefore' | 'detail' | 'correctionOffered' | 'finishedAt'>>;

export interface LockStepRecord {
  readonly id: number;
  readonly channelId: string;
  readonly actionId: string;
  readonly label: string;
  readonly runBy: string;
  readonly runAt: string;
  readonly outcome: 'done' | 'manual' | 'failed';
  readonly detail: string;
  /** The desk the step ran on (null: recorded before schema 15). */
  readonly deskId: string | null;
}

// --- statements, templates and break-glass -------------------------------------------------

export interface StatementRecord {
  readonly id: string;
  readonly authorId: string;
  readonly status: StatementStatus;
  readonly currentVersion: number;
  readonly submittedBy: string | null;
  readonly submittedAt: string | null;
  readonly publishedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StatementVersionRecord {
  readonly statementId: string;
  readonly version: number;
  readonly title: string;
  readonly canonicalText: string;
  readonly variants: StatementVariants;
  readonly contentHash: string;
  readonly savedBy: string;
  readonly savedAt: string;
}

export interface ReviewRecord {
  readonly id: string;
  readonly statementId: string;
  readonly version: number;
  readonly contentHash: string;
  readonly reviewerId: string;
  readonly decision: 'approved' | 'rejected';
  readonly comment: string | null;
  readonly decidedAt: string;
  readonly expiresAt: string | null;
  readonly voidedAt: string | null;
  readonly voidReason: string | null;
}

export interface TemplateRecord {
  readonly id: string;
  readonly name: string;
  readonly currentVersion: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TemplateVersionRecord {
  readonly templateId: string;
  readonly version: number;
  readonly title: string;
  readonly variants: StatementVariants;
  readonly contentHash: string;
  readonly proposedBy: string;
  readonly proposedAt: string;
}

export interface TemplateApprovalRecord {
  readonly id: string;
  readonly templateId: string;
  readonly version: number;
  readonly contentHash: string;
  readonly approverId: string;
  readonly approvedAt: string;
  readonly voidedAt: string | null;
  readonly voidReason: string | null;
}

export interface BreakGlassRecord {
  readonly id: string;
  readonly templateId: string;
  readonly templateVersion: number;
  readonly supervisorId: string;
  readonly reason: string;
  readonly filledValues: readonly { readonly name: string; readonly value: string }[];
  readonly title: string;
  readonly variants: StatementVariants;
  readonly contentHash: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly flaggedForReview: boolean;
  /** Null until a supervisor other than `supervisorId` reviews it. */
  readonly review: BreakGlassReview | null;
}

export interface BreakGlassReview {
  readonly reviewerId: string;
  readonly reviewedAt: string;
  readonly note: string;
}

/** One image of a statement version, in order: the cleaned image's SHA-256 and its alt text. */
export interface StatementImage {
  readonly sha256: string;
  readonly alt: string;
}

export type StoredImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

/** A cleaned image as stored (content-addressed). */
export interface MediaRecord {
  readonly sha256: string;
  readonly mime: StoredImageMime;
  readonly width: number;
  readonly height: number;
  readonly bytes: Uint8Array;
  readonly addedBy: string;
  readonly addedAt: string;
}

export type MediaInfo = Omit<MediaRecord, 'bytes'> & { readonly size: number };

export const observedMediaStates = ['pending', 'shown', 'withheld'] as const;
export type ObservedMediaState = (typeof observedMediaStates)[number];

/** One image an item carries as read back, and what inspecting its fetched bytes decided. */
export interface ObservedMediaRecord {
  readonly position: number;
  readonly ref: string;
  readonly mime: string | null;
  readonly alt: string | null;
  /** Of the bytes as fetched; null until fetched or when fetching was refused. */
  readonly sha256: string | null;
  readonly state: ObservedMediaState;
  /** Why it is withheld (or still pending), for the screen. */
  readonly reason: string | null;
  readonly width: number | null;
  readonly height: number | null;
}

export interface ObservedMediaWithBytes extends ObservedMediaRecord {
  readonly bytes: Uint8Array | null;
}

/** Evidence's own copy of an item's image. */
export interface EvidenceMediaRecord {
  readonly position: number;
  readonly ref: string;
  readonly mime: string | null;
  readonly alt: string | null;
  readonly sha256: string | null;
  readonly bytes: Uint8Array | null;
  readonly state: ObservedMediaState;
  readonly reason: string | null;
}

/** What the ledger expects an item of ours to carry: the statement's images and the channel's ids for them. */
export interface ExpectedMedia {
  readonly sha256s: readonly string[];
  readonly refs: readonly string[];
  /** Our send to this channel has not had its answer yet: the channel's ids for the images are not known. */
  readonly answerPending?: boolean;
}

/** One running Control Room (a desk) in the shared registry: who is on the database, and since when. */
export interface DeskRecord {
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly appVersion: string;
  /** The desk's Ed25519 audit key, public half (base64 SPKI DER), or null while its keychain is unavailable. */
  readonly auditPublicKey: string | null;
  readonly startedAt: string;
  readonly lastSeenAt: string;
}

/**
 * What a desk's credential for a channel is: its own WordPress application password, its own X or
 * Mastodon OAuth authorisation, or a secret every desk shares (SMTP, a Bluesky app password) that
 * only the upstream service's own pages can revoke.
 */
export const deskCredentialKinds = ['wordpress-application-password', 'x-oauth2', 'mastodon-oauth', 'shared'] as const;
export type DeskCredentialKind = (typeof deskCredentialKinds)[number];

/** Which desk holds which credential for which channel; the secret itself stays in that desk's keychain. */
export interface DeskCredentialRecord {
  readonly id: number;
  readonly channelId: string;
  readonly deskId: string;
  readonly kind: DeskCredentialKind;
  /** How it is named upstream (the application password's name) or described. */
  readonly label: string;
  /** The upstream id (a WordPress application password's uuid), where there is one. */
  readonly upstreamId: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}
export type NewDeskCredential = Omit<DeskCredentialRecord, 'id' | 'revokedAt'>;
