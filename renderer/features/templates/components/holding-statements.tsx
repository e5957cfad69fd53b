// The holding statements: each with whether two people pre-approved it, a way to choose one and
// fill it in, and (for a template still waiting) the second supervisor's approval of its exact
// text. "Publish statement" in the control bar opens the statements view here, on this panel.
import { useCallback, useMemo } from 'react';
import type { AccountViewData } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { useAccounts } from '../../../lib/api/accounts';
import { useChannels } from '../../../lib/api/channels';
import { errorMessage } from '../../../lib/call';
import { formatDateTime } from '../../../lib/format';
import { revealHeading } from '../../../lib/reveal-heading';
import { useWorkspaceActions } from '../../../lib/workspace-store';
import { useTemplateMutations, useTemplates, type TemplateView } from '../api/templates';
import { defaultValues } from '../lib/placeholder-defaults';
import { useChosenTemplateId, useTemplateUiActions } from '../state/template-ui-store';
import { ProposeTemplateForm } from './propose-template-form';
import { TemplateWorkbench } from './template-workbench';

const holdingStatementsHeadingId = 'holding-statements-title';

/** Opens the statements view on the holding statements (in a crisis, the statement to publish is one). */
export function useShowHoldingStatements(): () => void {
  const { viewChosen } = useWorkspaceActions();
  return useCallback(() => {
    viewChosen('statements');
    revealHeading(holdingStatementsHeadingId);
  }, [viewChosen]);
}

/** Defaults for one template's placeholders, from when the trouble started and the channels. */
function usePlaceholderDefaults(placeholders: readonly string[], troubleStartedAt: string | null): Record<string, string> {
  const channels = useChannels();
  return useMemo(() => {
    const since = troubleStartedAt ? new Date(troubleStartedAt) : new Date();
    return defaultValues(placeholders, since, (channels.data ?? []).map((c) => c.kind));
  }, [placeholders, troubleStartedAt, channels.data]);
}

interface HoldingStatementsProps {
  readonly me: AccountViewData;
  /** When the first unverified item still in the columns was seen (the {time} and {date} defaults), or null. */
  readonly troubleStartedAt: string | null;
}

function TemplateCard({ t, me, chosen, troubleStartedAt }: HoldingStatementsProps & { readonly t: TemplateView; readonly chosen: boolean }) {
  const accounts = useAccounts();
  const defaults = usePlaceholderDefaults(t.placeholders, troubleStartedAt);
  const { templateChosen } = useTemplateUiActions();
  const { approve } = useTemplateMutations();
  const name = (id: string) => accounts.data?.find((a) => a.id === id)?.displayName ?? id;
  const reviewer = me.role === 'supervisor' || me.role === 'admin';
  const canApprove = !t.preApproved && reviewer && t.proposedBy !== me.id;
  return (
    <li className={`template${chosen ? ' template--chosen' : ''}`} data-testid={`template-${t.id}`} data-preapproved={t.preApproved ? 'true' : 'false'}>
      <div className="template__head">
        <strong className="template__name">{t.name}</strong>
        {t.preApproved ? (
          <span className="badge badge--verified">✓ Pre-approved</span>
        ) : (
          <span className="status-tag status-tag--retracting">needs a second supervisor</span>
        )}
      </div>
      <p className="detail__muted">
        Version {t.version}, proposed by {name(t.proposedBy)}
        {t.approval && t.approval.voidedAt === null ? `, approved by ${name(t.approval.approverId)} ${formatDateTime(t.approval.approvedAt)}` : ''}
        {t.approval?.voidReason ? ` (earlier approval void: ${t.approval.voidReason})` : ''}
        {t.placeholders.length > 0 ? ` · fill in: ${t.placeholders.map((p) => `{${p}}`).join(' ')}` : ''}
      </p>
      <div className="form__actions">
        <button type="button" className="button button--small" aria-pressed={chosen} onClick={() => templateChosen(t.id, defaults)} data-testid="template-choose">
          {chosen ? 'Chosen ✓' : 'Use this statement'}
        </button>
        {canApprove ? (
          <button type="button" className="button button--small button--primary" onClick={() => approve.mutate({ id: t.id, contentHash: t.contentHash })} disabled={approve.isPending} data-testid="template-approve">
            Approve this exact text in advance
          </button>
        ) : null}
      </div>
      <ErrorNotice>{approve.isError ? errorMessage(approve.error) : null}</ErrorNotice>
    </li>
  );
}

export function HoldingStatements({ me, troubleStartedAt }: HoldingStatementsProps) {
  const templates = useTemplates();
  const chosenId = useChosenTemplateId();
  const chosen = templates.data?.find((t) => t.id === chosenId) ?? null;
  return (
    <section className="panel templates" aria-labelledby={holdingStatementsHeadingId} data-testid="holding-statements">
      <h2 id={holdingStatementsHeadingId} className="panel__title" tabIndex={-1}>
        Holding statements
      </h2>
      <p className="panel__lead">
        Agreed by two people ahead of time. In a crisis one supervisor may publish one alone (break-glass); only the values filled in are new words.
      </p>
      {templates.isPending ? <p>Loading holding statements…</p> : null}
      <ErrorNotice>{templates.isError ? errorMessage(templates.error) : null}</ErrorNotice>
      {templates.data?.length === 0 ? <p className="detail__muted">No holding statements yet. A supervisor proposes one below; a second approves it.</p> : null}
      <ul className="templates__list">
        {templates.data?.map((t) => <TemplateCard key={t.id} t={t} me={me} chosen={t.id === chosenId} troubleStartedAt={troubleStartedAt} />)}
      </ul>
      {chosen ? <TemplateWorkbench key={chosen.id} template={chosen} me={me} /> : null}
      {me.role === 'supervisor' || me.role === 'admin' ? <ProposeTemplateForm /> : null}
    </section>
  );
}
