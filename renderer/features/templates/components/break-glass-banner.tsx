// Tells everyone signed in that a supervisor broke glass: who, which holding statement, why, and
// until when the authorisation runs. Shown on every view of the signed-in screen until this person
// dismisses it; the statement itself is flagged for review in the audit log.
import { formatClock } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { useTemplates } from '../api/templates';
import { useBreakGlassActions, useBreakGlassAlerts } from '../state/break-glass-store';

export function BreakGlassBanner() {
  const alerts = useBreakGlassAlerts();
  const templates = useTemplates();
  const { breakGlassAcknowledged } = useBreakGlassActions();
  const now = useNow(5000);
  if (alerts.length === 0) return null;
  const name = (id: string) => templates.data?.find((t) => t.id === id)?.name ?? id;
  return (
    <section className="break-glass-banner" role="alert" aria-label="Break-glass" data-testid="break-glass-banner">
      <ul className="break-glass-banner__list">
        {alerts.map((a) => (
          <li key={`${a.at}-${a.templateId}`}>
            <strong className="break-glass-banner__tag">BREAK-GLASS</strong> {a.supervisor} published the holding statement “{name(a.templateId)}” alone at{' '}
            {formatClock(a.at)}. Reason: {a.reason.replace(/[.!?]\s*$/, '')}.{' '}
            {Date.parse(a.expiresAt) > now ? `The authorisation runs until ${formatClock(a.expiresAt)}.` : `The authorisation ended at ${formatClock(a.expiresAt)}.`} Flagged for
            review.
          </li>
        ))}
      </ul>
      <button type="button" className="button button--small" onClick={breakGlassAcknowledged} data-testid="break-glass-dismiss">
        Dismiss
      </button>
    </section>
  );
}
