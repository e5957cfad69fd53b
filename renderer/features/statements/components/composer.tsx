// The composer: one statement, a variant per channel, a sandboxed preview of the web variant.
// Saving keeps every version in the core; submitting asks a second person to approve the exact
// text. A refused save or submit leaves everything typed on screen.
import { useCallback, useId } from 'react';
import type { FeedItem } from '../../../../electron/shared/contract';
import { xWeightedLimit } from '../../../../electron/shared/rules';
import { HtmlFrame, useHtmlPreview } from '../../../components/html-frame';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { formatClock } from '../../../lib/format';
import { revealHeading } from '../../../lib/reveal-heading';
import { useWorkspaceActions } from '../../../lib/workspace-store';
import { useStatementMutations, useStatements } from '../api/statements';
import { correctionDraftFor } from '../lib/correction-draft';
import { filledFromStatement, useComposerActions, useComposerDraft, useStashedDraft, variantsOf, type ComposerChannel, type DraftField } from '../state/composer-store';

const composerHeadingId = 'composer-title';
const channelLabels: Record<ComposerChannel, string> = { x: 'X', website: 'Website', email: 'Email bulletin' };

function TextArea({ label, field, value, hint, rows = 4 }: { label: string; field: DraftField; value: string; hint?: string; rows?: number }) {
  const id = useId();
  const { draftEdited } = useComposerActions();
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <textarea id={id} className="field__input" rows={rows} value={value} onChange={(e) => draftEdited(field, e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined} data-testid={`composer-${field}`} />
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function TextInput({ label, field, value }: { label: string; field: DraftField; value: string }) {
  const id = useId();
  const { draftEdited } = useComposerActions();
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input id={id} className="field__input" value={value} onChange={(e) => draftEdited(field, e.target.value)} data-testid={`composer-${field}`} />
    </div>
  );
}

/** Puts a correction bulletin for an item in the composer and brings the composer into view. */
export function useDraftCorrectionInComposer(): (item: FeedItem) => void {
  const { correctionDrafted } = useComposerActions();
  const { viewChosen, announced } = useWorkspaceActions();
  return useCallback(
    (item: FeedItem) => {
      correctionDrafted(correctionDraftFor(item));
      viewChosen('statements');
      announced('A correction bulletin is in the composer: check it, then submit it for approval.');
      // The composer sits under the holding statements.
      revealHeading(composerHeadingId);
    },
    [correctionDrafted, viewChosen, announced],
  );
}

export function Composer() {
  const draft = useComposerDraft();
  const { draftEdited, channelToggled, draftSaved, draftDiscarded, stashRestored } = useComposerActions();
  const stashed = useStashedDraft();
  const { save, submit } = useStatementMutations();
  const statements = useStatements();
  const saved = statements.data?.find((s) => s.id === draft.statementId) ?? null;
  const webPreview = useHtmlPreview(draft.channels.website && draft.webHtml ? draft.webHtml : null);
  const xCount = [...draft.xText].length;
  const editable = !saved || saved.status === 'draft' || saved.status === 'rejected' || saved.status === 'pending' || saved.status === 'approved';

  const saveNow = async (): Promise<string | null> => {
    const result = await save.mutateAsync({
      ...(draft.statementId ? { id: draft.statementId } : {}),
      ...(draft.baseVersion ? { baseVersion: draft.baseVersion } : {}),
      title: draft.title,
      canonicalText: draft.canonicalText,
      variants: variantsOf(draft),
    });
    draftSaved(result.statement.id, result.statement.version);
    return result.statement.id;
  };
  const submitNow = async (): Promise<void> => {
    const id = draft.dirty || !draft.statementId ? await saveNow() : draft.statementId;
    if (id) await submit.mutateAsync(id);
  };
  const failure = save.isError ? save.error : submit.isError ? submit.error : null;

  return (
    <section className="panel composer" aria-labelledby={composerHeadingId} data-testid="composer">
      <h2 id={composerHeadingId} className="panel__title" tabIndex={-1}>
        {draft.statementId ? 'Edit the statement' : 'Compose a statement'}
      </h2>
      <p className="panel__lead">Written once, with a variant per channel. A second person approves the exact text; then it goes out everywhere at once.</p>
      {stashed ? (
        <StatusNotice testId="composer-stashed">
          An unsaved statement was put aside for this one.{' '}
          <button type="button" className="button button--small" onClick={stashRestored}>
            Bring it back (replaces what is shown)
          </button>
        </StatusNotice>
      ) : null}
      <TextInput label="Title" field="title" value={draft.title} />
      <TextArea label="Statement (the words every channel carries)" field="canonicalText" value={draft.canonicalText} rows={4} />
      <div className="form__actions">
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            for (const [field, value] of Object.entries(filledFromStatement(draft))) draftEdited(field as DraftField, value);
          }}
          data-testid="composer-fill"
        >
          Fill empty channel fields from the statement
        </button>
      </div>
      <fieldset className="fieldset">
        <legend>Publish on</legend>
        {(Object.keys(channelLabels) as ComposerChannel[]).map((c) => (
          <label key={c} className="checkbox">
            <input type="checkbox" checked={draft.channels[c]} onChange={() => channelToggled(c)} />
            {channelLabels[c]}
          </label>
        ))}
      </fieldset>
      {draft.channels.x ? (
        <div className="composer__variant">
          <h3 className="composer__channel">X</h3>
          <TextArea label="Post text" field="xText" value={draft.xText} hint={`${xCount} of ${xWeightedLimit} characters (X weighs emoji and links differently; the core checks the exact length).`} />
        </div>
      ) : null}
      {draft.channels.website ? (
        <div className="composer__variant">
          <h3 className="composer__channel">Website</h3>
          <TextInput label="Page title" field="webTitle" value={draft.webTitle} />
          <TextArea label="Body (HTML)" field="webHtml" rows={5} value={draft.webHtml} />
          {webPreview ? <HtmlFrame preview={webPreview} title="Preview of the website variant, sandboxed" /> : null}
        </div>
      ) : null}
      {draft.channels.email ? (
        <div className="composer__variant">
          <h3 className="composer__channel">Email bulletin</h3>
          <TextInput label="Subject" field="emailSubject" value={draft.emailSubject} />
          <TextArea label="Body" field="emailText" rows={5} value={draft.emailText} />
        </div>
      ) : null}
      {saved ? (
        <StatusNotice testId="composer-status">
          Version {saved.version} saved {formatClock(saved.savedAt)} · {saved.status}
          {draft.dirty ? ' · changes on screen not saved yet' : ''}
          {saved.status === 'approved' && draft.dirty ? ' (saving voids the approval)' : ''}
        </StatusNotice>
      ) : null}
      {saved && saved.violations.length > 0 ? (
        <ul className="notice notice--error composer__violations" data-testid="composer-violations">
          {saved.violations.map((v, i) => (
            <li key={i}>
              {v.channel === 'statement' ? 'Statement' : v.channel} {v.field}: {v.message}
            </li>
          ))}
        </ul>
      ) : null}
      {save.data?.conflict ? <ErrorNotice>Someone else saved this statement meanwhile; your text was saved as the newest version. Check the versions before submitting.</ErrorNotice> : null}
      <ErrorNotice testId="composer-error">{failure ? errorMessage(failure) : null}</ErrorNotice>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => void saveNow().catch(() => undefined)} disabled={save.isPending || !editable} data-testid="statement-save">
          {save.isPending ? 'Saving…' : 'Save draft'}
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void submitNow().catch(() => undefined)}
          disabled={save.isPending || submit.isPending || (saved?.status === 'pending' && !draft.dirty)}
          data-testid="statement-submit"
        >
          {saved?.status === 'pending' && !draft.dirty ? 'Waiting for approval' : 'Submit for approval'}
        </button>
        <button type="button" className="button" onClick={draftDiscarded}>
          New statement
        </button>
      </div>
    </section>
  );
}
