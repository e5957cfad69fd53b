/**
 * The demo WordPress site (electron/demo/wordpress) driven with plain fetch, as the website adapter
 * and the incident replay will drive it: application-password auth, the post lifecycle (publish,
 * unpublish, trash, delete), revocation, the feed with conditional GET, the escaped news page,
 * WordPress's error bodies, and a fuzz run over every route that must never produce a 5xx.
 */
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../electron/lib/clock';
import {
  basicAuthorization,
  startDemoWordPressServer,
  type AcceptedPostEvent,
  type DemoWordPressCredential,
  type DemoWordPressServer,
  type DemoWordPressServerOptions,
} from '../../electron/demo/wordpress/server';

type Credential = Pick<DemoWordPressCredential, 'username' | 'applicationPassword'>;

interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

interface PostBody {
  readonly id: number;
  readonly date: string;
  readonly date_gmt: string;
  readonly modified: string;
  readonly slug: string;
  readonly status: string;
  readonly type: string;
  readonly link: string;
  readonly author: number;
  readonly title: { readonly rendered: string; readonly raw?: string };
  readonly content: { readonly rendered: string; readonly protected: boolean; readonly raw?: string };
}

interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly data: { readonly status: number; readonly params?: Record<string, string> };
}

const started: DemoWordPressServer[] = [];

async function start(options: DemoWordPressServerOptions = {}): Promise<DemoWordPressServer> {
  const server = await startDemoWordPressServer(options);
  started.push(server);
  return server;
}

afterAll(async () => {
  await Promise.all(started.map((server) => server.close()));
});

const basic = (credential: Credential): string => basicAuthorization(credential);

