// The demo newsroom's email bulletin path: the public surface the demo wiring and tests import.
export {
  defaultCanaryAddress,
  defaultSubscribers,
  startDemoEmailServer,
  type AcceptedBulletin,
  type CanaryMessageSnapshot,
  type Credential,
  type DeliveredMessage,
  type DemoEmailCredentials,
  type DemoEmailServer,
  type DemoEmailServerOptions,
  type SubmitterRole,
} from './demo-email-server';
export { CanaryMailbox, type StoredMessage } from './canary-mailbox';
export { startCanaryImapServer, type CanaryImapServer, type CanaryImapServerOptions } from './imap-server';
export { imapCapabilities } from './imap-session';
export { compactUidSet, readCanarySince, watchCanary, type CanaryMessage, type CanaryReadResult, type CanaryReaderConfig, type CanaryWatch } from '../../channels/email/read-canary';
