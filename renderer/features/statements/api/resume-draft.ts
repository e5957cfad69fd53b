// After a reload, a crash or a restart the composer starts empty, but what was typed is in the
// core (autosave): once per sign-in, an untouched composer reopens the person's newest draft, the
// one whose latest version they saved themselves.
import { useEffect } from 'react';
import { composerActions, composerSnapshot, isBlank, useComposerSaving } from '../state/composer-store';
import { useStatements } from './statements';

export function useResumeLatestDraft(accountId: string): void {
  const statements = useStatements();
  const { resumeChecked } = useComposerSaving();
  useEffect(() => {
    if (resumeChecked || !statements.data) return;
    const actions = composerActions();
    actions.resumeLooked();
    const d = composerSnapshot();
    // The person already started something (or opened a statement): leave it alone.
    if (d.statementId !== null || d.dirty || !isBlank(d)) return;
    const newest = statements.data
      .filter((s) => s.status === 'draft' && s.savedBy === accountId)
      .reduce<(typeof statements.data)[number] | null>((best, s) => (best === null || s.savedAt > best.savedAt ? s : best), null);
    if (newest) actions.draftResumed(newest);
  }, [resumeChecked, statements.data, accountId]);
}
