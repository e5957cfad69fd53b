// The statements feature's public surface: drafts and two-person approval, pre-approved templates
// with break-glass, the channel rules and the content hash approvals are bound to.
export { createStatementsService, defaultApprovalValidityMinutes } from './statements-service';
export type { SaveDraftInput, SaveDraftResult, StatementsConfig, StatementsService, StatementsServiceDeps } from './statements-service';
export { createTemplatesService, defaultBreakGlassMinutes } from './templates-service';
export type { BreakGlassAuthorisation, FilledTemplate, ProposeTemplateInput, TemplatesService, TemplatesServiceDeps, TemplateView } from './templates-service';
export type { PublishableStatement } from './statement-view';
export { canonicalJson, statementContentHash } from './content-hash';
export { defaultChannelLimits, graphemeCount, measureMastodon, measureX, validateStatement, validateVariants, type ChannelLimits } from './limits';
export { sanitiseHtml, type SanitisedHtml } from './html-sanitiser';
export { holdingTemplates, type HoldingTemplate } from './holding-templates';
export { placeholdersIn, type FilledValue } from './template-fill';
export type { AccountDirectory, DirectoryAccount } from './people';
export * from './types';
