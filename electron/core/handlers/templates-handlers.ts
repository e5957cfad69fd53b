// Contract handlers for holding statements: propose and pre-approve (two people), fill, and
// break-glass (one supervisor publishes a pre-approved one now; everyone is alerted).
import type { NamespaceHandlers } from '../dispatch';
import { exact, variantsByChannel, type HandlerDeps } from './handler-kit';

export function templatesHandlers({ templates, control, channels, events, clock }: Pick<HandlerDeps, 'templates' | 'control' | 'channels' | 'events' | 'clock'>): NamespaceHandlers<'templates'> {
  const changed = <T extends { id: string }>(view: T): T => {
    events.emit('templates.changed', { id: view.id });
    return view;
  };
  return {
    'templates.list': () => templates.listTemplates(),
    'templates.fill': ({ id, values }) => templates.fillTemplate(id, values),
    'templates.propose': (input, { principal }) => changed(templates.proposeTemplate(exact(input), principal.id)),
    'templates.approve': ({ id, contentHash }, { principal }) => changed(templates.approveTemplate(id, principal.id, contentHash)),
    'templates.breakGlass': async ({ id, reason, values, channelIds, throughFreeze }, { principal }) => {
      const auth = templates.breakGlass(id, principal.id, reason, values);
      const variants = variantsByChannel(channels, channelIds, auth.variants);
      // Everyone signed in is told at once; the audit log carries the flag for review.
      events.emit('alert.breakGlass', { templateId: id, supervisor: principal.displayName, reason, expiresAt: auth.expiresAt, at: clock.now().toISOString() });
      templates.assertBreakGlassValid(auth.id, clock.now());
      return control.outbox.fanOut({ statementId: `break-glass-${auth.id}`, approvers: [principal.id], variants, actor: principal, throughFreeze });
    },
  };
}
