// Contract handler for the evidence export: the incident bundle, written into the data folder.
import { join } from 'node:path';
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function evidenceHandlers({ control, clock, dataDir }: Pick<HandlerDeps, 'control' | 'clock' | 'dataDir'>): NamespaceHandlers<'evidence'> {
  return {
    'evidence.export': async ({ incidentId }, { principal }) => {
      const selector = incidentId !== undefined ? { incidentId } : await control.latestIncidentSelector();
      const stamp = clock.now().toISOString().replace(/[:.]/g, '-');
      return control.exportEvidenceBundle(selector, join(dataDir, 'exports', `incident-${stamp}`), principal);
    },
  };
}
