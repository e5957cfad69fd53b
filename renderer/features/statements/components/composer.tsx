// The composer: one statement, a variant per channel, each counted as its channel counts (the same
// functions the core enforces) and previewed as it will look there. What is typed is autosaved to
// the core within a second (api/composer-autosave.ts), so a reload, a crash or a killed process
// loses nothing; after one, the composer reopens the person's newest draft. Submitting asks a
// second person to approve the exact text. A refused save or submit leaves everything on screen.
import { useCallback, useMemo } from 'react';
import type { AccountViewData, FeedItem } from '../../../../electron/shared/contract';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { revealHeading } from '../../../lib/reveal-heading';
import { useWorkspaceActions } from '../../../lib/workspace-store';
import { useComposerAutosave } from '../api/composer-autosave';
import { useResumeLatestDraft } from '../api/resume-draft';
import { useStatementMutations, useStatements } from '../api/statements';
import { blueskyPreview, mastodonPreview, xPreview, type PreviewPart } from '../lib/channel-preview';
import { correctionDraftFor } from '../lib/correction-draft';
import { coreOnlyViolations, liveCounts, liveViolations } from '../lib/live-checks';
import {
  composerChannels,
  composerSnapshot,
  filledFromStatement,
  isBlank,
  useComposerActions,
  useComposerDraft,
  useComposerSaving,
  useStashedDraft,
  type ComposerChannel,
  type DraftField,
} from '../state/composer-store';
import { imageLimitProblems } from '../../../../electron/shared/image-limits';
import { EmailPreview, PostPreview, WebsitePreview } from './channel-previews';
import { ChannelImages, ComposerImages } from './composer-images';
import { ComposerField } from './composer-field';
import { LiveViolations, ResumedNotice, SaveStatus } from './composer-notices';

const composerHeadingId = 'composer-title';
const channelLabels: Record<ComposerChannel, string> = { x: 'X', bluesky: 'Bluesky', mastodon: 'Mastodon', website: 'Website', email: 'Email bulletin' };

/** The channels that take a plain-text post: how each counts, and its preview. */
const postChannels: readonly { channel: ComposerChannel; field: DraftField; preview: (text: string) => PreviewPart[]; hint: string; note: string }[] = [
  { channel: 'x', field: 'xText', preview: xPreview, hint: 'X counts a link as 23 and most emoji and CJK characters as 2.', note: 'links shortened as X shows them' },
  { channel: 'bluesky', field: 'blueskyText', preview: blueskyPreview, hint: 'Bluesky counts characters as seen (an emoji is 1) and links in full.', note: 'plain text' },
  { channel: 'mastodon', field: 'mastodonText', preview: mastodonPreview, hint: 'Mastodon counts a link as 23.', note: 'plain text, links shortened' },
];

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

