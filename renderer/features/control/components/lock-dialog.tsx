// The Lock runbook (supervisors): for each channel, the steps that cut upstream tools off
// (revoke application passwords or tokens, change a mail password), each run only after the
// person ticks "I understand: <what it does>". Every answer is recorded, honestly: done, a manual
// step to finish elsewhere, or failed and why; the steps already run are listed under each channel.
// In team mode each desk's own credential is a step too (revoked here, asked of that desk while it
// is online, revoked from here while it is offline, or a shared secret to revoke by hand), with one
// "ask every desk" button; each step recorded shows the desk it ran on.
import { useId, useState } from 'react';
import type { ChannelSummary } from '../../../../electron/shared/contract';
import { Dialog } from '../../../components/dialog';
import { ErrorNotice } from '../../../components/notice';
import { useAccounts } from '../../../lib/api/accounts';
import { useChannels } from '../../../lib/api/channels';
import { useDesks } from '../../../lib/api/desks';
import { errorMessage } from '../../../lib/call';
import { formatClock } from '../../../lib/format';
import { useLockEveryDesk, useRunbooks, useRunLockStep, type LockStep, type Runbook } from '../api/lock';
import { lockStepDeskName } from '../lib/lock-desk-name';

const outcomeText: Record<LockStep['outcome'], string> = { done: 'done', manual: 'manual step', failed: 'failed' };

function StepResult({ step }: { readonly step: LockStep }) {
  return (
    <p className={`lock-result lock-result--${step.outcome}`} data-testid="lock-result" data-outcome={step.outcome} role="status">
      <strong>{outcomeText[step.outcome]}</strong> at {formatClock(step.runAt)}: {step.detail}
    </p>
  );
}

type DeskStep = Runbook['desks'][number];
const deskState = (d: DeskStep): string => (d.self ? 'this desk' : d.online ? 'online' : 'offline (not seen for 30 s)');

function LockAction({ channelId, action, note }: { readonly channelId: string; readonly action: Runbook['actions'][number]; readonly note?: string }) {
  const [understood, setUnderstood] = useState(false);
  const run = useRunLockStep();
  const confirmId = useId();
  return (
    <li className="lock-action" data-testid={`lock-action-${channelId}-${action.id}`}>
      <p className="lock-action__label">{action.label}</p>
      {note ? <p className="detail__muted">{note}</p> : null}
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

function DeskCredentials({ runbook }: { readonly runbook: Runbook }) {
  if (runbook.desks.length === 0) return null;
  return (
    <ul className="lock-actions" aria-label="Each desk's own credential" data-testid={`lock-desks-${runbook.channelId}`}>
      {runbook.desks.map((d) =>
        d.actionId ? (
          <LockAction key={d.credentialId} channelId={runbook.channelId} action={{ id: d.actionId, label: d.label, effect: d.effect }} note={`${d.deskName}: ${deskState(d)} · ${d.credential}`} />
        ) : (
          <li key={d.credentialId} className="lock-action" data-testid={`lock-desk-${d.credentialId}`} data-how={d.how}>
            <p className="lock-action__label">{d.label}</p>
            <p className="detail__muted">{d.revokedAt ? `Revoked at ${formatClock(d.revokedAt)}.` : null}</p>
          </li>
        ),
      )}
    </ul>
  );
}

function ChannelRunbook({ runbook, channel }: { readonly runbook: Runbook; readonly channel: ChannelSummary | undefined }) {
  const accounts = useAccounts();
  const registry = useDesks().data;
  const who = (id: string) => accounts.data?.find((a) => a.id === id)?.displayName ?? id;
  // Team mode only (desks hold credentials): a single desk has no Desk column.
  const team = runbook.desks.length > 0;
  const desk = (id: string | null) => lockStepDeskName(id, registry, runbook.desks);
  const title = channel?.name ?? runbook.channelId;
  return (
    <section className="lock-channel" aria-label={`Lock ${title}`} data-testid={`lock-channel-${runbook.channelId}`}>
      <h3 className="panel__subtitle">{title}</h3>
      <ErrorNotice>{runbook.error}</ErrorNotice>
      {runbook.actions.length === 0 && runbook.desks.length === 0 && !runbook.error ? <p className="detail__muted">Nothing to revoke upstream for this channel.</p> : null}
      <DeskCredentials runbook={runbook} />
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
              {team ? <th scope="col">Desk</th> : null}
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
                {team ? <td>{desk(s.deskId)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** Team mode: one confirmed click asks every desk to revoke its own credential for every channel. */
function EveryDesk({ runbooks }: { readonly runbooks: readonly Runbook[] }) {
  const [understood, setUnderstood] = useState(false);
  const run = useLockEveryDesk();
  const confirmId = useId();
  const due = runbooks.flatMap((r) => r.desks).filter((d) => d.how === 'here' || d.how === 'ask');
  if (due.length === 0 && !run.data) return null;
  const counts = run.data ? (['done', 'manual', 'failed'] as const).map((o) => `${run.data.filter((s) => s.outcome === o).length} ${outcomeText[o]}`).join(', ') : null;
  return (
    <section className="lock-action" data-testid="lock-every-desk">
      <p className="lock-action__label">Ask every desk to revoke its own credential ({due.length} to do)</p>
      <label className="checkbox lock-action__confirm" htmlFor={confirmId}>
        <input id={confirmId} type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
        <span>I understand: this desk revokes its own, each online desk revokes its own; none of them can post on those channels until connected again.</span>
      </label>
      <div className="form__actions">
        <button type="button" className="button button--danger button--small" disabled={!understood || run.isPending} onClick={() => run.mutate({ confirmed: true })} data-testid="lock-every-desk-run">
          {run.isPending ? 'Asking the desks…' : 'Ask every desk'}
        </button>
      </div>
      {counts ? <p className="lock-result" role="status">Recorded: {counts}. Offline desks are listed under each channel.</p> : null}
      <ErrorNotice>{run.isError ? errorMessage(run.error) : null}</ErrorNotice>
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
        {runbooks.data ? <EveryDesk runbooks={runbooks.data} /> : null}
        {runbooks.data?.map((r) => (
          <ChannelRunbook key={r.channelId} runbook={r} channel={channels.data?.find((c) => c.id === r.channelId)} />
        ))}
      </div>
    </Dialog>
  );
}
