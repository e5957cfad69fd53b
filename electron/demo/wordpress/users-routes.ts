// /wp/v2/users/me, /wp/v2/users/:id and the application-passwords routes, following
// WP_REST_Users_Controller and WP_REST_Application_Passwords_Controller: a user manages their own
// passwords, an administrator anyone's; listings never include a password, only create returns one.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canManageUser, capabilityNames } from './capabilities';
import { authorizationRequiredCode, notLoggedIn, WpError } from './errors';
import { formatWpDate } from './format';
import type { DemoSite, RestRequest, RestResponse } from './http';
import { checkEnum, checkString, fail, parseParams, wpParam } from './params';
import type { StoredApplicationPassword, StoredUser } from './types';

const contexts = ['view', 'embed', 'edit'] as const;
const contextSchema = z.object({ context: wpParam(checkEnum('context', contexts)) });

function userJson(site: DemoSite, user: StoredUser, context: (typeof contexts)[number]): Record<string, unknown> {
  const api = `${site.baseUrl()}/wp-json`;
  const hash = createHash('md5').update(user.email.trim().toLowerCase()).digest('hex');
  const avatar = (size: number) => `https://secure.gravatar.com/avatar/${hash}?s=${size}&d=mm&r=g`;
  const base = {
    id: user.id,
    name: user.displayName,
    url: '',
    description: '',
    link: `${site.baseUrl()}/author/${user.slug}/`,
    slug: user.slug,
    avatar_urls: { '24': avatar(24), '48': avatar(48), '96': avatar(96) },
  };
  const links = { self: [{ href: `${api}/wp/v2/users/${user.id}` }], collection: [{ href: `${api}/wp/v2/users` }] };
  if (context === 'embed') return { ...base, _links: links };
  if (context === 'view') return { ...base, meta: [], _links: links };
  return {
    ...base,
    username: user.username,
    first_name: '',
    last_name: '',
    email: user.email,
    locale: 'en_US',
    nickname: user.username,
    registered_date: `${formatWpDate(user.registeredMs)}+00:00`,
    roles: [user.role],
    capabilities: capabilityNames(user.role),
    extra_capabilities: { [user.role]: true },
    meta: [],
    _links: links,
  };
}

export function getCurrentUser(site: DemoSite, request: RestRequest): RestResponse {
  const params = parseParams(contextSchema, request.params);
  if (!request.user) throw notLoggedIn();
  return { status: 200, body: userJson(site, request.user, params.context ?? 'view') };
}

export function getUser(site: DemoSite, request: RestRequest): RestResponse {
  const params = parseParams(contextSchema, request.params);
  const user = site.users.byId(Number(request.urlParams['id']));
  if (!user) throw new WpError('rest_user_invalid_id', 'Invalid user ID.', 404);
  const context = params.context ?? 'view';
  const mayManage = request.user !== null && canManageUser(request.user, user);
  if (context === 'edit' && !mayManage) {
    throw new WpError('rest_user_cannot_view', 'Sorry, you are not allowed to list users.', authorizationRequiredCode(request.user !== null));
  }
  // Authors of published posts are public in WordPress; everyone else only to those who may list users.
  const isPublicAuthor = site.posts.rowsForQuery().some((post) => post.authorId === user.id && post.status === 'publish');
  if (!mayManage && !isPublicAuthor) {
    throw new WpError('rest_user_cannot_view', 'Sorry, you are not allowed to list users.', authorizationRequiredCode(request.user !== null));
  }
  return { status: 200, body: userJson(site, user, context) };
}

function passwordJson(site: DemoSite, user: StoredUser, item: StoredApplicationPassword): Record<string, unknown> {
  return {
    uuid: item.uuid,
    app_id: item.appId,
    name: item.name,
    created: formatWpDate(item.createdMs),
    last_used: item.lastUsedMs === null ? null : formatWpDate(item.lastUsedMs),
    last_ip: item.lastIp,
    _links: { self: [{ href: `${site.baseUrl()}/wp-json/wp/v2/users/${user.id}/application-passwords/${item.uuid}` }] },
  };
}

type PasswordAction = 'list' | 'read' | 'create' | 'edit' | 'deleteAll' | 'delete';

const refusals: Record<PasswordAction, readonly [string, string]> = {
  list: ['rest_cannot_list_application_passwords', 'Sorry, you are not allowed to list application passwords for this user.'],
  read: ['rest_cannot_read_application_password', 'Sorry, you are not allowed to read this application password.'],
  create: ['rest_cannot_create_application_passwords', 'Sorry, you are not allowed to create application passwords for this user.'],
  edit: ['rest_cannot_edit_application_password', 'Sorry, you are not allowed to edit this application password.'],
  deleteAll: ['rest_cannot_delete_application_passwords', 'Sorry, you are not allowed to delete application passwords for this user.'],
  delete: ['rest_cannot_delete_application_password', 'Sorry, you are not allowed to delete this application password.'],
};

