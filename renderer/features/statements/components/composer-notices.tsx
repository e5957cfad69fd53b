// What the composer tells the person about their text: whether it is saved (and, when it is not,
// why and that it is still here), why autosave is off for a submitted or approved statement, the
// draft it reopened, and what breaks a channel's rules. The rules list updates as they type; the
// screen reader hears it once they pause (a polite live region that changes only then).
import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { formatClock } from '../../../lib/format';
import { autosaveAllowed } from '../api/composer-autosave';
import type { AutosaveStatus } from '../lib/autosave';
import type { ResumedDraft } from '../state/composer-store';

type Statement = CallOutput<'statements.list'>[number];

/** Waits for the person to pause before the live region changes (and is read out). */
const announceAfterMs = 1200;

export function SaveStatus({ saved, dirty, autosave, savedLocallyAt = null }: { readonly saved: Statement | null; readonly dirty: boolean; readonly autosave: AutosaveStatus; readonly savedLocallyAt?: string | null }) {
  const paused = saved !== null && dirty && !autosaveAllowed(saved.status);
  const progress =
    autosave.kind === 'saving' ? 'saving…' : dirty && !paused ? 'changes not saved yet (saved when you pause)' : !dirty && saved ? 'all changes saved' : null;
  const failed = <ErrorNotice testId="composer-autosave-error">{autosave.kind === 'failed' ? `Not saved — your text is kept here. ${autosave.message}` : null}</ErrorNotice>;
  // Until the shared store holds a newer version (the journal synced it), the save is on this desk only.
  if (savedLocallyAt !== null && (saved === null || saved.savedAt < savedLocallyAt)) {
    // Team mode, the database unreachable: the shared store's version line would be out of date.
    return (
      <>
        <p className="composer__status composer__status--local" role="status" data-testid="composer-saved-locally">
          {`Saved on this desk ${formatClock(savedLocallyAt)}; will sync when the database returns`}
          {progress ? ` · ${progress}` : ''}
        </p>
        {failed}
      </>
    );
  }
  return (
    <>
      {saved || progress ? (
        <p className="composer__status" data-testid="composer-status">
          {saved ? `Version ${saved.version} saved ${formatClock(saved.savedAt)} · ${saved.status}` : 'Not saved yet'}
          {progress ? ` · ${progress}` : ''}
        </p>
      ) : null}
      {paused ? (
        <p className="notice" data-testid="composer-autosave-paused">
          {saved?.status === 'pending'
            ? 'Autosave is off: this statement is waiting for approval. Save draft keeps your changes and withdraws it from approval.'
            : 'Autosave is off: this statement is approved. Save draft keeps your changes and voids the approval.'}
        </p>
      ) : null}
      {failed}
    </>
  );
}

export function ResumedNotice({ resumed }: { readonly resumed: ResumedDraft | null }) {
  if (!resumed) return null;
  return (
    <StatusNotice testId="composer-resumed">
      Reopened your draft “{resumed.title || 'untitled'}” as you left it (version {resumed.version}, saved {formatClock(resumed.savedAt)}). “New statement” starts
      another; this one stays in the list.
    </StatusNotice>
  );
}

export function LiveViolations({ messages }: { readonly messages: readonly string[] }) {
  const summary = messages.length === 0 ? '' : `${messages.length === 1 ? '1 problem' : `${messages.length} problems`} to fix before submitting: ${messages.join('; ')}.`;
  const [announced, setAnnounced] = useState(summary);
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(summary), announceAfterMs);
    return () => clearTimeout(timer);
  }, [summary]);
  return (
    <>
      {messages.length > 0 ? (
        <ul className="notice notice--error composer__violations" data-testid="composer-violations">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="composer-violations-announced">
        {announced}
      </p>
    </>
  );
}
