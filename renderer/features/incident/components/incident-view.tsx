// The incident record: the timeline beside the audit log's verification and the evidence export,
// the break-glass uses and their reviews, and the audit log's entries under them. Everyone sees the
// timeline and the break-glass list; the audit log, the export and reviewing are for supervisors
// and admins.
import type { AccountViewData } from '../../../../electron/shared/contract';
import { AuditPanel, AuditVerifyPanel } from './audit-panel';
import { BreakGlassReviews } from './break-glass-reviews';
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
      <BreakGlassReviews me={me} />
      {reviewer ? <AuditPanel /> : null}
    </div>
  );
}
