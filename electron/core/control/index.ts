// The control module's public surface: freeze, quarantine, retract, Lock, and the assembled service.
export { createControlService } from './control-service';
export type { ControlService, ControlServiceDeps } from './control-service';
export { controlEvents, createEventRecorder, noEvents, outboxStates, retractionStates } from './events';
export type { ControlEventName, ControlEventPayload, ControlEventSink, OutboxProgressState, RetractionProgressState } from './events';
export { defaultRetractWindows, retractBudget, retractionEta } from './eta';
export type { BudgetWindow, EtaInput } from './eta';
export { createFreezeService } from './freeze';
export type { FreezeResult, FreezeScope, FreezeService } from './freeze';
export { createLockRunbook } from './lock';
export type { ChannelRunbook, LockRunbook } from './lock';
export { createQuarantine } from './quarantine';
export type { Quarantine } from './quarantine';
export { createRetractionService } from './retract';
export type { RetractionService, RetractRequestResult, RetractTarget } from './retract';
export { requireSupervisor, systemActor } from './types';
export type { Actor } from './types';
