// WordPress's default role capabilities, reduced to the questions the demo's routes ask: may this
// user read, edit, delete or publish this post, and manage that user's application passwords.
// The mapping follows map_meta_cap() for the `post` type on a single site.
import type { PostStatus, StoredPost, StoredUser, WpRole } from './types';

interface RoleCapabilities {
  /** edit_others_posts (also read_private_posts, delete_others_posts for these roles). */
  readonly others: boolean;
  /** publish_posts */
  readonly publish: boolean;
  /** edit_published_posts / delete_published_posts */
  readonly published: boolean;
  /** edit_users: manage other people's application passwords. */
  readonly users: boolean;
}

const roleCapabilities: Record<WpRole, RoleCapabilities> = {
  administrator: { others: true, publish: true, published: true, users: true },
  editor: { others: true, publish: true, published: true, users: false },
  author: { others: false, publish: true, published: true, users: false },
  contributor: { others: false, publish: false, published: false, users: false },
};

/** The capability names /users/me reports under context=edit, per role (a representative subset). */
export function capabilityNames(role: WpRole): Record<string, boolean> {
  const caps = roleCapabilities[role];
  const names: Record<string, boolean> = { read: true, edit_posts: true, delete_posts: true, [role]: true };
  if (caps.publish) names['publish_posts'] = true;
  if (caps.published) {
    names['edit_published_posts'] = true;
    names['delete_published_posts'] = true;
    names['upload_files'] = true;
  }
  if (caps.others) {
    for (const cap of ['edit_others_posts', 'delete_others_posts', 'read_private_posts', 'edit_private_posts']) {
      names[cap] = true;
    }
    names['unfiltered_html'] = true;
    names['moderate_comments'] = true;
    names['manage_categories'] = true;
  }
  if (caps.users) {
    for (const cap of ['edit_users', 'list_users', 'create_users', 'delete_users', 'manage_options']) {
      names[cap] = true;
    }
  }
  return names;
}

/** edit_others_posts: writing a post in someone else's name. */
export function canEditOthersPosts(user: StoredUser | null): boolean {
  return user !== null && roleCapabilities[user.role].others;
}

export function canPublish(user: StoredUser): boolean {
  return roleCapabilities[user.role].publish;
}

/** Every default role has edit_posts, which is what create_posts maps to. */
export function canCreatePosts(user: StoredUser | null): boolean {
  return user !== null;
}

/** edit_posts: seeing drafts and the edit context at all. */
export function canEditPosts(user: StoredUser | null): boolean {
  return user !== null;
}

function effectiveStatus(post: StoredPost): PostStatus {
  // A trashed post is judged by the status it had before the trash, like map_meta_cap does.
  return post.status === 'trash' ? (post.statusBeforeTrash ?? 'draft') : post.status;
}

function mayTouch(user: StoredUser | null, post: StoredPost): boolean {
  if (user === null) return false;
  const caps = roleCapabilities[user.role];
  if (post.authorId !== user.id && !caps.others) return false;
  const status = effectiveStatus(post);
  if (status === 'publish' || status === 'future' || status === 'private') return caps.published;
  return true;
}

export function canEditPost(user: StoredUser | null, post: StoredPost): boolean {
  return mayTouch(user, post);
}

export function canDeletePost(user: StoredUser | null, post: StoredPost): boolean {
  return mayTouch(user, post);
}

export function canReadPost(user: StoredUser | null, post: StoredPost): boolean {
  if (post.status === 'publish') return true;
  if (user === null) return false;
  if (post.status === 'private') return post.authorId === user.id || roleCapabilities[user.role].others;
  return canEditPost(user, post);
}

/** edit_user on the target: always yourself, others only with edit_users (administrators). */
export function canManageUser(actor: StoredUser, target: StoredUser): boolean {
  return actor.id === target.id || roleCapabilities[actor.role].users;
}
