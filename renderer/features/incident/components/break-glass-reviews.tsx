// Every time one supervisor published a holding statement alone (break-glass), awaiting review
// first: who, when, why, the words nobody approved in advance, where it went. A supervisor other
// than the one who used it marks it reviewed with a note (the core refuses the same person and
// operators too; the form says so up front).
import { useId, useState } from 'react';
import type { AccountViewData } from '../../../../electron/shared/contract';
import { breakGlassReviewNoteLength } from '../../../../electron/shared/rules';
import { ErrorNotice } from '../../../components/notice';
import { useAccounts } from '../../../lib/api/accounts';
import { useChannels } from '../../../lib/api/channels';
import { errorMessage } from '../../../lib/call';
import { formatDateTime } from '../../../lib/format';
import { useBreakGlassReview, useBreakGlassUses, type BreakGlassUse } from '../api/break-glass';

function ReviewForm({ use }: { readonly use: BreakGlassUse }) {
  const review = useBreakGlassReview();
  const [note, setNote] = useState('');
  const noteId = useId();
  return (
    <form
      className="break-glass-review__form"
      onSubmit={(e) => {
        e.preventDefault();
        if (note.trim() !== '') review.mutate({ id: use.id, note: note.trim() }, { onSuccess: () => setNote('') });
      }}
    >
      <label htmlFor={noteId}>Review note: what you checked and what you concluded</label>
      <textarea id={noteId} className="field__input" value={note} onChange={(e) => setNote(e.target.value)} maxLength={breakGlassReviewNoteLength.max} data-testid="break-glass-review-note" />
      <button type="submit" className="button button--primary" disabled={note.trim() === '' || review.isPending} data-testid="break-glass-review-submit">
        {review.isPending ? 'Saving…' : 'Mark reviewed'}
      </button>
      <ErrorNotice testId="break-glass-review-error">{review.isError ? errorMessage(review.error) : null}</ErrorNotice>
    </form>
  );
}

function UseItem({ use, me, who, channel }: { readonly use: BreakGlassUse; readonly me: AccountViewData; readonly who: (id: string) => string; readonly channel: (id: string) => string }) {
  const supervisor = me.role === 'supervisor' || me.role === 'admin';
  return (
    <li className={`break-glass-review${use.review ? ' break-glass-review--reviewed' : ''}`} data-testid="break-glass-use" data-reviewed={use.review ? 'yes' : 'no'}>
      <p>
        <strong>{use.title}</strong> — published alone by {who(use.supervisorId)} at {formatDateTime(use.issuedAt)}. Reason: {use.reason}
      </p>
      {use.filled.length > 0 ? <p className="detail__muted">Filled in: {use.filled.map((f) => `${f.name} = “${f.value}”`).join(', ')}</p> : null}
      <p className="detail__muted">
        {use.sends.length === 0
          ? 'Nothing was sent.'
          : `Went to: ${use.sends.map((r) => `${channel(r.channelId)} (${r.status}${r.status === 'failed' && r.lastError ? `: ${r.lastError}` : ''})`).join('; ')}`}
      </p>
      {use.review ? (
        <p data-testid="break-glass-reviewed">
          Reviewed by {who(use.review.reviewerId)} at {formatDateTime(use.review.reviewedAt)}: “{use.review.note}”
        </p>
      ) : !supervisor ? (
        <p className="detail__muted">Awaiting review by a supervisor.</p>
      ) : use.supervisorId === me.id ? (
        <p className="detail__muted" data-testid="break-glass-review-own">
          You used it, so a different supervisor reviews it.
        </p>
      ) : (
        <ReviewForm use={use} />
      )}
    </li>
  );
}

export function BreakGlassReviews({ me }: { readonly me: AccountViewData }) {
  const uses = useBreakGlassUses();
  const accounts = useAccounts();
  const channels = useChannels();
  const who = (id: string) => accounts.data?.find((a) => a.id === id)?.displayName ?? id;
  const channel = (id: string) => channels.data?.find((c) => c.id === id)?.name ?? id;
  const list = uses.data ?? [];
  // Awaiting review first, each group newest first (as the core lists them).
  const ordered = [...list.filter((u) => !u.review), ...list.filter((u) => u.review)];
  const waiting = list.length - list.filter((u) => u.review).length;
  return (
    <section className="panel break-glass-reviews" aria-labelledby="break-glass-reviews-title" data-testid="break-glass-reviews">
      <h2 id="break-glass-reviews-title" className="panel__title">
        Break-glass reviews
      </h2>
      <p className="panel__lead">
        {waiting === 0 ? 'Nothing awaits review.' : `${waiting} awaiting review.`} Each time one supervisor published a holding statement alone, a different
        supervisor reviews it.
      </p>
      <ErrorNotice>{uses.isError ? errorMessage(uses.error) : null}</ErrorNotice>
      {ordered.length > 0 ? (
        <ul className="break-glass-reviews__list">
          {ordered.map((u) => (
            <UseItem key={u.id} use={u} me={me} who={who} channel={channel} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
