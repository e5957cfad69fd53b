// The accounts feature's public surface: the service, the fresh-auth rule and the building blocks
// other parts (and tests) may need.
export { createAccountsService, defaultFreshWithinMinutes, defaultIdleLockMinutes } from './accounts-service';
export type { AccountsConfig, AccountsService, AccountsServiceDeps, SessionStatus, SignedIn } from './accounts-service';
export type { AccountView, NewAccountInput } from './account-rules';
export { accountSelfServiceCalls, freshAuthCalls, freshAuthVerbs, needsFreshAuth } from './fresh-auth';
export { defaultScryptParams, hashPassphrase, verifyPassphrase, type ScryptParams } from './passphrase-hash';
export { minPassphraseLength, passphraseProblems } from './passphrase-strength';
export { defaultThrottlePolicy, type ThrottlePolicy } from './sign-in-throttle';
