import { beforeEach, describe, expect, it } from 'vitest';
import { composerActions, composerSnapshot, onComposerEdited } from './composer-store';

beforeEach(() => composerActions().composerReset());

describe('the composer store: a late save never marks newer text, or another draft, as saved', () => {
  it('a save answering for text since edited leaves the draft unsaved', () => {
    const a = composerActions();
    a.draftEdited('title', 'First');
    const asSent = composerSnapshot();
    a.idAssigned('stmt-1');
    a.draftEdited('title', 'First, then more');
    a.draftSaved({ generation: asSent.generation, revision: asSent.revision, statementId: 'stmt-1', version: 1, conflict: false });
    expect(composerSnapshot()).toMatchObject({ statementId: 'stmt-1', baseVersion: 1, dirty: true, title: 'First, then more' });
    const now = composerSnapshot();
    a.draftSaved({ generation: now.generation, revision: now.revision, statementId: 'stmt-1', version: 2, conflict: false });
    expect(composerSnapshot()).toMatchObject({ baseVersion: 2, dirty: false });
  });

  it('a save answering after "New statement" does not touch the new draft', () => {
    const a = composerActions();
    a.draftEdited('title', 'Old');
    const old = composerSnapshot();
    a.draftDiscarded();
    a.draftSaved({ generation: old.generation, revision: old.revision, statementId: 'stmt-old', version: 3, conflict: true });
    expect(composerSnapshot()).toMatchObject({ statementId: null, baseVersion: null, title: '', dirty: false });
  });

  it('an id is assigned once, and edits (not saves or loads) wake the autosaver', () => {
    const a = composerActions();
    let edits = 0;
    const stop = onComposerEdited(() => edits++);
    a.draftEdited('xText', 'x');
    a.channelToggled('bluesky');
    a.idAssigned('stmt-1');
    a.idAssigned('stmt-2');
    a.autosaveReported({ kind: 'saved' });
    stop();
    expect(edits).toBe(2);
    expect(composerSnapshot().statementId).toBe('stmt-1');
  });
});