export function Composer({ me }: { readonly me: AccountViewData }) {
  const draft = useComposerDraft();
  const { autosave, conflict, savedLocallyAt, resumed } = useComposerSaving();
  const { draftEdited, channelToggled, draftDiscarded, stashRestored } = useComposerActions();
  const stashed = useStashedDraft();
  const saver = useComposerAutosave();
  useResumeLatestDraft(me.id);
  const { submit } = useStatementMutations();
  const statements = useStatements();
  const saved = statements.data?.find((s) => s.id === draft.statementId) ?? null;
  const counts = useMemo(() => liveCounts(draft), [draft]);
  const problems = useMemo(() => [...liveViolations(draft).map((v) => v.message), ...coreOnlyViolations(saved?.violations ?? [], draft)], [draft, saved]);
  const editable = !saved || saved.status !== 'published';
  const saving = autosave.kind === 'saving';
  const imageFacts = draft.images.map((i) => ({ bytes: i.bytes, width: i.width, height: i.height }));
  const imagesFor = (channel: ComposerChannel) => <ChannelImages images={draft.images} problems={imageLimitProblems(channel, imageFacts)} channel={channelLabels[channel]} />;

  const saveNow = () => saver.flush('explicit');
  const submitNow = async (): Promise<void> => {
    // The same queue as autosave: whatever is typed is saved first, then exactly that is submitted.
    await saveNow();
    const id = composerSnapshot().statementId;
    if (id) await submit.mutateAsync(id);
  };
  // A new statement only once the current one is safely saved: a failure keeps it on screen.
  const startNew = () => void saveNow().then(draftDiscarded, () => undefined);

  return (
    <section className="panel composer" aria-labelledby={composerHeadingId} data-testid="composer">
      <h2 id={composerHeadingId} className="panel__title" tabIndex={-1}>
        {draft.statementId ? 'Edit the statement' : 'Compose a statement'}
      </h2>
      <p className="panel__lead">
        Written once, with a variant per channel, saved as you type. A second person approves the exact text; then it goes out everywhere at once.
      </p>
      <ResumedNotice resumed={resumed} />
      {stashed ? (
        <StatusNotice testId="composer-stashed">
          An unsaved statement was put aside for this one.{' '}
          <button type="button" className="button button--small" onClick={stashRestored}>
            Bring it back (replaces what is shown)
          </button>
        </StatusNotice>
      ) : null}
      <ComposerField label="Title" field="title" value={draft.title} />
      <ComposerField label="Statement (the words every channel carries)" field="canonicalText" value={draft.canonicalText} rows={4} />
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
        {composerChannels.map((c) => (
          <label key={c} className="checkbox">
            <input type="checkbox" checked={draft.channels[c]} onChange={() => channelToggled(c)} data-testid={`composer-channel-${c}`} />
            {channelLabels[c]}
          </label>
        ))}
      </fieldset>
      <ComposerImages images={draft.images} editable={editable} />
      {postChannels.map(({ channel, field, preview, hint, note }) =>
        draft.channels[channel] ? (
          <div key={channel} className="composer__variant">
            <h3 className="composer__channel">{channelLabels[channel]}</h3>
            <ComposerField label="Post text" field={field} value={draft[field]} count={counts[field]} hint={hint} rows={4} />
            <PostPreview channel={channelLabels[channel]} parts={preview(draft[field])} note={note} />
            {imagesFor(channel)}
          </div>
        ) : null,
      )}
      {draft.channels.website ? (
        <div className="composer__variant">
          <h3 className="composer__channel">Website</h3>
          <ComposerField label="Page title" field="webTitle" value={draft.webTitle} count={counts.webTitle} />
          <ComposerField label="Body (HTML)" field="webHtml" rows={5} value={draft.webHtml} />
          <WebsitePreview title={draft.webTitle} html={draft.webHtml} />
          {imagesFor('website')}
        </div>
      ) : null}
      {draft.channels.email ? (
        <div className="composer__variant">
          <h3 className="composer__channel">Email bulletin</h3>
          <ComposerField label="Subject" field="emailSubject" value={draft.emailSubject} count={counts.emailSubject} />
          <ComposerField label="Body" field="emailText" rows={5} value={draft.emailText} />
          <EmailPreview subject={draft.emailSubject} text={draft.emailText} />
          {imagesFor('email')}
        </div>
      ) : null}
      <SaveStatus saved={saved} dirty={draft.dirty} autosave={autosave} savedLocallyAt={savedLocallyAt} />
      {/* Nothing typed yet: nothing to point out. */}
      <LiveViolations messages={draft.statementId !== null || !isBlank(draft) ? problems : []} />
      {conflict ? <ErrorNotice>Someone else saved this statement meanwhile; your text was saved as the newest version. Check the versions before submitting.</ErrorNotice> : null}
      <ErrorNotice testId="composer-error">{submit.isError ? errorMessage(submit.error) : null}</ErrorNotice>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => void saveNow().catch(() => undefined)} disabled={saving || !editable} data-testid="statement-save">
          {saving ? 'Saving…' : 'Save draft'}
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void submitNow().catch(() => undefined)}
          disabled={saving || submit.isPending || (saved?.status === 'pending' && !draft.dirty)}
          data-testid="statement-submit"
        >
          {saved?.status === 'pending' && !draft.dirty ? 'Waiting for approval' : 'Submit for approval'}
        </button>
        <button type="button" className="button" onClick={startNew} data-testid="composer-new">
          New statement
        </button>
      </div>
    </section>
  );
}
