// The demo instance's entities, typed with masto's own `mastodon.v1` types so the demo cannot
// drift from what masto expects, and written on the wire in Mastodon's snake_case (masto
// camelCases what it reads, so the round trip is exactly the real one).
import type { mastodon } from 'masto';
import { mastodonUrlLength, measureMastodon } from '../../channels/mastodon/length';

export interface DemoMastodonAccountSpec {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly note: string;
}

export function accountEntity(spec: DemoMastodonAccountSpec, origin: string, createdAt: string, statusesCount: number): mastodon.v1.Account {
  return {
    id: spec.id,
    username: spec.username,
    acct: spec.username,
    url: `${origin}/@${spec.username}`,
    displayName: spec.displayName,
    note: `<p>${escapeHtml(spec.note)}</p>`,
    avatar: `${origin}/avatars/original/missing.png`,
    avatarStatic: `${origin}/avatars/original/missing.png`,
    header: `${origin}/headers/original/missing.png`,
    headerStatic: `${origin}/headers/original/missing.png`,
    locked: false,
    fields: [],
    emojis: [],
    bot: false,
    group: false,
    createdAt,
    lastStatusAt: createdAt.slice(0, 10),
    statusesCount,
    followersCount: 0,
    followingCount: 0,
    roles: [],
    featureApproval: { automatic: [], manual: [], current_user: 'unknown' },
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Plain text as Mastodon formats it: paragraphs on blank lines, <br /> on line breaks, links linked. */
export function formatContent(text: string): string {
  const link = (s: string): string => s.replace(/\bhttps?:\/\/[^\s<]+/g, (url) => `<a href="${url}" rel="nofollow noopener" target="_blank">${url}</a>`);
  return text
    .split(/\n{2,}/)
    .map((para) => `<p>${link(escapeHtml(para)).replace(/\n/g, '<br />')}</p>`)
    .join('');
}

export interface NewStatus {
  readonly id: string;
  readonly text: string;
  readonly spoilerText: string;
  readonly visibility: mastodon.v1.StatusVisibility;
  readonly createdAt: string;
  readonly account: mastodon.v1.Account;
  readonly origin: string;
  /** The application that posted it (Mastodon shows it on the author's own statuses). */
  readonly application?: string;
  readonly media?: readonly mastodon.v1.MediaAttachment[];
}

export function statusEntity(s: NewStatus): mastodon.v1.Status {
  return {
    id: s.id,
    uri: `${s.origin}/users/${s.account.username}/statuses/${s.id}`,
    url: `${s.origin}/@${s.account.username}/${s.id}`,
    createdAt: s.createdAt,
    editedAt: null,
    account: s.account,
    content: formatContent(s.text),
    visibility: s.visibility,
    sensitive: s.spoilerText !== '',
    spoilerText: s.spoilerText,
    mediaAttachments: [...(s.media ?? [])],
    application: { name: s.application ?? 'Web', website: null },
    mentions: [],
    tags: [],
    emojis: [],
    reblogsCount: 0,
    favouritesCount: 0,
    repliesCount: 0,
    quotesCount: 0,
    quoteApproval: { automatic: ['public'], manual: [], currentUser: 'automatic' },
    inReplyToId: null,
    inReplyToAccountId: null,
    reblog: null,
    poll: null,
    card: null,
    language: 'en',
  };
}

/** Why Mastodon would answer 422, or null: its StatusLengthValidator and presence checks (a status with media may have no text). */
export function statusProblem(text: string, spoilerText: string, limit: number, hasMedia = false): string | null {
  if (text.trim() === '' && !hasMedia) return "Validation failed: Text can't be blank";
  const length = measureMastodon(text, mastodonUrlLength) + measureMastodon(spoilerText, mastodonUrlLength);
  return length > limit ? `Validation failed: Text character limit of ${limit} exceeded` : null;
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** camelCased masto entity -> Mastodon's snake_case JSON. */
export function toWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), toWire(v)]));
  return value;
}
