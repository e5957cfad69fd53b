// The audit module's public surface: append (audit-log), verify, and the CLI's formatter.
export { auditRoles, createAuditLog, defaultCheckpointEvery } from './audit-log';
export type { AuditEntryInput, AuditLog, AuditLogOptions, AuditRole } from './audit-log';
export { canonicalJson, checkpointMessage, entryHashInput, GENESIS_HASH, hashEntry } from './canonical';
export { formatVerifyResult } from './format-verify-result';
export { assertNoSecretKeys, isSecretLikeKey } from './secret-guard';
export { keyFingerprint, keyIdFor, parsePublicKey, publicKeyToBase64, signCheckpoint } from './signing';
export type { SigningKeyProvider, TrustedPublicKey } from './signing';
export { verifyAuditLog } from './verify';
export type { AuditProblem, AuditVerifyResult, CheckpointKeyJudge, KeyVerdict, VerifyOptions } from './verify';
export { deskTrust, registryFingerprint, trustCommand } from './desk-trust';
export type { DeskTrustInput, UntrustedDesk } from './desk-trust';
export { currentPin, isFingerprint, keyPinStore, keyPinsFileName } from './key-pins';
export type { KeyPins, KeyPinStore, PinnedDesk } from './key-pins';
export { desksVerifyExitCode, formatDesksVerifyResult, verifyAcrossDesks, verifyOnDesk } from './verify-desks';
export type { DesksVerifyResult, VerifyingDesk } from './verify-desks';
