// The statement being drafted on this screen, kept while the person moves between views so nothing
// typed is lost. Saving sends it to the core as a new version (statements.save); the store keeps
// which statement and version the text is based on, so a concurrent edit is reported, not lost.
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { CallOutput } from '../../../../electron/shared/contract';
import type { CorrectionDraft } from '../lib/correction-draft';

export type ComposerChannel = 'x' | 'website' | 'email';
type StatementView = CallOutput<'statements.get'>['statement'];

export interface ComposerDraft {
  readonly statementId: string | null;
  readonly baseVersion: number | null;
  readonly title: string;
  readonly canonicalText: string;
  readonly channels: Readonly<Record<ComposerChannel, boolean>>;
  readonly xText: string;
  readonly webTitle: string;
  readonly webHtml: string;
  readonly emailSubject: string;
  readonly emailText: string;
}

export type DraftField = 'title' | 'canonicalText' | 'xText' | 'webTitle' | 'webHtml' | 'emailSubject' | 'emailText';

interface ComposerState extends ComposerDraft {
  /** True when the text on screen differs from what was last saved. */
  readonly dirty: boolean;
  /** Unsaved text a correction draft replaced, kept until restored or discarded. */
  readonly stashed: ComposerDraft | null;
  readonly actions: {
    draftEdited(field: DraftField, value: string): void;
    channelToggled(channel: ComposerChannel): void;
    draftSaved(statementId: string, version: number): void;
    statementLoaded(statement: StatementView): void;
    correctionDrafted(draft: CorrectionDraft): void;
    stashRestored(): void;
    draftDiscarded(): void;
    composerReset(): void;
  };
}

const empty: ComposerDraft = {
  statementId: null,
  baseVersion: null,
  title: '',
  canonicalText: '',
  channels: { x: true, website: true, email: true },
  xText: '',
  webTitle: '',
  webHtml: '',
  emailSubject: '',
  emailText: '',
};

function draftOf(s: ComposerState): ComposerDraft {
  const { statementId, baseVersion, title, canonicalText, channels, xText, webTitle, webHtml, emailSubject, emailText } = s;
  return { statementId, baseVersion, title, canonicalText, channels, xText, webTitle, webHtml, emailSubject, emailText };
}

const useComposerStore = create<ComposerState>()((set) => ({
  ...empty,
  dirty: false,
  stashed: null,
  actions: {
    draftEdited: (field, value) => set({ [field]: value, dirty: true } as Pick<ComposerDraft, DraftField> & { dirty: boolean }),
    channelToggled: (channel) => set((s) => ({ channels: { ...s.channels, [channel]: !s.channels[channel] }, dirty: true })),
    draftSaved: (statementId, version) => set({ statementId, baseVersion: version, dirty: false }),
    statementLoaded: (s) =>
      set({
        statementId: s.id,
        baseVersion: s.version,
        title: s.title,
        canonicalText: s.canonicalText,
        channels: { x: s.variants.x !== undefined, website: s.variants.website !== undefined, email: s.variants.email !== undefined },
        xText: s.variants.x?.text ?? '',
        webTitle: s.variants.website?.title ?? '',
        webHtml: s.variants.website?.html ?? '',
        emailSubject: s.variants.email?.subject ?? '',
        emailText: s.variants.email?.text ?? '',
        dirty: false,
      }),
    // A correction replaces what is on screen with a new email-only statement (not yet saved);
    // unsaved text it replaces is put aside, never lost.
    correctionDrafted: (c) =>
      set((s) => ({
        stashed: s.dirty ? draftOf(s) : s.stashed,
        ...empty,
        title: c.title,
        canonicalText: c.canonicalText,
        channels: { x: false, website: false, email: true },
        emailSubject: c.emailSubject,
        emailText: c.emailText,
        dirty: true,
      })),
    stashRestored: () => set((s) => (s.stashed ? { ...s.stashed, dirty: true, stashed: null } : s)),
    draftDiscarded: () => set({ ...empty, dirty: false }),
    composerReset: () => set({ ...empty, dirty: false, stashed: null }),
  },
}));

export const useComposerDraft = () =>
  useComposerStore(
    useShallow((s): ComposerDraft & { dirty: boolean } => ({
      statementId: s.statementId,
      baseVersion: s.baseVersion,
      title: s.title,
      canonicalText: s.canonicalText,
      channels: s.channels,
      xText: s.xText,
      webTitle: s.webTitle,
      webHtml: s.webHtml,
      emailSubject: s.emailSubject,
      emailText: s.emailText,
      dirty: s.dirty,
    })),
  );
export const useComposerActions = () => useComposerStore((s) => s.actions);
export const useStashedDraft = () => useComposerStore((s) => s.stashed !== null);

/** The variants to save: only the channels switched on. */
export function variantsOf(d: ComposerDraft) {
  return {
    ...(d.channels.x ? { x: { text: d.xText } } : {}),
    ...(d.channels.website ? { website: { title: d.webTitle, html: d.webHtml } } : {}),
    ...(d.channels.email ? { email: { subject: d.emailSubject, text: d.emailText, html: '' } } : {}),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Fills empty channel fields from the statement text (the person then adjusts each). */
export function filledFromStatement(d: ComposerDraft): Partial<Record<DraftField, string>> {
  const text = d.canonicalText.trim();
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
  return {
    ...(d.xText === '' ? { xText: text } : {}),
    ...(d.webTitle === '' ? { webTitle: d.title } : {}),
    ...(d.webHtml === '' ? { webHtml: paragraphs } : {}),
    ...(d.emailSubject === '' ? { emailSubject: d.title } : {}),
    ...(d.emailText === '' ? { emailText: text } : {}),
  };
}
