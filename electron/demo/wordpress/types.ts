// Shared data shapes of the demo WordPress site: the stored post and user records and the public
// option and helper types of the server. Kept free of logic so every module can import it.

/** The statuses the demo stores. `future` posts go public by themselves once their date passes. */
export const postStatuses = ['publish', 'future', 'draft', 'pending', 'private', 'trash'] as const;
export type PostStatus = (typeof postStatuses)[number];

/** The roles the demo knows, with WordPress's default capabilities for each (single site). */
export type WpRole = 'administrator' | 'editor' | 'author' | 'contributor';

export interface StoredPost {
  readonly id: number;
  authorId: number;
  title: string;
  content: string;
  excerpt: string;
  status: PostStatus;
  /** Empty for drafts that never had one, as in WordPress (the slug is generated on publish). */
  slug: string;
  /** Whole seconds since the epoch, UTC; the site's timezone is UTC. */
  dateMs: number;
  /**
   * WordPress leaves an unpublished post's date "floating" (date_gmt 0000-00-00) until it is
   * published or given a date: each save moves it to now, and publishing stamps the real date.
   */
  dateFloating: boolean;
  modifiedMs: number;
  /**
   * The guid as a path below the site URL, fixed at insert time: the pretty permalink when the post
   * was created published, "/?p=ID" otherwise (wp_insert_post() stores get_permalink() once).
   */
  guidPath: string;
  /** The status a trashed post had, so permission checks treat it like WordPress's _wp_trash_meta_status. */
  statusBeforeTrash: PostStatus | null;
  /** The featured image's attachment id; 0 for none. */
  featuredMedia: number;
}

/** A read-only copy of a stored post handed to tests and benchmarks. */
export type DemoWordPressPost = Readonly<StoredPost>;

export interface StoredApplicationPassword {
  readonly uuid: string;
  readonly appId: string;
  readonly name: string;
  /** SHA-256 of the password with its spaces removed; the plain text is never kept by the server. */
  readonly hash: Buffer;
  readonly createdMs: number;
  lastUsedMs: number | null;
  lastIp: string | null;
}

export interface StoredUser {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly slug: string;
  readonly role: WpRole;
  readonly registeredMs: number;
  applicationPasswords: StoredApplicationPassword[];
}

/** Fired when a post is created (any status) or moves to `publish`: when it is accepted by the site. */
export interface AcceptedPostEvent {
  readonly id: number;
  readonly title: string;
  readonly status: PostStatus;
  readonly authorId: number;
  /** `created` for a new post (whatever its status), `published` when an existing post goes public. */
  readonly reason: 'created' | 'published';
  readonly time: Date;
}
