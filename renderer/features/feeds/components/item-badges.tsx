// Provenance, severity and status as words with a shape, never colour alone: the room may be
// read from two metres, by people who do not all see red and green the same way.
import type { FeedItem } from '../../../../electron/shared/contract';

const provenanceText: Record<FeedItem['provenance'], string> = {
  verified: '✓ Verified',
  adopted: '◆ Adopted',
  unverified: '⚠ Unverified',
};

export function ProvenanceBadge({ provenance, severity }: Pick<FeedItem, 'provenance' | 'severity'>) {
  return (
    <span className={`badge badge--${provenance}${severity ? ` badge--${severity}` : ''}`} data-testid="provenance-badge">
      {provenanceText[provenance]}
      {provenance === 'unverified' && severity ? ` · ${severity}` : ''}
    </span>
  );
}

const statusText: Record<FeedItem['status'], string> = {
  live: 'live',
  gone: 'gone',
  retracting: 'retracting…',
  retracted: 'retracted',
  impossible: 'cannot retract',
  failed: 'retract failed',
};

export function StatusTag({ status, statusDetail }: Pick<FeedItem, 'status' | 'statusDetail'>) {
  return (
    <span className={`status-tag status-tag--${status}`} title={statusDetail ?? undefined}>
      {statusText[status]}
    </span>
  );
}

/** Most severe first; unverified items without a severity rank just above nothing. */
export const severityRank: Record<NonNullable<FeedItem['severity']>, number> = { critical: 4, high: 3, medium: 2, low: 1 };
