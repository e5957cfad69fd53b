// Break-glass: one supervisor publishes a pre-approved holding statement alone, now. The dialog
// says plainly what that means (time-boxed, everyone is alerted, flagged for review), shows the
// filled words nobody approved in advance once more, asks why, offers to go through a freeze, and
// then follows each channel's outbox row until the statement is out.
import { useId, useState, type FormEvent } from 'react';
import { breakGlassReasonLength } from '../../../../electron/shared/rules';
import { ChannelPicker } from '../../../components/channel-picker';
import { Dialog } from '../../../components/dialog';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { OutboxRows } from '../../../components/outbox-rows';
import { ThroughFreezeChoice, useThroughFreeze } from '../../../components/through-freeze';
import { useChannels } from '../../../lib/api/channels';
import { errorMessage } from '../../../lib/call';
import { eligibleChannels } from '../../../lib/channel-variants';
import { useTemplateMutations, type FilledTemplate, type TemplateValues, type TemplateView } from '../api/templates';
import { useBreakGlassReason, useTemplateUiActions } from '../state/template-ui-store';
import { FilledValues } from './filled-preview';

export interface BreakGlassDialogProps {
  readonly template: TemplateView;
  readonly values: TemplateValues;
  readonly filled: FilledTemplate | undefined;
  readonly onClose: () => void;
}

export function BreakGlassDialog({ template, values, filled, onClose }: BreakGlassDialogProps) {
  const channels = useChannels();
  const eligible = eligibleChannels(channels.data ?? [], template.variants);
  const [chosen, setChosen] = useState<readonly string[]>(() => eligible.map((c) => c.id));
  const throughFreeze = useThroughFreeze(chosen);
  const reason = useBreakGlassReason();
  const { reasonEdited, breakGlassPublished } = useTemplateUiActions();
  const { breakGlass } = useTemplateMutations();
  const [checked, setChecked] = useState(false);
  const [statementId, setStatementId] = useState<string | null>(null);
  const reasonId = useId();
  const reasonProblem = reason.trim().length < breakGlassReasonLength.min ? `Say why you are publishing alone (at least ${breakGlassReasonLength.min} characters); it goes into the review.` : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (reasonProblem || chosen.length === 0) return;
    breakGlass.mutate(
      { id: template.id, reason: reason.trim(), values: { ...values }, channelIds: [...chosen], throughFreeze: throughFreeze.value },
      {
        onSuccess: (rows) => {
          setStatementId(rows[0]?.statementId ?? null);
          breakGlassPublished();
        },
      },
    );
  };

  return (
    <Dialog title={`BREAK-GLASS: publish “${template.name}” alone`} onClose={onClose} testId="break-glass-dialog" wide>
      <div className="break-glass">
        <p className="break-glass__warning" data-testid="break-glass-warning">
          <strong>BREAK-GLASS.</strong> You publish this pre-approved holding statement alone, without a second person now. The authorisation is
          time-boxed (it lasts minutes, not hours), <strong>everyone signed in is alerted at once</strong>, and it is <strong>flagged for review</strong> in
          the audit log.
        </p>
        {filled ? <FilledValues filled={filled.filled} /> : <p className="detail__muted">Reading the filled statement…</p>}
        {statementId ? (
          <div className="form" data-testid="break-glass-result">
            <StatusNotice>Published under break-glass: every channel's progress follows. Everyone signed in was alerted; it is flagged for review.</StatusNotice>
            <OutboxRows statementId={statementId} channels={channels.data ?? []} />
            <div className="form__actions">
              <button type="button" className="button button--primary" onClick={onClose} autoFocus>
                Close
              </button>
            </div>
          </div>
        ) : (
          <form className="form" onSubmit={submit} noValidate aria-label="Break-glass publish">
            <div className="field">
              <label htmlFor={reasonId} className="field__label">
                Why you are publishing alone (goes into the review)
              </label>
              <textarea
                id={reasonId}
                className="field__input"
                rows={2}
                value={reason}
                onChange={(e) => reasonEdited(e.target.value)}
                maxLength={breakGlassReasonLength.max}
                aria-invalid={checked && reasonProblem ? true : undefined}
                aria-describedby={checked && reasonProblem ? `${reasonId}-error` : undefined}
                data-testid="break-glass-reason"
              />
              {checked && reasonProblem ? (
                <p id={`${reasonId}-error`} className="field__error">
                  {reasonProblem}
                </p>
              ) : null}
            </div>
            <ChannelPicker legend="Publish on" eligible={eligible} chosen={chosen} onChange={setChosen} />
            <ThroughFreezeChoice
              frozenChosen={throughFreeze.frozenChosen}
              channels={channels.data ?? []}
              value={throughFreeze.value}
              onChange={throughFreeze.set}
              testId="break-glass-through-freeze"
            />
            <ErrorNotice testId="break-glass-error">{breakGlass.isError ? errorMessage(breakGlass.error) : checked && chosen.length === 0 ? 'Choose at least one channel.' : null}</ErrorNotice>
            <div className="form__actions">
              <button type="submit" className="button button--danger" disabled={breakGlass.isPending || !filled || filled.violations.length > 0} data-testid="break-glass-confirm">
                {breakGlass.isPending ? 'Publishing…' : `Break glass: publish now on ${chosen.length} ${chosen.length === 1 ? 'channel' : 'channels'}`}
              </button>
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </div>
    </Dialog>
  );
}
