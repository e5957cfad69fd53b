// Which calls need a fresh passphrase confirmation, not just a signed-in session. These are the
// actions an attacker at an unattended, unlocked desk would want: putting words out under the
// bureau's name, undoing a freeze, or changing who may do so.

/** Exact call names that need fresh re-authentication. Extend this list as calls are added. */
export const freshAuthCalls: readonly string[] = [
  'statements.approve',
  'statements.publish',
  'statements.schedule',
  'control.confirmSend',
  'templates.approve',
  'templates.breakGlass',
  'templates.publish',
  'control.unfreeze',
  'control.lock',
  'control.lockEveryDesk',
  'evidence.export',
  'credentials.lock',
  'credentials.rotate',
  'provenance.adopt',
  'accounts.create',
  'accounts.disable',
  'accounts.enable',
  'accounts.setRole',
  'accounts.resetPassphrase',
  'channels.connect',
  'channels.authorizeX',
  'channels.authorizeMastodon',
  'channels.remove',
  'channels.rotateSecret',
];

/**
 * Verbs that need freshness whatever the namespace, so a new `x.approve` is covered before someone
 * remembers to list it. `lock` is deliberately absent: locking your own session must stay one click.
 */
export const freshAuthVerbs: readonly string[] = ['approve', 'publish', 'unfreeze', 'adopt', 'breakGlass', 'retractAll'];

/** Account calls a person makes about their own session; every other `accounts.*` call is privileged. */
export const accountSelfServiceCalls: readonly string[] = [
  'accounts.signIn',
  'accounts.signOut',
  'accounts.me',
  'accounts.session',
  'accounts.unlock',
  'accounts.lockSession',
  'accounts.reauthenticate',
  'accounts.activity',
  'accounts.createFirstAdmin',
  'accounts.changeOwnPassphrase',
  'accounts.list',
];

export function needsFreshAuth(callName: string): boolean {
  if (freshAuthCalls.includes(callName)) return true;
  const verb = callName.slice(callName.lastIndexOf('.') + 1);
  if (freshAuthVerbs.includes(verb)) return true;
  return callName.startsWith('accounts.') && !accountSelfServiceCalls.includes(callName);
}