async function api(
  server: DemoWordPressServer,
  path: string,
  options: { method?: string; as?: Credential; json?: unknown; form?: string; rawJson?: string } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (options.as) headers['authorization'] = basic(options.as);
  let body: string | undefined;
  if (options.json !== undefined || options.rawJson !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.rawJson ?? JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = options.form;
  }
  const response = await fetch(`${server.restUrl}${path}`, { method: options.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const post = (response: ApiResponse) => response.body as PostBody;
const posts = (response: ApiResponse) => response.body as PostBody[];
const ids = (response: ApiResponse) => posts(response).map((item) => item.id);
const failure = (response: ApiResponse) => response.body as ErrorBody;

async function publish(server: DemoWordPressServer, as: Credential, title: string, content = `<p>${title} body</p>`): Promise<PostBody> {
  const created = await api(server, '/wp/v2/posts', { method: 'POST', as, json: { title, content, status: 'publish' } });
  expect(created.status).toBe(201);
  return post(created);
}

async function page(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('demo WordPress: authentication', () => {
  let wp: DemoWordPressServer;
  beforeAll(async () => {
    wp = await start();
  });

  it('refuses writes and private reads without credentials, with WordPress codes', async () => {
    const create = await api(wp, '/wp/v2/posts', { method: 'POST', json: { title: 'nope', status: 'publish' } });
    expect(create.status).toBe(401);
    expect(failure(create)).toEqual({ code: 'rest_cannot_create', message: 'Sorry, you are not allowed to create posts as this user.', data: { status: 401 } });

    const me = await api(wp, '/wp/v2/users/me');
    expect(me.status).toBe(401);
    expect(failure(me).code).toBe('rest_not_logged_in');

    const drafts = await api(wp, '/wp/v2/posts?status=draft');
    expect(drafts.status).toBe(400);
    expect(failure(drafts)).toMatchObject({ code: 'rest_invalid_param', data: { params: { status: 'Status is forbidden.' } } });

    const edit = await api(wp, '/wp/v2/posts?context=edit');
    expect(edit.status).toBe(401);
    expect(failure(edit).code).toBe('rest_forbidden_context');
  });

  it('accepts the application password with or without its spaces', async () => {
    const { bureau } = wp.credentials;
    expect(bureau.applicationPassword).toMatch(/^([A-Za-z0-9]{4} ){5}[A-Za-z0-9]{4}$/);
    for (const applicationPassword of [bureau.applicationPassword, bureau.applicationPassword.replace(/ /g, '')]) {
      const me = await api(wp, '/wp/v2/users/me', { as: { username: bureau.username, applicationPassword } });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: bureau.userId, slug: 'press-office' });
    }
    const edit = await api(wp, '/wp/v2/users/me?context=edit', { as: bureau });
    expect(edit.body).toMatchObject({ username: bureau.username, roles: ['editor'] });
  });

  it('treats a wrong password as anonymous by default, as WordPress 6.1 does', async () => {
    const wrong = { username: wp.credentials.bureau.username, applicationPassword: 'x'.repeat(24) };
    expect(failure(await api(wp, '/wp/v2/users/me', { as: wrong })).code).toBe('rest_not_logged_in');
    const create = await api(wp, '/wp/v2/posts', { method: 'POST', as: wrong, json: { title: 'x', status: 'publish' } });
    expect(create.status).toBe(401);
    expect(failure(create).code).toBe('rest_cannot_create');
    expect((await api(wp, '/wp/v2/posts', { as: wrong })).status).toBe(200);
  });

  it('can instead reject bad credentials on every route with incorrect_password / invalid_username', async () => {
    const strict = await start({ invalidCredentials: 'reject' });
    const wrong = await api(strict, '/wp/v2/posts', { as: { username: strict.credentials.bureau.username, applicationPassword: 'x'.repeat(24) } });
    expect(wrong.status).toBe(401);
    expect(failure(wrong)).toEqual({ code: 'incorrect_password', message: 'The provided password is an invalid application password.', data: { status: 401 } });
    const unknown = await api(strict, '/wp/v2/posts', { as: { username: 'nobody', applicationPassword: 'x'.repeat(24) } });
    expect(failure(unknown)).toMatchObject({ code: 'invalid_username', data: { status: 401 } });
    expect((await api(strict, '/wp/v2/users/me', { as: strict.credentials.bureau })).status).toBe(200);
  });
});

describe('demo WordPress: post lifecycle', () => {
  const clock = createManualClock('2019-07-19T22:00:00Z');
  const accepted: AcceptedPostEvent[] = [];
  let wp: DemoWordPressServer;
  beforeAll(async () => {
    wp = await start({ clock });
    wp.onAccepted((event) => accepted.push(event));
  });

  it('creates posts (JSON and form bodies) and lists them with after= and paging headers', async () => {
    const { bureau } = wp.credentials;
    const created = await api(wp, '/wp/v2/posts', { method: 'POST', as: bureau, json: { title: 'Road closure on Broadway', content: 'Expect delays.', status: 'publish' } });
    expect(created.status).toBe(201);
    const first = post(created);
    expect(created.headers.get('location')).toBe(`${wp.restUrl}/wp/v2/posts/${first.id}`);
    expect(first).toMatchObject({
      date: '2019-07-19T22:00:00',
      date_gmt: '2019-07-19T22:00:00',
      modified: '2019-07-19T22:00:00',
      slug: 'road-closure-on-broadway',
      status: 'publish',
      type: 'post',
      link: `${wp.url}/road-closure-on-broadway/`,
      author: bureau.userId,
      title: { raw: 'Road closure on Broadway', rendered: 'Road closure on Broadway' },
      content: { raw: 'Expect delays.', rendered: '<p>Expect delays.</p>\n', protected: false },
    });

    clock.advance(30_000);
    const form = await api(wp, '/wp/v2/posts', { method: 'POST', as: bureau, form: 'title=Appeal+for+witnesses&content=Call+101&status=publish' });
    expect(form.status).toBe(201);
    const second = post(form);
    const draft = post(await api(wp, '/wp/v2/posts', { method: 'POST', as: bureau, json: { title: 'Unfinished', content: 'tbc' } }));
    expect(draft).toMatchObject({ status: 'draft', slug: '', link: `${wp.url}/?p=${draft.id}` });

    const listed = await api(wp, '/wp/v2/posts');
    expect(ids(listed)).toEqual([second.id, first.id]);
    expect(listed.headers.get('x-wp-total')).toBe('2');
    expect(listed.headers.get('x-wp-totalpages')).toBe('1');
    expect(post(listed)).not.toHaveProperty('title.raw');

    // after= is exclusive and compares whole seconds of the post date.
    expect(ids(await api(wp, '/wp/v2/posts?after=2019-07-19T22:00:00'))).toEqual([second.id]);
    expect(ids(await api(wp, '/wp/v2/posts?after=2019-07-19T21:59:59Z'))).toEqual([second.id, first.id]);
    expect(ids(await api(wp, '/wp/v2/posts?before=2019-07-19T22:00:30&orderby=id&order=asc'))).toEqual([first.id]);

    const paged = await api(wp, '/wp/v2/posts?per_page=1');
    expect(ids(paged)).toEqual([second.id]);
    expect(paged.headers.get('x-wp-totalpages')).toBe('2');
    expect(paged.headers.get('link')).toContain('rel="next"');
    expect(ids(await api(wp, '/wp/v2/posts?per_page=1&page=2'))).toEqual([first.id]);
    expect(failure(await api(wp, '/wp/v2/posts?per_page=1&page=3')).code).toBe('rest_post_invalid_page_number');

    const invalid = await api(wp, '/wp/v2/posts?per_page=1000&order=sideways');
    expect(invalid.status).toBe(400);
    // Like WordPress, the validate_callback parameters are reported before the others.
    expect(failure(invalid)).toMatchObject({
      code: 'rest_invalid_param',
      message: 'Invalid parameter(s): per_page',
      data: { status: 400, params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' } },
    });

    const all = await api(wp, '/wp/v2/posts?status=draft,publish&context=edit', { as: bureau });
    expect(ids(all)).toEqual([draft.id, second.id, first.id]);
    expect(posts(all)[0]?.title.raw).toBe('Unfinished');
    expect(await api(wp, '/wp/v2/posts?_fields=id,title.rendered&per_page=1').then((r) => r.body)).toEqual([
      { id: second.id, title: { rendered: 'Appeal for witnesses' } },
    ]);

    expect(accepted.map((event) => [event.id, event.reason, event.status])).toEqual([
      [first.id, 'created', 'publish'],
      [second.id, 'created', 'publish'],
      [draft.id, 'created', 'draft'],
    ]);
    expect(accepted[1]?.time.toISOString()).toBe('2019-07-19T22:00:30.000Z');
  });

  it('unpublishes with status=draft: gone from the public list, the feed and the news page', async () => {
    const { bureau } = wp.credentials;
    const story = await publish(wp, bureau, 'Mayor resigns in surprise statement');
    expect(ids(await api(wp, '/wp/v2/posts'))).toContain(story.id);
    expect((await page(`${wp.url}/feed/`)).text).toContain('Mayor resigns in surprise statement');
    expect((await page(`${wp.url}/news`)).text).toContain('Mayor resigns in surprise statement');

    clock.advance(5_000);
    const updated = await api(wp, `/wp/v2/posts/${story.id}`, { method: 'POST', as: bureau, json: { status: 'draft' } });
    expect(updated.status).toBe(200);
    expect(post(updated)).toMatchObject({ status: 'draft', modified: '2019-07-19T22:00:35' });

    expect(ids(await api(wp, '/wp/v2/posts'))).not.toContain(story.id);
    expect((await page(`${wp.url}/feed/`)).text).not.toContain('Mayor resigns');
    expect((await page(`${wp.url}/news`)).text).not.toContain('Mayor resigns');
    expect((await page(story.link)).status).toBe(404);
    expect(failure(await api(wp, `/wp/v2/posts/${story.id}`)).code).toBe('rest_forbidden');
    expect(ids(await api(wp, '/wp/v2/posts?status=draft', { as: bureau }))).toContain(story.id);
    expect(ids(await api(wp, `/wp/v2/posts?modified_after=2019-07-19T22:00:34Z&status=any`, { as: bureau }))).toEqual([story.id]);

    await api(wp, `/wp/v2/posts/${story.id}`, { method: 'POST', as: bureau, json: { status: 'publish' } });
    expect(accepted.at(-1)).toMatchObject({ id: story.id, reason: 'published', status: 'publish' });
  });

  it('trashes without force, refuses a second trash, deletes for good with force=true', async () => {
    const { bureau } = wp.credentials;
    const story = await publish(wp, bureau, 'Typo-ridden headline');

    expect(failure(await api(wp, `/wp/v2/posts/${story.id}`, { method: 'DELETE' })).code).toBe('rest_cannot_delete');
    const trashed = await api(wp, `/wp/v2/posts/${story.id}`, { method: 'DELETE', as: bureau });
    expect(trashed.status).toBe(200);
    expect(post(trashed)).toMatchObject({ id: story.id, status: 'trash', slug: 'typo-ridden-headline__trashed' });
    expect(wp.posts().find((item) => item.id === story.id)?.status).toBe('trash');
    expect(ids(await api(wp, '/wp/v2/posts'))).not.toContain(story.id);

    const again = await api(wp, `/wp/v2/posts/${story.id}`, { method: 'DELETE', as: bureau });
    expect(again.status).toBe(410);
    expect(failure(again)).toEqual({ code: 'rest_already_trashed', message: 'The post has already been deleted.', data: { status: 410 } });

    expect(failure(await api(wp, `/wp/v2/posts/${story.id}?force=perhaps`, { method: 'DELETE', as: bureau }))).toMatchObject({
      code: 'rest_invalid_param',
      data: { params: { force: 'force is not of type boolean.' } },
    });
    const deleted = await api(wp, `/wp/v2/posts/${story.id}?force=true`, { method: 'DELETE', as: bureau });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ deleted: true, previous: { id: story.id, status: 'trash' } });
    expect(wp.posts().some((item) => item.id === story.id)).toBe(false);

    const gone = await api(wp, `/wp/v2/posts/${story.id}`, { as: bureau });
    expect(gone.status).toBe(404);
    expect(failure(gone)).toEqual({ code: 'rest_post_invalid_id', message: 'Invalid post ID.', data: { status: 404 } });
    expect(failure(await api(wp, '/wp/v2/posts/987654?force=true', { method: 'DELETE', as: bureau })).code).toBe('rest_post_invalid_id');
  });

  it('schedules a post dated in the future and publishes it once the clock passes its date', async () => {
    const { bureau } = wp.credentials;
    const scheduled = await api(wp, '/wp/v2/posts', {
      method: 'POST',
      as: bureau,
      json: { title: 'Embargoed statement', content: 'Later.', status: 'publish', date: '2019-07-19T23:00:00' },
    });
    expect(post(scheduled).status).toBe('future');
    expect(ids(await api(wp, '/wp/v2/posts'))).not.toContain(post(scheduled).id);
    clock.set('2019-07-19T23:00:01Z');
    expect(ids(await api(wp, '/wp/v2/posts'))[0]).toBe(post(scheduled).id);
    expect(accepted.at(-1)).toMatchObject({ id: post(scheduled).id, reason: 'published' });
  });
});

describe('demo WordPress: application passwords', () => {
  let wp: DemoWordPressServer;
  beforeAll(async () => {
    wp = await start({ users: { bureau: { applicationPasswords: [{ name: 'Control Room' }, { name: 'Control Room (standby)' }] } } });
  });

  it('lists passwords without the secret and revokes one: refused afterwards, the others still work', async () => {
    const { admin, bureau, compromised } = wp.credentials;
    const [main, standby] = bureau.applicationPasswords;
    if (!main || !standby) throw new Error('the bureau should have two application passwords');

    const listed = await api(wp, '/wp/v2/users/me/application-passwords', { as: main });
    expect(listed.status).toBe(200);
    const items = listed.body as Record<string, unknown>[];
    expect(items.map((item) => item['uuid'])).toEqual([main.uuid, standby.uuid]);
    expect(items[0]).toMatchObject({ name: 'Control Room', app_id: '', last_ip: '127.0.0.1' });
    expect(JSON.stringify(items)).not.toContain(main.applicationPassword.replace(/ /g, '').slice(0, 8));
    expect(items.every((item) => !('password' in item))).toBe(true);

    const revoked = await api(wp, `/wp/v2/users/me/application-passwords/${main.uuid}`, { method: 'DELETE', as: main });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ deleted: true, previous: { uuid: main.uuid, name: 'Control Room' } });

    expect((await api(wp, '/wp/v2/users/me', { as: main })).status).toBe(401);
    expect(failure(await api(wp, '/wp/v2/posts', { method: 'POST', as: main, json: { title: 't', status: 'publish' } })).code).toBe('rest_cannot_create');
    expect((await api(wp, '/wp/v2/users/me', { as: standby })).status).toBe(200);
    expect((await api(wp, '/wp/v2/users/me', { as: compromised })).status).toBe(200);
    expect(failure(await api(wp, `/wp/v2/users/me/application-passwords/${main.uuid}`, { method: 'DELETE', as: standby })).code).toBe(
      'rest_application_password_not_found',
    );

    // The Lock runbook: an administrator revokes the compromised integration's passwords.
    const foreign = await api(wp, `/wp/v2/users/${compromised.userId}/application-passwords`, { as: standby });
    expect(foreign.status).toBe(403);
    expect(failure(foreign).code).toBe('rest_cannot_list_application_passwords');
    const wiped = await api(wp, `/wp/v2/users/${compromised.userId}/application-passwords`, { method: 'DELETE', as: admin });
    expect(wiped.body).toEqual({ deleted: true, count: 1 });
    const blocked = await api(wp, '/wp/v2/posts', { method: 'POST', as: compromised, json: { title: 'test', status: 'publish' } });
    expect(blocked.status).toBe(401);
    expect((await api(wp, '/wp/v2/users/me', { as: admin })).status).toBe(200);
  });

  it('creates a new password once (shown only in the create response) that works at once', async () => {
    const { admin } = wp.credentials;
    const created = await api(wp, '/wp/v2/users/me/application-passwords', { method: 'POST', as: admin, json: { name: 'Rotated' } });
    expect(created.status).toBe(201);
    const body = created.body as { uuid: string; password: string };
    expect(body.password).toMatch(/^([A-Za-z0-9]{4} ){5}[A-Za-z0-9]{4}$/);
    const fresh = { username: admin.username, applicationPassword: body.password };
    expect((await api(wp, '/wp/v2/users/me/application-passwords/introspect', { as: fresh })).body).toMatchObject({ uuid: body.uuid, name: 'Rotated' });
    expect((await api(wp, '/wp/v2/users/me/application-passwords', { method: 'POST', as: admin, json: { name: 'Rotated' } })).status).toBe(409);
    expect(failure(await api(wp, '/wp/v2/users/me/application-passwords', { method: 'POST', as: admin, json: {} })).code).toBe(
      'rest_missing_callback_param',
    );
  });

  it('keeps an author to their own posts', async () => {
    const roles = await start({ users: { compromised: { role: 'author' } } });
    const mine = await publish(roles, roles.credentials.bureau, 'Editor post');
    const edit = await api(roles, `/wp/v2/posts/${mine.id}`, { method: 'POST', as: roles.credentials.compromised, json: { status: 'draft' } });
    expect(edit.status).toBe(403);
    expect(failure(edit).code).toBe('rest_cannot_edit');
    expect(failure(await api(roles, `/wp/v2/posts/${mine.id}`, { method: 'DELETE', as: roles.credentials.compromised })).code).toBe('rest_cannot_delete');
    expect((await publish(roles, roles.credentials.compromised, 'Author post')).status).toBe('publish');
  });
});