/** get_user() of the controller, then the meta-capability check for the action. */
function targetUser(site: DemoSite, request: RestRequest, action: PasswordAction): StoredUser {
  const id = request.urlParams['user_id'] ?? '';
  let user: StoredUser | undefined;
  if (id === 'me') {
    if (!request.user) throw notLoggedIn();
    user = request.user;
  } else {
    user = site.users.byId(Number(id));
  }
  if (!user) throw new WpError('rest_user_invalid_id', 'Invalid user ID.', 404);
  if (!request.user || !canManageUser(request.user, user)) {
    const [code, message] = refusals[action];
    throw new WpError(code, message, authorizationRequiredCode(request.user !== null));
  }
  return user;
}

function findPassword(user: StoredUser, uuid: string | undefined): StoredApplicationPassword {
  const item = user.applicationPasswords.find((candidate) => candidate.uuid === uuid);
  if (!item) throw new WpError('rest_application_password_not_found', 'Application password not found.', 404);
  return item;
}

export function listApplicationPasswords(site: DemoSite, request: RestRequest): RestResponse {
  parseParams(contextSchema, request.params);
  const user = targetUser(site, request, 'list');
  return { status: 200, body: user.applicationPasswords.map((item) => passwordJson(site, user, item)) };
}

export function getApplicationPassword(site: DemoSite, request: RestRequest): RestResponse {
  parseParams(contextSchema, request.params);
  const user = targetUser(site, request, 'read');
  return { status: 200, body: passwordJson(site, user, findPassword(user, request.urlParams['uuid'])) };
}

export function introspectApplicationPassword(site: DemoSite, request: RestRequest): RestResponse {
  parseParams(contextSchema, request.params);
  const user = targetUser(site, request, 'read');
  if (request.user?.id !== user.id) {
    throw new WpError(
      'rest_cannot_introspect_app_password_for_non_authenticated_user',
      'The authenticated Application Password can only be introspected for the current user.',
      403,
    );
  }
  const item = user.applicationPasswords.find((candidate) => candidate.uuid === request.applicationPasswordUuid);
  if (!item) throw new WpError('rest_no_authenticated_app_password', 'Cannot introspect Application Password.', 404);
  return { status: 200, body: passwordJson(site, user, item) };
}

function checkName() {
  return wpParam((value) => {
    const text = checkString('name')(value);
    if (!text.ok) return text;
    if (text.value.length < 1) return fail('name must be at least 1 character long.', 'rest_too_short');
    if (!/\S/.test(text.value)) return fail('name does not match pattern .*\\S.*.', 'rest_invalid_pattern');
    return text;
  });
}

const createSchema = z.object({ name: checkName(), app_id: wpParam(checkString('app_id')) });

export function createApplicationPassword(site: DemoSite, request: RestRequest): RestResponse {
  if (request.params['name'] === undefined || request.params['name'] === null) {
    throw new WpError('rest_missing_callback_param', 'Missing parameter(s): name', 400, { params: ['name'] });
  }
  const params = parseParams(createSchema, request.params);
  const user = targetUser(site, request, 'create');
  const name = params.name ?? '';
  if (user.applicationPasswords.some((item) => item.name === name)) {
    throw new WpError('application_password_duplicate_name', 'Each application name should be unique.', 409);
  }
  const created = site.users.addApplicationPassword(user, { name, appId: params.app_id ?? '' }, site.clock.now().getTime());
  const item = findPassword(user, created.uuid);
  const self = `${site.baseUrl()}/wp-json/wp/v2/users/${user.id}/application-passwords/${item.uuid}`;
  return { status: 201, body: { ...passwordJson(site, user, item), password: created.applicationPassword }, headers: { Location: self } };
}

const updateSchema = z.object({ name: checkName() });

export function updateApplicationPassword(site: DemoSite, request: RestRequest): RestResponse {
  const params = parseParams(updateSchema, request.params);
  const user = targetUser(site, request, 'edit');
  const item = findPassword(user, request.urlParams['uuid']);
  if (params.name !== undefined && params.name !== item.name) {
    if (user.applicationPasswords.some((other) => other.name === params.name)) {
      throw new WpError('application_password_duplicate_name', 'Each application name should be unique.', 409);
    }
    const renamed: StoredApplicationPassword = { ...item, name: params.name };
    user.applicationPasswords = user.applicationPasswords.map((other) => (other === item ? renamed : other));
    return { status: 200, body: passwordJson(site, user, renamed) };
  }
  return { status: 200, body: passwordJson(site, user, item) };
}

export function deleteApplicationPassword(site: DemoSite, request: RestRequest): RestResponse {
  const user = targetUser(site, request, 'delete');
  const item = findPassword(user, request.urlParams['uuid']);
  const previous = passwordJson(site, user, item);
  site.users.revokeApplicationPassword(user, item.uuid);
  return { status: 200, body: { deleted: true, previous } };
}

export function deleteAllApplicationPasswords(site: DemoSite, request: RestRequest): RestResponse {
  const user = targetUser(site, request, 'deleteAll');
  return { status: 200, body: { deleted: true, count: site.users.revokeAllApplicationPasswords(user) } };
}
