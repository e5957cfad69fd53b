// The statement being drafted on this screen. The composer autosaves it to the core as the person
// types (api/composer-autosave.ts); this store keeps the text on screen meanwhile, which statement
// and version it is based on (so a concurrent edit is reported, not lost), and how far the saving
// got. `revision` counts edits and `generation` counts swaps of the whole draft, so a save that
// answers late never marks newer text as saved, nor another draft.
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { CallOutput } from '../../../../electron/shared/contract';
import type { AutosaveStatus } from '../lib/autosave';
import type { CorrectionDraft } from '../lib/correction-draft';

export const composerChannels = ['x', 'bluesky', 'mastodon', 'website', 'email'] as const;
export type ComposerChannel = (typeof composerChannels)[number];
type StatementView = CallOutput<'statements.get'>['statement'];

/** An image of the statement on screen: what media.add answered, with the alt text being typed. */
export interface ComposerImage {
  readonly sha256: string;
  readonly alt: string;
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  /** What cleaning removed when it was added (empty when reopened from a saved version). */
  readonly removed: readonly string[];
}

export interface ComposerDraft {
  readonly statementId: string | null;
  readonly baseVersion: number | null;
  readonly title: string;
  readonly canonicalText: string;
  readonly channels: Readonly<Record<ComposerChannel, boolean>>;
  readonly xText: string;
  readonly blueskyText: string;
  readonly mastodonText: string;
  readonly webTitle: string;
  readonly webHtml: string;
  readonly emailSubject: string;
  readonly emailText: string;
  /** In order; at most 4 (electron/shared/image-limits.ts). */
  readonly images: readonly ComposerImage[];
}

export type DraftField = 'title' | 'canonicalText' | 'xText' | 'blueskyText' | 'mastodonText' | 'webTitle' | 'webHtml' | 'emailSubject' | 'emailText';
const draftFields: readonly DraftField[] = ['title', 'canonicalText', 'xText', 'blueskyText', 'mastodonText', 'webTitle', 'webHtml', 'emailSubject', 'emailText'];

/** What the composer reopened after a restart or reload, for the notice. */
export interface ResumedDraft {
  readonly title: string;
  readonly version: number;
  readonly savedAt: string;
}

export interface DraftSaved {
  readonly generation: number;
  readonly revision: number;
  readonly statementId: string;
  readonly version: number;
  readonly conflict: boolean;
  /** Team mode without the database: when it was saved on this desk only (it syncs when the database returns). */
  readonly savedLocallyAt?: string | null;
}

