// /wp/v2/media of the demo site, after WP_REST_Attachments_Controller: upload with the file as the
// body (Content-Type, Content-Disposition filename; alt_text and post as parameters), read one,
// list (with `parent`), update alt_text and post; and the public files under /wp-content/uploads/.
import { capabilityNames } from './capabilities';
import { authorizationRequiredCode, WpError } from './errors';
import { formatWpDate, stripAllTags } from './format';
import type { DemoSite, RestRequest, RestResponse } from './http';
import { uploadMimes, type StoredMedia } from './media';

const invalidId = (): WpError => new WpError('rest_post_invalid_id', 'Invalid post ID.', 404);

function mayUpload(site: DemoSite, request: RestRequest): boolean {
  return request.user !== null && capabilityNames(request.user.role)['upload_files'] === true;
}

export function mediaJson(site: DemoSite, media: StoredMedia): Record<string, unknown> {
  const base = site.baseUrl();
  const source = `${base}/wp-content/uploads/${media.file}`;
  return {
    id: media.id,
    date: formatWpDate(media.dateMs),
    date_gmt: formatWpDate(media.dateMs),
    guid: { rendered: source },
    modified: formatWpDate(media.modifiedMs),
    modified_gmt: formatWpDate(media.modifiedMs),
    slug: media.slug,
    status: 'inherit',
    type: 'attachment',
    link: `${base}/${media.slug}/`,
    title: { rendered: media.slug },
    author: media.authorId,
    alt_text: media.altText,
    media_type: 'image',
    mime_type: media.mime,
    media_details: { file: media.file, filesize: media.bytes.length, sizes: {} },
    post: media.parent === 0 ? null : media.parent,
    source_url: source,
    _links: { self: [{ href: `${base}/wp-json/wp/v2/media/${media.id}` }], collection: [{ href: `${base}/wp-json/wp/v2/media` }] },
  };
}

/** sanitize_text_field(), which WordPress applies to alt_text: a lone < escaped, tags stripped, one line, trimmed. */
export function sanitizeTextField(value: string): string {
  const escaped = value.replace(/<(?![a-zA-Z/!?])/g, '&lt;');
  return stripAllTags(escaped)
    .replace(/[\r\n\t ]+/g, ' ')
    .replace(/%[a-fA-F0-9]{2}/g, '')
    .trim();
}

function textParam(request: RestRequest, name: string): string | undefined {
  const value = request.params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new WpError('rest_invalid_param', `Invalid parameter(s): ${name}`, 400, { params: { [name]: `${name} is not of type string.` } });
  return value;
}

function parentParam(site: DemoSite, request: RestRequest): number | undefined {
  const value = request.params['post'];
  if (value === undefined) return undefined;
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 0) throw new WpError('rest_invalid_param', 'Invalid parameter(s): post', 400, { params: { post: 'post is not of type integer.' } });
  if (id !== 0 && !site.posts.get(id)) throw new WpError('rest_invalid_param', 'Invalid parameter(s): post', 400, { params: { post: 'Invalid post ID.' } });
  return id;
}

/** POST /wp/v2/media */
export function uploadMedia(site: DemoSite, request: RestRequest): RestResponse {
  if (!mayUpload(site, request)) throw new WpError('rest_cannot_create', 'Sorry, you are not allowed to create posts as this user.', authorizationRequiredCode(request.user !== null));
  const { body, contentType, contentDisposition } = request.upload;
  if (body.length === 0) throw new WpError('rest_upload_no_data', 'No data supplied.', 400);
  if (contentType.toLowerCase().startsWith('multipart/form-data')) throw new WpError('rest_upload_no_data', 'The demo site takes the file as the request body, not as a form.', 400);
  if (!contentDisposition) throw new WpError('rest_upload_no_content_disposition', 'No Content-Disposition supplied.', 400);
  const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(contentDisposition)?.[1]?.trim();
  if (!filename) throw new WpError('rest_upload_invalid_disposition', 'Invalid Content-Disposition supplied. Content-Disposition needs to be formatted as `attachment; filename="image.png"` or similar.', 400);
  const mime = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const ext = filename.slice(filename.lastIndexOf('.') + 1).toLowerCase();
  if (!uploadMimes[mime]?.includes(ext)) throw new WpError('rest_upload_sideload_error', 'Sorry, you are not allowed to upload this file type.', 500);
  const alt = sanitizeTextField(textParam(request, 'alt_text') ?? '');
  const parent = parentParam(site, request) ?? 0;
  const media = site.media.add({ id: site.posts.allocateId(), authorId: request.user?.id ?? 0, mime, bytes: Buffer.from(body), dateMs: site.clock.now().getTime(), altText: alt, parent, filename });
  return { status: 201, body: mediaJson(site, media), headers: { Location: `${site.baseUrl()}/wp-json/wp/v2/media/${media.id}` } };
}

/** GET /wp/v2/media/:id (attachments inherit their status: the demo's are all public). */
export function getMedia(site: DemoSite, request: RestRequest): RestResponse {
  const media = site.media.get(Number(request.urlParams['id']));
  if (!media) throw invalidId();
  return { status: 200, body: mediaJson(site, media) };
}

/** GET /wp/v2/media[?parent=1,2&per_page=N] */
export function listMedia(site: DemoSite, request: RestRequest): RestResponse {
  const raw = request.params['parent'];
  const parents = raw === undefined ? null : new Set((Array.isArray(raw) ? raw : String(raw).split(',')).map((v) => Number(v)));
  const perPage = Math.min(100, Math.max(1, Number(request.params['per_page'] ?? 10) || 10));
  const rows = site.media.all().filter((m) => parents === null || parents.has(m.parent)).sort((a, b) => b.dateMs - a.dateMs || b.id - a.id);
  return { status: 200, body: rows.slice(0, perPage).map((m) => mediaJson(site, m)), headers: { 'X-WP-Total': String(rows.length), 'X-WP-TotalPages': String(Math.max(1, Math.ceil(rows.length / perPage))) } };
}

/** POST /wp/v2/media/:id: alt_text and post (the parent). */
export function updateMedia(site: DemoSite, request: RestRequest): RestResponse {
  const media = site.media.get(Number(request.urlParams['id']));
  if (!media) throw invalidId();
  const user = request.user;
  if (!user || !mayUpload(site, request) || (media.authorId !== user.id && capabilityNames(user.role)['edit_others_posts'] !== true)) {
    throw new WpError('rest_cannot_edit', 'Sorry, you are not allowed to edit this post.', authorizationRequiredCode(user !== null));
  }
  const alt = textParam(request, 'alt_text');
  const parent = parentParam(site, request);
  if (alt !== undefined) media.altText = sanitizeTextField(alt);
  if (parent !== undefined) media.parent = parent;
  media.modifiedMs = site.clock.now().getTime();
  return { status: 200, body: mediaJson(site, media) };
}

/** GET /wp-content/uploads/<file>: the bytes as uploaded, or undefined (the site's 404 page). */
export function uploadedFile(site: DemoSite, pathname: string): StoredMedia | undefined {
  const prefix = '/wp-content/uploads/';
  return pathname.startsWith(prefix) ? site.media.byFile(pathname.slice(prefix.length)) : undefined;
}
