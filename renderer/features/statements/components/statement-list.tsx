// Every statement with what can be done next: the author edits or waits; a second person (a
// supervisor or admin who did not write it) approves the exact text or sends it back with a
// comment, seeing what changed since the last approved version; an approved statement is
// published now or scheduled; a published one shows its per-channel progress, and what of it has
// not gone out yet can be cancelled by a supervisor.
import { useId, useState } from 'react';
import type { AccountViewData, CallOutput } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { OutboxRows } from '../../../components/outbox-rows';
import { useAccounts } from '../../../lib/api/accounts';
import { useChannels } from '../../../lib/api/channels';
import { useOutbox } from '../../../lib/api/outbox';
import { errorMessage } from '../../../lib/call';
import { formatClock } from '../../../lib/format';
import { saveComposerNow } from '../api/composer-autosave';
import { useStatementMutations, useStatements } from '../api/statements';
import { useComposerActions } from '../state/composer-store';
import { PublishPanel } from './publish-panel';
import { UnsentSend } from './unsent-send';
import { ImageThumb } from '../../../components/image-thumb';
import { VersionDiff } from './version-diff';

type Statement = CallOutput<'statements.list'>[number];

function VariantsText({ s }: { readonly s: Statement }) {
  return (
    <details className="statement__variants">
      <summary>Text per channel</summary>
      <dl>
        {s.variants.x ? (
          <>
            <dt>X</dt>
            <dd>{s.variants.x.text}</dd>
          </>
        ) : null}
        {s.variants.bluesky ? (
          <>
            <dt>Bluesky</dt>
            <dd>{s.variants.bluesky.text}</dd>
          </>
        ) : null}
        {s.variants.mastodon ? (
          <>
            <dt>Mastodon</dt>
            <dd>{s.variants.mastodon.text}</dd>
          </>
        ) : null}
        {s.variants.website ? (
          <>
            <dt>Website</dt>
            <dd>
              {s.variants.website.title} — <code>{s.variants.website.html}</code>
            </dd>
          </>
        ) : null}
        {s.variants.email ? (
          <>
            <dt>Email</dt>
            <dd>
              {s.variants.email.subject} — {s.variants.email.text}
            </dd>
          </>
        ) : null}
        {s.images.length > 0 ? (
          <>
            <dt>Images</dt>
            <dd className="statement__images" data-testid="statement-images">
              {s.images.map((image, i) => (
                <figure key={image.sha256} className="statement__image">
                  <ImageThumb sha256={image.sha256} alt={image.alt} small />
                  <figcaption>
                    {i + 1}. {image.alt === '' ? <strong>no alt text yet</strong> : image.alt}
                  </figcaption>
                </figure>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
    </details>
  );
}

function Review({ s }: { readonly s: Statement }) {
  const { approve, reject } = useStatementMutations();
  const [comment, setComment] = useState('');
  const commentId = useId();
  const failure = approve.isError ? approve.error : reject.isError ? reject.error : null;
  return (
    <div className="statement__review">
      <button type="button" className="button button--primary" onClick={() => approve.mutate({ id: s.id, contentHash: s.contentHash })} disabled={approve.isPending} data-testid="statement-approve">
        Approve this exact text
      </button>
      <label htmlFor={commentId} className="visually-hidden">
        Why it goes back to the author
      </label>
      <input id={commentId} className="field__input" placeholder="Or send back with a comment…" value={comment} onChange={(e) => setComment(e.target.value)} />
      <button type="button" className="button" onClick={() => reject.mutate({ id: s.id, comment: comment.trim() })} disabled={comment.trim() === '' || reject.isPending}>
        Send back
      </button>
      <ErrorNotice>{failure ? errorMessage(failure) : null}</ErrorNotice>
    </div>
  );
}

function StatementCard({ s, me, accounts }: { readonly s: Statement; readonly me: AccountViewData; readonly accounts: readonly AccountViewData[] }) {
  const { statementLoaded } = useComposerActions();
  const channels = useChannels();
  const name = (id: string | null | undefined) => (id ? (accounts.find((a) => a.id === id)?.displayName ?? id) : 'nobody');
  const mine = s.authorId === me.id;
  const reviewer = me.role === 'supervisor' || me.role === 'admin';
  // Published by scheduling, it has not gone anywhere yet: say what people would call it.
  const outbox = useOutbox(s.id);
  const shownStatus = s.status === 'published' && outbox.data?.some((r) => r.status === 'queued' && r.heldBy === 'schedule') ? 'scheduled' : s.status;
  return (
    <article className={`statement statement--${s.status}`} data-testid="statement" data-status={s.status} aria-labelledby={`statement-${s.id}`}>
      <h3 id={`statement-${s.id}`} className="statement__title">
        {s.title || '(untitled)'} <span className={`status-tag statement__status`}>{shownStatus}</span>
      </h3>
      <p className="detail__muted">
        by {name(s.authorId)} · version {s.version} · saved {formatClock(s.savedAt)}
        {s.approval ? ` · approved by ${name(s.approval.approverId)} (${s.approval.state}, until ${formatClock(s.approval.expiresAt)})` : ''}
      </p>
      {s.lastRejection ? (
        <p className="notice">
          Sent back by {name(s.lastRejection.reviewerId)}: “{s.lastRejection.comment}”
        </p>
      ) : null}
      <VariantsText s={s} />
      {mine && s.status !== 'published' ? (
        <button
          type="button"
          className="button button--small"
          // What the composer holds is saved before this statement replaces it (a failure keeps it there).
          onClick={() => void saveComposerNow().then(() => statementLoaded(s), () => undefined)}
        >
          Edit in the composer
        </button>
      ) : null}
      {s.status === 'pending' && mine ? <p className="detail__muted">Waiting for a second person to approve.</p> : null}
      {s.status === 'pending' ? <VersionDiff s={s} /> : null}
      {s.status === 'pending' && !mine && reviewer ? <Review s={s} /> : null}
      {s.status === 'approved' && s.readyToPublish && reviewer ? <PublishPanel statement={s} /> : null}
      {s.status === 'approved' && !reviewer ? <p className="detail__muted">Approved: a supervisor publishes it.</p> : null}
      {s.status === 'published' ? <UnsentSend statementId={s.id} me={me} /> : null}
      <OutboxRows statementId={s.id} channels={channels.data ?? []} />
    </article>
  );
}

export function StatementList({ me }: { readonly me: AccountViewData }) {
  const statements = useStatements();
  const accounts = useAccounts();
  return (
    <section className="panel approvals" aria-labelledby="approvals-title" data-testid="approvals">
      <h2 id="approvals-title" className="panel__title">
        Statements and approvals
      </h2>
      <p className="panel__lead">Nobody approves their own statement; an edit voids an approval, and approvals expire.</p>
      {statements.isPending ? <p>Loading statements…</p> : null}
      <ErrorNotice>{statements.isError ? errorMessage(statements.error) : null}</ErrorNotice>
      {statements.data?.length === 0 ? <p className="detail__muted">No statements yet.</p> : null}
      {statements.data?.map((s) => <StatementCard key={s.id} s={s} me={me} accounts={accounts.data ?? []} />)}
    </section>
  );
}