interface ComposerState extends ComposerDraft {
  /** True when the text on screen differs from what was last saved. */
  readonly dirty: boolean;
  readonly revision: number;
  readonly generation: number;
  readonly autosave: AutosaveStatus;
  /** The last save landed on a version someone else had changed meanwhile. */
  readonly conflict: boolean;
  /** The last save was kept on this desk (the database unreachable): when. */
  readonly savedLocallyAt: string | null;
  /** Whether this window already looked for a draft to reopen (once per sign-in). */
  readonly resumeChecked: boolean;
  readonly resumed: ResumedDraft | null;
  /** Unsaved text a correction draft replaced, kept until restored or discarded. */
  readonly stashed: ComposerDraft | null;
  readonly actions: {
    draftEdited(field: DraftField, value: string): void;
    channelToggled(channel: ComposerChannel): void;
    imageAdded(image: ComposerImage): void;
    imageAltEdited(index: number, alt: string): void;
    /** Moves an image one place earlier (-1) or later (+1). */
    imageMoved(index: number, by: -1 | 1): void;
    imageRemoved(index: number): void;
    /** A new draft gets its id before its first save, so every later save lands on the same statement. */
    idAssigned(statementId: string): void;
    draftSaved(saved: DraftSaved): void;
    autosaveReported(status: AutosaveStatus): void;
    statementLoaded(statement: StatementView): void;
    draftResumed(statement: StatementView): void;
    resumeLooked(): void;
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
  channels: { x: true, bluesky: false, mastodon: false, website: true, email: true },
  xText: '',
  blueskyText: '',
  mastodonText: '',
  webTitle: '',
  webHtml: '',
  emailSubject: '',
  emailText: '',
  images: [],
};

function draftOf(s: ComposerDraft): ComposerDraft {
  const { statementId, baseVersion, title, canonicalText, channels, xText, blueskyText, mastodonText, webTitle, webHtml, emailSubject, emailText, images } = s;
  return { statementId, baseVersion, title, canonicalText, channels, xText, blueskyText, mastodonText, webTitle, webHtml, emailSubject, emailText, images };
}

function draftFromStatement(s: StatementView): ComposerDraft {
  const v = s.variants;
  return {
    statementId: s.id,
    baseVersion: s.version,
    title: s.title,
    canonicalText: s.canonicalText,
    channels: { x: !!v.x, bluesky: !!v.bluesky, mastodon: !!v.mastodon, website: !!v.website, email: !!v.email },
    xText: v.x?.text ?? '',
    blueskyText: v.bluesky?.text ?? '',
    mastodonText: v.mastodon?.text ?? '',
    webTitle: v.website?.title ?? '',
    webHtml: v.website?.html ?? '',
    emailSubject: v.email?.subject ?? '',
    emailText: v.email?.text ?? '',
    images: s.images.map((i) => ({ ...i, removed: [] })),
  };
}

/** True when nothing has been typed in the draft. */
export function isBlank(d: ComposerDraft): boolean {
  return draftFields.every((f) => d[f].trim() === '') && d.images.length === 0;
}

const useComposerStore = create<ComposerState>()((set, get) => {
  /** A different draft on screen: saves still answering for the old one must not touch it. */
  const swapped = (draft: ComposerDraft, dirty: boolean) => ({
    ...draft,
    dirty,
    generation: get().generation + 1,
    autosave: { kind: 'idle' } as const,
    conflict: false,
    savedLocallyAt: null,
    resumed: null,
  });
  return {
    ...empty,
    dirty: false,
    revision: 0,
    generation: 0,
    autosave: { kind: 'idle' },
    conflict: false,
    savedLocallyAt: null,
    resumeChecked: false,
    resumed: null,
    stashed: null,
    actions: {
      draftEdited: (field, value) => set((s) => ({ [field]: value, dirty: true, revision: s.revision + 1 }) as Partial<ComposerState>),
      channelToggled: (channel) => set((s) => ({ channels: { ...s.channels, [channel]: !s.channels[channel] }, dirty: true, revision: s.revision + 1 })),
      imageAdded: (image) =>
        set((s) => (s.images.some((i) => i.sha256 === image.sha256) ? s : { images: [...s.images, image], dirty: true, revision: s.revision + 1 })),
      imageAltEdited: (index, alt) => set((s) => ({ images: s.images.map((i, n) => (n === index ? { ...i, alt } : i)), dirty: true, revision: s.revision + 1 })),
      imageMoved: (index, by) =>
        set((s) => {
          const to = index + by;
          if (to < 0 || to >= s.images.length) return s;
          const images = [...s.images];
          const [moved] = images.splice(index, 1);
          if (moved) images.splice(to, 0, moved);
          return { images, dirty: true, revision: s.revision + 1 };
        }),
      imageRemoved: (index) => set((s) => ({ images: s.images.filter((_, n) => n !== index), dirty: true, revision: s.revision + 1 })),
      idAssigned: (statementId) => set((s) => (s.statementId === null ? { statementId } : s)),
      draftSaved: (saved) =>
        set((s) =>
          s.generation !== saved.generation
            ? s
            : { statementId: saved.statementId, baseVersion: saved.version, conflict: saved.conflict, savedLocallyAt: saved.savedLocallyAt ?? null, dirty: s.revision !== saved.revision, resumed: null },
        ),
      autosaveReported: (autosave) => set({ autosave }),
      statementLoaded: (s) => set(swapped(draftFromStatement(s), false)),
      draftResumed: (s) => set({ ...swapped(draftFromStatement(s), false), resumed: { title: s.title, version: s.version, savedAt: s.savedAt } }),
      resumeLooked: () => set({ resumeChecked: true }),
      // A correction replaces what is on screen with a new email-only statement (saved as it is
      // edited); unsaved text it replaces is put aside, never lost.
      correctionDrafted: (c) =>
        set((s) => ({
          stashed: s.dirty ? draftOf(s) : s.stashed,
          ...swapped(
            { ...empty, title: c.title, canonicalText: c.canonicalText, channels: { ...empty.channels, x: false, website: false, email: true }, emailSubject: c.emailSubject, emailText: c.emailText },
            true,
          ),
          revision: s.revision + 1,
        })),
      stashRestored: () => set((s) => (s.stashed ? { ...swapped(s.stashed, true), stashed: null, revision: s.revision + 1 } : s)),
      draftDiscarded: () => set(swapped(empty, false)),
      composerReset: () => set({ ...swapped(empty, false), stashed: null, resumeChecked: false }),
    },
  };
});

export const useComposerDraft = () =>
  useComposerStore(
    useShallow((s): ComposerDraft & { dirty: boolean } => ({ ...draftOf(s), dirty: s.dirty })),
  );
export const useComposerSaving = () =>
  useComposerStore(useShallow((s) => ({ autosave: s.autosave, conflict: s.conflict, savedLocallyAt: s.savedLocallyAt, resumed: s.resumed, resumeChecked: s.resumeChecked })));
export const useComposerActions = () => useComposerStore((s) => s.actions);
export const useStashedDraft = () => useComposerStore((s) => s.stashed !== null);

/** The draft as it is now, outside React (the autosaver reads it when it saves). */
export function composerSnapshot(): ComposerDraft & { readonly dirty: boolean; readonly revision: number; readonly generation: number } {
  const s = useComposerStore.getState();
  return { ...draftOf(s), dirty: s.dirty, revision: s.revision, generation: s.generation };
}
export const composerActions = () => useComposerStore.getState().actions;
/** Calls `listener` after every edit, a correction drafted or a stash restored included (not after saves or loads). */
export function onComposerEdited(listener: () => void): () => void {
  return useComposerStore.subscribe((s, before) => {
    if (s.revision !== before.revision) listener();
  });
}

/** The variants to save: only the channels switched on. */
export function variantsOf(d: ComposerDraft) {
  return {
    ...(d.channels.x ? { x: { text: d.xText } } : {}),
    ...(d.channels.bluesky ? { bluesky: { text: d.blueskyText } } : {}),
    ...(d.channels.mastodon ? { mastodon: { text: d.mastodonText } } : {}),
    ...(d.channels.website ? { website: { title: d.webTitle, html: d.webHtml } } : {}),
    ...(d.channels.email ? { email: { subject: d.emailSubject, text: d.emailText, html: '' } } : {}),
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The images to save: hash and alt text, in order. */
export function imagesOf(d: ComposerDraft): { sha256: string; alt: string }[] {
  return d.images.map((i) => ({ sha256: i.sha256, alt: i.alt }));
}

/** Fills empty channel fields from the statement text (the person then adjusts each). */
export function filledFromStatement(d: ComposerDraft): Partial<Record<DraftField, string>> {
  const text = d.canonicalText.trim();
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
  return {
    ...(d.xText === '' ? { xText: text } : {}),
    ...(d.blueskyText === '' ? { blueskyText: text } : {}),
    ...(d.mastodonText === '' ? { mastodonText: text } : {}),
    ...(d.webTitle === '' ? { webTitle: d.title } : {}),
    ...(d.webHtml === '' ? { webHtml: paragraphs } : {}),
    ...(d.emailSubject === '' ? { emailSubject: d.title } : {}),
    ...(d.emailText === '' ? { emailText: text } : {}),
  };
}
