// The incident record: the timeline beside the audit log's verification and the evidence export,
// and the audit log's entries under them. Everyone sees the timeline; the audit log and the export are for
// supervisors and admins.
import type { AccountViewData } from '../../../../electron/shared/contract';
import { AuditPanel, AuditVerifyPanel } from './audit-panel';
import { EvidenceExport } from './evidence-export';
import { TimelinePanel } from './timeline-panel';

export function IncidentView({ me }: { readonly me: AccountViewData }) {
  const reviewer = me.role === 'supervisor' || me.role === 'admin';
  return (
    <div className="incident" data-testid="incident-view">
      <TimelinePanel />
      {reviewer ? (
        <div className="incident__side">
          <AuditVerifyPanel />
          <EvidenceExport />
        </div>
      ) : (
        <p className="panel panel__lead">Only supervisors and admins read the audit log and export evidence.</p>
      )}
      {reviewer ? <AuditPanel /> : null}
    </div>
  );
}
