/**
 * The real WordPress the website channel talks to (test/helpers/wordpress.ts), exercised with plain
 * fetch: the REST calls and behaviours the WordPress adapter and the fake WordPress rely on, checked
 * against the real thing so the fake cannot drift from it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  basicAuth,
  startWordPress,
  type RunningWordPress,
  type WordPressCredential,
} from '../helpers/wordpress';
import { describeWithPeers } from '../helpers/peer-suite';

interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly as?: Pick<WordPressCredential, 'username' | 'applicationPassword'>;
  readonly json?: Record<string, unknown>;
}

interface PostBody {
  readonly id: number;
  readonly date: string;
  readonly status: string;
  readonly title: { readonly rendered: string };
}

let wp: RunningWordPress | undefined;

function site(): RunningWordPress {
  if (wp === undefined) throw new Error('WordPress did not start (see beforeAll)');
  return wp;
}

async function api(path: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (options.as) headers['authorization'] = basicAuth(options.as);
  if (options.json) headers['content-type'] = 'application/json';
  const response = await fetch(`${site().url}/wp-json${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.json ? { body: JSON.stringify(options.json) } : {}),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

function errorCode(response: ApiResponse): unknown {
  return (response.body as { code?: unknown }).code;
}

async function publish(title: string, as: WordPressCredential): Promise<PostBody> {
  const created = await api('/wp/v2/posts', {
    method: 'POST',
    as,
    json: { title, content: `<p>${title} body</p>`, status: 'publish' },
  });
  expect(created.status).toBe(201);
  return created.body as PostBody;
}

async function feed(): Promise<string> {
  const response = await fetch(`${site().url}/feed/`);
  expect(response.status).toBe(200);
  return response.text();
}

function ids(response: ApiResponse): number[] {
  return (response.body as PostBody[]).map((post) => post.id);
}

describeWithPeers(['wordpress'], 'real WordPress (Debian 6.1, PHP built-in server, MariaDB)', () => {
  beforeAll(async () => {
    wp = await startWordPress();
    console.info(`real WordPress cold start ${wp.timings.totalMs} ms`, wp.timings);
  }, 120_000);

  afterAll(async () => {
    const started = performance.now();
    await wp?.stop();
    console.info(`real WordPress stopped in ${Math.round(performance.now() - started)} ms`);
  });

  it('accepts Basic auth with an application password and rejects a missing or wrong one', async () => {
    const { bureau } = site().credentials;
    const me = await api('/wp/v2/users/me', { as: bureau });
    expect(me.status).toBe(200);
    expect((me.body as { id: number }).id).toBe(bureau.userId);

    const anonymous = await api('/wp/v2/users/me');
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous)).toBe('rest_not_logged_in');

    const wrongPassword = { username: bureau.username, applicationPassword: 'x'.repeat(24) };
    const wrong = await api('/wp/v2/users/me', { as: wrongPassword });
    expect(wrong.status).toBe(401);
    expect(errorCode(wrong)).toBe('rest_not_logged_in');
    // WordPress 6.1 decides the user before it knows this is a REST request, so a wrong password
    // does not fail the request: public reads go through as anonymous.
    expect((await api('/wp/v2/posts', { as: wrongPassword })).status).toBe(200);

    const anonymousCreate = await api('/wp/v2/posts', { method: 'POST', json: { title: 'nope', status: 'publish' } });
    expect(anonymousCreate.status).toBe(401);
    expect(errorCode(anonymousCreate)).toBe('rest_cannot_create');
  });

  it('publishes a post and lists it with after= and the pagination headers', async () => {
    const { bureau } = site().credentials;
    const post = await publish('Council budget approved', bureau);
    expect(post.status).toBe('publish');

    // after= is exclusive and compares the site-local post date (UTC on a fresh install).
    const justBefore = new Date(Date.parse(`${post.date}Z`) - 1_000).toISOString().slice(0, 19);
    const since = await api(`/wp/v2/posts?after=${justBefore}`, { as: bureau });
    expect(since.status).toBe(200);
    expect(ids(since)).toContain(post.id);
    const later = await api(`/wp/v2/posts?after=${post.date}`, { as: bureau });
    expect(ids(later)).not.toContain(post.id);

    const paged = await api('/wp/v2/posts?per_page=1', { as: bureau });
    const total = Number(paged.headers.get('x-wp-total'));
    expect(total).toBeGreaterThanOrEqual(2);
    expect(Number(paged.headers.get('x-wp-totalpages'))).toBe(total);
    expect(ids(paged)).toHaveLength(1);

    const invalid = await api('/wp/v2/posts?per_page=1000', { as: bureau });
    expect(invalid.status).toBe(400);
    expect(errorCode(invalid)).toBe('rest_invalid_param');
  });

  it('takes a post out of the public list and the feed by setting it back to draft', async () => {
    const { bureau } = site().credentials;
    const post = await publish('Mayor resigns in surprise statement', bureau);
    expect(ids(await api('/wp/v2/posts'))).toContain(post.id);
    expect(await feed()).toContain('Mayor resigns in surprise statement');

    const updated = await api(`/wp/v2/posts/${post.id}`, {
      method: 'POST',
      as: bureau,
      json: { status: 'draft' },
    });
    expect(updated.status).toBe(200);
    expect((updated.body as PostBody).status).toBe('draft');

    expect(ids(await api('/wp/v2/posts'))).not.toContain(post.id);
    expect(await feed()).not.toContain('Mayor resigns in surprise statement');
    // The author still sees it.
    expect(ids(await api('/wp/v2/posts?status=draft', { as: bureau }))).toContain(post.id);
  });

  it('trashes, then refuses a second trash, then deletes for good with force=true', async () => {
    const { bureau } = site().credentials;
    const post = await publish('Typo-ridden headline', bureau);

    const trashed = await api(`/wp/v2/posts/${post.id}`, { method: 'DELETE', as: bureau });
    expect(trashed.status).toBe(200);
    expect((trashed.body as PostBody).status).toBe('trash');

    const again = await api(`/wp/v2/posts/${post.id}`, { method: 'DELETE', as: bureau });
    expect(again.status).toBe(410);
    expect(errorCode(again)).toBe('rest_already_trashed');

    const deleted = await api(`/wp/v2/posts/${post.id}?force=true`, { method: 'DELETE', as: bureau });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ deleted: true, previous: { id: post.id } });

    const gone = await api(`/wp/v2/posts/${post.id}`, { as: bureau });
    expect(gone.status).toBe(404);
    expect(errorCode(gone)).toBe('rest_post_invalid_id');
  });

  it('lists application passwords and revokes one: that one gets 401, the others still work', async () => {
    const { admin, bureau, compromised } = site().credentials;
    const listed = await api(`/wp/v2/users/${compromised.userId}/application-passwords`, { as: admin });
    expect(listed.status).toBe(200);
    expect((listed.body as { uuid: string }[]).map((item) => item.uuid)).toEqual([compromised.uuid]);

    // An editor may not see another user's application passwords.
    const foreign = await api(`/wp/v2/users/${compromised.userId}/application-passwords`, { as: bureau });
    expect(foreign.status).toBe(403);

    expect((await api('/wp/v2/users/me', { as: compromised })).status).toBe(200);
    const revoked = await api(`/wp/v2/users/${compromised.userId}/application-passwords/${compromised.uuid}`, {
      method: 'DELETE',
      as: admin,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ deleted: true, previous: { uuid: compromised.uuid } });

    expect((await api('/wp/v2/users/me', { as: compromised })).status).toBe(401);
    const blockedCreate = await api('/wp/v2/posts', {
      method: 'POST',
      as: compromised,
      json: { title: 'test', status: 'publish' },
    });
    expect(blockedCreate.status).toBe(401);
    expect((await api('/wp/v2/users/me', { as: bureau })).status).toBe(200);
    expect((await api('/wp/v2/users/me', { as: admin })).status).toBe(200);
  });
});
