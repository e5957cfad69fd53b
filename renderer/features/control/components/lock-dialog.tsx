// The Lock runbook (supervisors): for each channel, the steps that cut upstream tools off
// (revoke application passwords or tokens, change a mail password), each run only after the
// person ticks "I understand: <what it does>". Every answer is recorded, honestly: done, a manual
// step to finish elsewhere, or failed and why; the steps already run are listed under each channel.
import { useId, useState } from 'react';
import type { ChannelSummary } from '../../../../electron/shared/contract';
import { Dialog } from '../../../components/dialog';
import { ErrorNotice } from '../../../components/notice';
import { useAccounts } from '../../../lib/api/accounts';
import { useChannels } from '../../../lib/api/channels';
import { errorMessage } from '../../../lib/call';
import { formatClock } from '../../../lib/format';
import { useRunbooks, useRunLockStep, type LockStep, type Runbook } from '../api/lock';

const outcomeText: Record<LockStep['outcome'], string> = { done: 'done', manual: 'manual step', failed: 'failed' };

function StepResult({ step }: { readonly step: LockStep }) {
  return (
    <p className={`lock-result lock-result--${step.outcome}`} data-testid="lock-result" data-outcome={step.outcome} role="status">
      <strong>{outcomeText[step.outcome]}</strong> at {formatClock(step.runAt)}: {step.detail}
    </p>
  );
}

function LockAction({ channelId, action }: { readonly channelId: string; readonly action: Runbook['actions'][number] }) {
  const [understood, setUnderstood] = useState(false);
  const run = useRunLockStep();
  const confirmId = useId();
  return (
    <li className="lock-action" data-testid={`lock-action-${channelId}-${action.id}`}>
      <p className="lock-action__label">{action.label}</p>
      <label className="checkbox lock-action__confirm" htmlFor={confirmId}>
        <input id={confirmId} type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} data-testid="lock-understand" />
        <span>I understand: {action.effect}</span>
      </label>
      <div className="form__actions">
        <button
          type="button"
          className="button button--danger button--small"
          disabled={!understood || run.isPending}
          onClick={() => run.mutate({ channelId, actionId: action.id, confirmed: true })}
          data-testid="lock-run"
        >
          {run.isPending ? 'Running…' : 'Run this step'}
        </button>
      </div>
      {run.data ? <StepResult step={run.data} /> : null}
      <ErrorNotice testId="lock-error">{run.isError ? errorMessage(run.error) : null}</ErrorNotice>
    </li>
  );
}

function ChannelRunbook({ runbook, channel }: { readonly runbook: Runbook; readonly channel: ChannelSummary | undefined }) {
  const accounts = useAccounts();
  const who = (id: string) => accounts.data?.find((a) => a.id === id)?.displayName ?? id;
  const title = channel?.name ?? runbook.channelId;
  return (
    <section className="lock-channel" aria-label={`Lock ${title}`} data-testid={`lock-channel-${runbook.channelId}`}>
      <h3 className="panel__subtitle">{title}</h3>
      <ErrorNotice>{runbook.error}</ErrorNotice>
      {runbook.actions.length === 0 && !runbook.error ? <p className="detail__muted">Nothing to revoke upstream for this channel.</p> : null}
      <ul className="lock-actions">
        {runbook.actions.map((a) => (
          <LockAction key={a.id} channelId={runbook.channelId} action={a} />
        ))}
      </ul>
      {runbook.steps.length > 0 ? (
        <table className="table" data-testid={`lock-steps-${runbook.channelId}`}>
          <caption className="visually-hidden">Lock steps already run on {title}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Step</th>
              <th scope="col">Result</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {runbook.steps.map((s) => (
              <tr key={s.id} data-outcome={s.outcome}>
                <td>{formatClock(s.runAt)}</td>
                <td>{s.label}</td>
                <td>
                  <strong>{outcomeText[s.outcome]}</strong> — {s.detail}
                </td>
                <td>{who(s.runBy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function LockDialog({ onClose }: { readonly onClose: () => void }) {
  const runbooks = useRunbooks();
  const channels = useChannels();
  return (
    <Dialog title="Lock: cut off the tools that post for us" onClose={onClose} testId="lock-dialog" wide>
      <div className="form">
        <p className="dialog__text">
          Freeze stops this app; Lock stops the others. Each step changes credentials upstream, so each is run on its own, after you confirm what it does.
          Results are recorded in the audit log.
        </p>
        {runbooks.isPending ? <p>Asking each channel what can be revoked…</p> : null}
        <ErrorNotice>{runbooks.isError ? errorMessage(runbooks.error) : null}</ErrorNotice>
        {runbooks.data?.map((r) => (
          <ChannelRunbook key={r.channelId} runbook={r} channel={channels.data?.find((c) => c.id === r.channelId)} />
        ))}
      </div>
    </Dialog>
  );
}