describe('demo WordPress: public side', () => {
  const clock = createManualClock('2019-07-19T22:00:00Z');
  let wp: DemoWordPressServer;
  beforeAll(async () => {
    wp = await start({ clock, siteTitle: 'Metro Police News' });
  });

  it('serves RSS 2.0 newest first, with ETag/Last-Modified and 304 on a conditional GET', async () => {
    const { bureau } = wp.credentials;
    const older = await publish(wp, bureau, 'Older news', 'First <b>story</b>');
    clock.advance(60_000);
    const newer = await publish(wp, bureau, 'Newer news', 'Second story ]]> with a CDATA end');
    await api(wp, '/wp/v2/posts', { method: 'POST', as: bureau, json: { title: 'Secret draft', content: 'x' } });

    const feed = await page(`${wp.url}/feed/`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('application/rss+xml; charset=UTF-8');
    const parsed = new XMLParser().parse(feed.text) as {
      rss: { channel: { title: string; item: { title: string; link: string; guid: string; pubDate: string; description: string; 'content:encoded': string }[] } };
    };
    expect(parsed.rss.channel.title).toBe('Metro Police News');
    const items = parsed.rss.channel.item;
    expect(items.map((item) => item.title)).toEqual(['Newer news', 'Older news']);
    expect(items[0]).toMatchObject({ link: newer.link, guid: newer.link, pubDate: 'Fri, 19 Jul 2019 22:01:00 +0000' });
    expect(items[0]?.['content:encoded']).toContain('Second story ]]&gt; with a CDATA end');
    expect(items[1]).toMatchObject({ link: older.link, description: 'First story' });
    expect(feed.text).not.toContain('Secret draft');

    const etag = feed.headers.get('etag') ?? '';
    const lastModified = feed.headers.get('last-modified') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(lastModified).toBe('Fri, 19 Jul 2019 22:01:00 GMT');
    for (const conditional of [{ 'if-none-match': etag }, { 'if-modified-since': lastModified }, { 'if-none-match': etag, 'if-modified-since': lastModified }]) {
      const cached = await page(`${wp.url}/feed/`, conditional);
      expect(cached.status).toBe(304);
      expect(cached.text).toBe('');
    }
    for (const alias of ['/feed', '/?feed=rss2']) {
      expect((await page(`${wp.url}${alias}`)).text).toContain('<title>Newer news</title>');
    }

    clock.advance(60_000);
    await publish(wp, bureau, 'Newest news');
    const changed = await page(`${wp.url}/feed/`, { 'if-none-match': etag, 'if-modified-since': lastModified });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.text).toContain('Newest news');
  });

  it('escapes attacker markup on the news page and the post page', async () => {
    const { compromised } = wp.credentials;
    const hostile = await publish(wp, compromised, '<script>alert("pwned")</script>Breaking', '<img src=x onerror=alert(1)> & <iframe src="https://evil.example">');
    for (const url of [`${wp.url}/`, `${wp.url}/news`, hostile.link, `${wp.url}/?p=${hostile.id}`]) {
      const html = await page(url);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(html.text).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;Breaking');
      expect(html.text).not.toMatch(/<script|<img|<iframe/i);
      expect(html.text).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &lt;iframe');
    }
    expect((await page(`${wp.url}/no-such-story/`)).status).toBe(404);
  });
});

