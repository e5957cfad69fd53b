// The demo site's post table and the rules wp_insert_post()/wp_update_post()/wp_trash_post()
// apply when posts change: floating draft dates, slugs generated on publish and made unique,
// `publish` with a date a minute or more ahead becoming `future`, the `__trashed` slug suffix.
// It also tells listeners when a post is accepted (created, or made public).
import type { Clock } from '../../lib/clock';
import { sanitizeTitle } from './format';
import type { AcceptedPostEvent, DemoWordPressPost, PostStatus, StoredPost } from './types';

export interface NewPost {
  readonly authorId: number;
  readonly title: string;
  readonly content: string;
  readonly excerpt: string;
  readonly status: PostStatus;
  readonly slug?: string;
  /** An explicit publication date; absent means now (or floating, for drafts). */
  readonly dateMs?: number;
  readonly featuredMedia?: number;
}

export type PostChanges = Partial<Omit<NewPost, 'authorId'>>;

export type AcceptedListener = (event: AcceptedPostEvent) => void;

const unpublishedStatuses: readonly PostStatus[] = ['draft', 'pending'];
const minuteMs = 60_000;

function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export class PostStore {
  private readonly rows = new Map<number, StoredPost>();
  private readonly listeners = new Set<AcceptedListener>();
  private nextId = 1;

  constructor(private readonly clock: Clock) {}

  private now(): number {
    return wholeSeconds(this.clock.now().getTime());
  }

  /** Every post, including drafts and trash, oldest id first; copies, so callers cannot mutate state. */
  snapshot(): DemoWordPressPost[] {
    this.publishDueFuturePosts();
    return [...this.rows.values()].map((post) => ({ ...post }));
  }

  /** Live rows for the routes (after scheduled posts that are due have gone out). */
  rowsForQuery(): StoredPost[] {
    this.publishDueFuturePosts();
    return [...this.rows.values()];
  }

  /** An id from the posts' own sequence: attachments share it with posts, as in wp_posts. */
  allocateId(): number {
    return this.nextId++;
  }

  get(id: number): StoredPost | undefined {
    this.publishDueFuturePosts();
    return this.rows.get(id);
  }

  onAccepted(listener: AcceptedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  create(input: NewPost): StoredPost {
    const now = this.now();
    const dated = input.dateMs !== undefined;
    const post: StoredPost = {
      id: this.nextId++,
      authorId: input.authorId,
      title: input.title,
      content: input.content,
      excerpt: input.excerpt,
      status: input.status,
      slug: '',
      dateMs: dated ? wholeSeconds(input.dateMs ?? now) : now,
      dateFloating: !dated && unpublishedStatuses.includes(input.status),
      modifiedMs: now,
      guidPath: '',
      statusBeforeTrash: null,
      featuredMedia: input.featuredMedia ?? 0,
    };
    post.status = this.scheduleStatus(post.status, post.dateMs, now);
    post.slug = this.slugFor(post, input.slug);
    post.guidPath = post.status === 'publish' || post.status === 'private' ? `/${post.slug}/` : `/?p=${post.id}`;
    this.rows.set(post.id, post);
    this.emit(post, 'created');
    return post;
  }

  update(post: StoredPost, changes: PostChanges): StoredPost {
    const now = this.now();
    const wasPublic = post.status === 'publish';
    if (changes.title !== undefined) post.title = changes.title;
    if (changes.content !== undefined) post.content = changes.content;
    if (changes.excerpt !== undefined) post.excerpt = changes.excerpt;
    if (changes.featuredMedia !== undefined) post.featuredMedia = changes.featuredMedia;
    if (changes.status !== undefined && changes.status !== post.status) {
      if (post.status === 'trash') {
        post.slug = post.slug.replace(/__trashed$/, '');
        post.statusBeforeTrash = null;
      }
      post.status = changes.status;
    }
    if (changes.dateMs !== undefined) {
      post.dateMs = wholeSeconds(changes.dateMs);
      post.dateFloating = false;
    } else if (post.dateFloating) {
      // A floating date follows the last save, and is fixed once the post leaves draft/pending.
      post.dateMs = now;
      post.dateFloating = unpublishedStatuses.includes(post.status);
    }
    post.status = this.scheduleStatus(post.status, post.dateMs, now);
    post.slug = this.slugFor(post, changes.slug ?? (post.slug === '' ? undefined : post.slug));
    post.modifiedMs = now;
    if (!wasPublic && post.status === 'publish') this.emit(post, 'published');
    return post;
  }

  trash(post: StoredPost): StoredPost {
    post.statusBeforeTrash = post.status;
    post.status = 'trash';
    // wp_trash_post() frees the slug for new posts by suffixing the trashed one (an empty slug
    // becomes "__trashed", as on real WordPress).
    if (!post.slug.endsWith('__trashed')) post.slug = `${post.slug}__trashed`;
    post.modifiedMs = this.now();
    return post;
  }

  deleteForever(post: StoredPost): void {
    this.rows.delete(post.id);
  }

  /** wp_insert_post(): publish with a date a minute or more ahead is scheduled, and vice versa. */
  private scheduleStatus(status: PostStatus, dateMs: number, now: number): PostStatus {
    if (status === 'publish' && dateMs - now >= minuteMs) return 'future';
    if (status === 'future' && dateMs - now < minuteMs) return 'publish';
    return status;
  }

  private slugFor(post: StoredPost, requested: string | undefined): string {
    if (post.status === 'trash') return post.slug;
    let base = requested !== undefined ? sanitizeTitle(requested) : '';
    // Unpublished posts keep an empty slug until they go out, as in WordPress.
    if (base === '' && unpublishedStatuses.includes(post.status)) return '';
    if (base === '') base = sanitizeTitle(post.title) || String(post.id);
    if (unpublishedStatuses.includes(post.status)) return base;
    return this.uniqueSlug(base, post.id);
  }

  /** wp_unique_post_slug(): "-2", "-3"... against every other post, whatever its status. */
  private uniqueSlug(base: string, ownId: number): string {
    const taken = (slug: string) => [...this.rows.values()].some((other) => other.id !== ownId && other.slug === slug);
    if (!taken(base)) return base;
    for (let suffix = 2; ; suffix++) {
      const candidate = `${base}-${suffix}`;
      if (!taken(candidate)) return candidate;
    }
  }

  /**
   * What WP-Cron does for scheduled posts, done lazily on each read. Like wp_publish_post() it
   * changes only the status: the modified date stays what it was when the post was scheduled.
   */
  private publishDueFuturePosts(): void {
    const now = this.now();
    for (const post of this.rows.values()) {
      if (post.status === 'future' && post.dateMs <= now) {
        post.status = 'publish';
        this.emit(post, 'published');
      }
    }
  }

  private emit(post: StoredPost, reason: AcceptedPostEvent['reason']): void {
    const event: AcceptedPostEvent = {
      id: post.id,
      title: post.title,
      status: post.status,
      authorId: post.authorId,
      reason,
      time: this.clock.now(),
    };
    for (const listener of this.listeners) {
      // A failing benchmark listener must not break the request that published the post.
      try {
        listener(event);
      } catch {
        /* ignored on purpose */
      }
    }
  }
}
