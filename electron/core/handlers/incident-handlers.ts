// Contract handler for the incident timeline: first unverified item, alert, freeze, each
// retraction, the statement, in order.
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function incidentHandlers({ control }: Pick<HandlerDeps, 'control'>): NamespaceHandlers<'incident'> {
  return {
    'incident.timeline': async ({ incidentId }) => control.incidentTimeline(incidentId !== undefined ? { incidentId } : await control.latestIncidentSelector()),
  };
}