describe('demo WordPress: error shapes and robustness', () => {
  let wp: DemoWordPressServer;
  beforeAll(async () => {
    wp = await start();
  });

  it('answers malformed JSON, unknown routes and invalid posts with WordPress error bodies', async () => {
    const { bureau } = wp.credentials;
    const malformed = await api(wp, '/wp/v2/posts', { method: 'POST', as: bureau, rawJson: '{"title":' });
    expect(malformed.status).toBe(400);
    expect(failure(malformed)).toEqual({
      code: 'rest_invalid_json',
      message: 'Invalid JSON body passed.',
      data: { status: 400, json_error_code: 4, json_error_message: 'Syntax error' },
    });
    const noRoute = { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } };
    expect((await api(wp, '/wp/v2/nothing')).body).toEqual(noRoute);
    expect((await api(wp, '/wp/v2/posts', { method: 'DELETE', as: bureau })).body).toEqual(noRoute);
    expect((await api(wp, '/wp/v2/posts/abc')).body).toEqual(noRoute);

    expect(failure(await api(wp, '/wp/v2/posts', { method: 'POST', as: bureau, json: {} }))).toEqual({
      code: 'empty_content',
      message: 'Content, title, and excerpt are empty.',
      data: { status: 400 },
    });
    expect(failure(await api(wp, '/wp/v2/posts', { method: 'POST', as: bureau, json: { title: 'x', status: 'live' } })).data.params).toEqual({
      status: 'status is not one of publish, future, draft, pending, and private.',
    });

    const index = await api(wp, '/');
    expect(index.body).toMatchObject({ url: wp.url, namespaces: ['wp/v2'], authentication: { 'application-passwords': {} } });
    const plain = await fetch(`${wp.url}/?rest_route=/wp/v2/posts`);
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual([]);
  });

  it('never answers 5xx or breaks, whatever is sent to any route', async () => {
    const { admin, bureau, compromised } = wp.credentials;
    const target = await publish(wp, bureau, 'Fuzz target');
    const auths = {
      none: null,
      admin: basic(admin),
      bureau: basic(bureau),
      compromised: basic(compromised),
      wrong: basic({ username: bureau.username, applicationPassword: 'wrong' }),
      garbage: 'Basic %%%',
    };
    const postParams = ['context', 'page', 'per_page', 'search', 'after', 'before', 'modified_after', 'modified_before', 'author', 'author_exclude',
      'exclude', 'include', 'offset', 'order', 'orderby', 'slug', 'status', '_fields', 'force', 'title', 'content', 'excerpt', 'date', 'date_gmt',
      'id', 'sticky', 'format', 'password', 'comment_status', 'ping_status', '_method'];
    const passwordParams = ['context', 'name', 'app_id', 'uuid', '_method'];
    const pageParams = ['paged', 'feed', 'p', 'rest_route'];
    const interesting = ['publish', 'draft', 'trash', 'any', 'future', 'private', 'edit', 'embed', 'true', 'false', '2019-07-19T22:00:00Z',
      '2019-07-19 22:00:00+01:00', 'not a date', '-1', '0', '1', '1e3', '100', '101', '2.5', 'asc', 'relevance', 'include', 'id', 'DELETE', 'PUT',
      'title.rendered,_links', '', ' ', '<script>alert(1)</script>', '__proto__', String(target.id), bureau.uuid, '/wp/v2/posts', 'rss2'];
    const value = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...interesting) },
      { weight: 2, arbitrary: fc.integer({ min: -5, max: 200 }).map(String) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
    );
    // Values that pass validation, so the fuzz also reaches the handlers' work, not only their checks.
    const plausible: Record<string, readonly string[]> = {
      context: ['view', 'edit', 'embed'], page: ['1', '2'], per_page: ['1', '10', '100'], search: ['news', 'Fuzz'], offset: ['0', '1', '3'],
      after: ['2019-07-19T22:00:00Z', '2000-01-01T00:00:00'], before: ['2100-01-01T00:00:00'], modified_after: ['2000-01-01 00:00:00'],
      modified_before: ['2100-01-01T00:00:00+02:00'], order: ['asc', 'desc'], orderby: ['date', 'id', 'title', 'modified', 'slug', 'author', 'include', 'relevance'],
      status: ['publish', 'draft', 'draft,publish', 'any', 'trash', 'future,private'], author: ['1', '2,3'], include: [String(target.id), '1,2,3'],
      exclude: ['1'], slug: ['fuzz-target', 'a,b'], _fields: ['id,title.rendered', 'id,_links'], force: ['true', 'false', '1', '0'],
      title: ['Fuzz title', '<b>x</b>'], content: ['Body', ''], excerpt: ['Short'], date: ['2019-07-19T22:00:00', '2999-01-01T00:00:00Z'],
      name: ['Fuzz app', 'Control Room'], app_id: ['', 'b8e1a7a0-5a1b-4c6f-9d44-6a8f8e4d1c2b'], paged: ['1', '2'], p: [String(target.id), '1'],
      feed: ['rss2', 'atom'], rest_route: ['/wp/v2/posts', '/'],
    };
    const valueFor = (key: string) =>
      fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...(plausible[key] ?? interesting)) }, { weight: 3, arbitrary: value });
    const jsonish = (key: string) => fc.oneof({ weight: 3, arbitrary: valueFor(key) }, { weight: 1, arbitrary: fc.jsonValue() });
    const entriesOf = <T,>(keys: readonly string[], forKey: (key: string) => fc.Arbitrary<T>) =>
      fc.subarray([...keys], { maxLength: Math.min(5, keys.length) }).chain((chosen) => fc.tuple(...chosen.map((key) => forKey(key).map((v) => [key, v] as const))));
    const idPart = fc.constantFrom(String(target.id), '0', '1', '2', '999', '99999999999999999999');
    const userPart = fc.constantFrom('me', '1', '2', '3', '0', '42');
    const uuidPart = fc.constantFrom(bureau.uuid, compromised.uuid, 'introspect', 'nope', bureau.uuid.toUpperCase());
    const routes: { path: fc.Arbitrary<string>; methods: string[]; params: string[] }[] = [
      { path: fc.constantFrom('/wp-json', '/wp-json/', '/wp-json/wp/v2', '/?rest_route=/'), methods: ['GET', 'POST', 'OPTIONS'], params: postParams },
      { path: fc.constantFrom('/wp-json/wp/v2/posts', '/wp-json/wp/v2/posts/', '/?rest_route=/wp/v2/posts'), methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'], params: postParams },
      { path: idPart.map((id) => `/wp-json/wp/v2/posts/${id}`), methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], params: postParams },
      { path: fc.constantFrom('/wp-json/wp/v2/users/me', '/wp-json/wp/v2/users/1', '/wp-json/wp/v2/users/3', '/wp-json/wp/v2/users/77'), methods: ['GET', 'POST'], params: passwordParams },
      { path: userPart.map((user) => `/wp-json/wp/v2/users/${user}/application-passwords`), methods: ['GET', 'POST', 'DELETE'], params: passwordParams },
      { path: fc.tuple(userPart, uuidPart).map(([user, uuid]) => `/wp-json/wp/v2/users/${user}/application-passwords/${uuid}`), methods: ['GET', 'POST', 'DELETE'], params: passwordParams },
      { path: fc.constantFrom('/', '/index.php', '/news', '/news/', '/feed', '/feed/', '/feed/rss2/', '/fuzz-target/', '/%E0%A4%A/', '/wp-admin/'), methods: ['GET', 'HEAD', 'POST'], params: pageParams },
      { path: fc.string().map((s) => `/wp-json/wp/v2/${s.replace(/[#?]/g, '')}`), methods: ['GET', 'POST', 'PATCH', 'DELETE'], params: postParams },
    ];

    const send = async (method: string, path: string, query: readonly (readonly [string, string])[], body: { type: string; text: string } | null, auth: keyof typeof auths) => {
      const url = new URL(`${wp.url}${path}`);
      for (const [key, val] of query) url.searchParams.append(key, val);
      const headers: Record<string, string> = {};
      const authorization = auths[auth];
      if (authorization) headers['authorization'] = authorization;
      const sendsBody = body !== null && method !== 'GET' && method !== 'HEAD';
      if (sendsBody) headers['content-type'] = body.type;
      const response = await fetch(url, { method, headers, ...(sendsBody ? { body: body.text } : {}) });
      const text = await response.text();
      expect(response.status, `${method} ${url.pathname}${url.search}`).toBeLessThan(500);
      const plainRest = (url.pathname === '/' || url.pathname === '/index.php') && Boolean(url.searchParams.getAll('rest_route').at(-1));
      const isRest = url.pathname.startsWith('/wp-json') || plainRest;
      if (isRest && method !== 'HEAD') {
        const parsed = JSON.parse(text) as Partial<ErrorBody>;
        if (response.status >= 400) {
          expect(typeof parsed.code).toBe('string');
          expect(typeof parsed.message).toBe('string');
          expect(parsed.data?.status).toBe(response.status);
        }
      }
    };

    // Every route and method gets its own run, so rare routes are not starved by common ones.
    for (const route of routes) {
      const name = fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...route.params) },
        { weight: 2, arbitrary: fc.constantFrom(...route.params).map((n) => `${n}[]`) },
        { weight: 1, arbitrary: fc.constantFrom('title[raw]', 'status[0]', 'a[b][c]', '__proto__', 'constructor') },
        { weight: 1, arbitrary: fc.string() },
      );
      // Mostly the route's own parameters (so handlers see them), plus odd names and array forms.
      const pairs = fc
        .tuple(entriesOf(route.params, valueFor), fc.array(fc.tuple(name, value), { maxLength: 2 }))
        .map(([known, odd]) => [...known, ...odd] as (readonly [string, string])[]);
      const body = fc.oneof(
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 4, arbitrary: entriesOf(route.params, jsonish).map((entries) => ({ type: 'application/json', text: JSON.stringify(Object.fromEntries(entries)) })) },
        { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ type: 'application/json', text: JSON.stringify(v) })) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary' }).map((text) => ({ type: 'application/json', text })) },
        { weight: 2, arbitrary: pairs.map((list) => ({ type: 'application/x-www-form-urlencoded', text: new URLSearchParams(list.map(([k, v]) => [k, v])).toString() })) },
        { weight: 1, arbitrary: fc.string().map((text) => ({ type: 'text/plain', text })) },
      );
      for (const method of route.methods) {
        await fc.assert(
          fc.asyncProperty(route.path, pairs, body, fc.constantFrom(...(Object.keys(auths) as (keyof typeof auths)[])), (path, query, payload, auth) =>
            send(method, path, query, payload, auth),
          ),
          { numRuns: 120 },
        );
      }
    }
    expect((await fetch(`${wp.restUrl}/`)).status).toBe(200);
  });
});
