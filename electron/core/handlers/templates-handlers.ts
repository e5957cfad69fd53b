// Contract handlers for holding statements: propose and pre-approve (two people), fill,
// break-glass (one supervisor publishes a pre-approved one now; everyone is alerted) and its
// review afterwards by a different supervisor.
import type { NamespaceHandlers } from '../dispatch';
import type { BreakGlassAuthorisation } from '../statements/templates-service';
import { exact, variantsByChannel, type HandlerDeps } from './handler-kit';

/** The outbox names a break-glass send by its authorisation. */
export const breakGlassStatementId = (authorisationId: string): string => `break-glass-${authorisationId}`;

export function templatesHandlers({ templates, control, channels, events, clock }: Pick<HandlerDeps, 'templates' | 'control' | 'channels' | 'events' | 'clock'>): NamespaceHandlers<'templates'> {
  const changed = <T extends { id: string }>(view: T): T => {
    events.emit('templates.changed', { id: view.id });
    return view;
  };
  /** What the review sees: the authorisation and where it went. */
  const withSends = async (auth: BreakGlassAuthorisation) => ({ ...auth, sends: await control.outbox.rows(breakGlassStatementId(auth.id)) });
  return {
    'templates.list': () => templates.listTemplates(),
    'templates.fill': ({ id, values }) => templates.fillTemplate(id, values),
    'templates.propose': async (input, { principal }) => changed(await templates.proposeTemplate(exact(input), principal.id)),
    'templates.approve': async ({ id, contentHash }, { principal }) => changed(await templates.approveTemplate(id, principal.id, contentHash)),
    'templates.breakGlass': async ({ id, reason, values, channelIds, throughFreeze }, { principal }) => {
      const auth = await templates.breakGlass(id, principal.id, reason, values);
      const variants = variantsByChannel(channels, channelIds, auth.variants);
      // Everyone signed in is told at once; the audit log carries the flag for review.
      events.emit('alert.breakGlass', { templateId: id, supervisor: principal.displayName, reason, expiresAt: auth.expiresAt, at: clock.now().toISOString() });
      await templates.assertBreakGlassValid(auth.id, clock.now());
      // The window travels with each row: a send still waiting when it ends is refused at the gate.
      return control.outbox.fanOut({
        statementId: breakGlassStatementId(auth.id), approvers: [principal.id], variants, actor: principal, throughFreeze, approvedUntil: auth.expiresAt, breakGlassId: auth.id,
      });
    },
    'templates.breakGlassList': async ({ awaitingReview }) => Promise.all((await templates.listBreakGlass(awaitingReview === undefined ? {} : { awaitingReview })).map(withSends)),
    'templates.reviewBreakGlass': async ({ id, note }, { principal }) => {
      const reviewed = await templates.reviewBreakGlass(id, principal.id, note);
      events.emit('templates.breakGlassReviewed', { id, reviewerId: principal.id, at: clock.now().toISOString() });
      return withSends(reviewed);
    },
  };
}
