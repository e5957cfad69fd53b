// The outbox's public surface: the service, its one send gate, what holds a send, a supervisor's
// decisions about unsent rows, and the failure and settle rules.
export { createOutbox } from './outbox';
export type { Outbox, OutboxDeps, StatementFanOut } from './outbox';
export { approvalRanOut, breakGlassExpiredText, claimForSend } from './gate';
export { createSendDecisions } from './decisions';
export type { CancelResult, SendDecisions } from './decisions';
export { awaitingConfirmation, waitsForConfirmation } from './progress';
export type { AwaitingConfirmation } from './progress';
export type { ClaimResult, GateDeps } from './gate';
export { held, holdText } from './held';
export type { Hold } from './held';
export { defaultRetryPolicy, retryDelay, stepAfterFailure } from './send-policy';
export type { FailureStep, RetryPolicy } from './send-policy';
export { findPublishedItem, settleVerdict } from './settle';
export type { SettleVerdict } from './settle';
