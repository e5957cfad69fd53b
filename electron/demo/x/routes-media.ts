// The demo X server's media endpoints (X API v2): POST /2/media/upload/initialize (JSON),
// /2/media/upload/:id/append (multipart/form-data: segment_index, media), /2/media/upload/:id/finalize,
// POST /2/media/metadata (alt text), and the public media URL serving the bytes unchanged.
import { z } from 'zod';
import { parseMultipart } from '../multipart';
import { invalidRequest, reply, type XReply } from './errors';
import { isJsonBody, parseJson } from './http-io';
import { maxPhotoBytes, photoMimes, type DemoXMedia, type DemoXMediaStore } from './media';
import type { UserRouteContext } from './routes-tweets';
import { describeBodyIssues } from './schemas';

const initializeSchema = z.strictObject({
  media_type: z.string(),
  total_bytes: z.number().int().min(1),
  media_category: z.enum(['tweet_image', 'tweet_gif', 'tweet_video', 'dm_image', 'dm_gif', 'dm_video', 'subtitles', 'amplify_video']).optional(),
  additional_owners: z.array(z.string()).optional(),
});

/** X caps alt text at 1000 characters. */
const metadataSchema = z.strictObject({ id: z.string().regex(/^\d{1,20}$/), metadata: z.strictObject({ alt_text: z.strictObject({ text: z.string().max(1000) }) }) });

function jsonBody(ctx: UserRouteContext): { ok: true; value: unknown } | { ok: false; reply: XReply } {
  if (!isJsonBody(ctx.contentType)) return { ok: false, reply: invalidRequest([{ message: 'Requests with bodies must have content-type of application/json.' }]) };
  const json = parseJson(ctx.body);
  return json.ok ? json : { ok: false, reply: invalidRequest([{ message: 'Request body is not valid JSON.' }]) };
}

function uploadNotFound(id: string): XReply {
  return invalidRequest([{ parameters: { id: [id] }, message: `The media id [${id}] is not a media upload of this user.` }]);
}

function mediaData(media: DemoXMedia): Record<string, unknown> {
  return { id: media.id, media_key: media.key, expires_after_secs: 86_400, ...(media.bytes ? { size: media.bytes.length } : {}) };
}

/** POST /2/media/upload/initialize */
export function initializeUpload(ctx: UserRouteContext, media: DemoXMediaStore): XReply {
  const json = jsonBody(ctx);
  if (!json.ok) return json.reply;
  const parsed = initializeSchema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return invalidRequest(describeBodyIssues(parsed.error));
  if (!photoMimes[parsed.data.media_type]) return invalidRequest([{ message: `media_type ${parsed.data.media_type} is not supported; send image/png, image/jpeg, image/webp or image/gif.` }]);
  if (parsed.data.total_bytes > maxPhotoBytes) return invalidRequest([{ message: `File size exceeds ${maxPhotoBytes} bytes.` }]);
  return reply(200, { data: mediaData(media.initialize(ctx.principal, parsed.data.media_type, parsed.data.total_bytes)) });
}

/** POST /2/media/upload/:id/append, multipart/form-data. */
export function appendUpload(ctx: UserRouteContext, media: DemoXMediaStore): XReply {
  const id = ctx.pathParams[0] ?? '';
  const upload = media.find(id, ctx.principal);
  if (!upload || upload.bytes) return uploadNotFound(id);
  const form = parseMultipart(ctx.contentType, ctx.bytes);
  if (!form) return invalidRequest([{ message: 'Append takes multipart/form-data with segment_index and media.' }]);
  const index = Number(form.find((p) => p.name === 'segment_index')?.bytes.toString() ?? 'x');
  const part = form.find((p) => p.name === 'media');
  if (!Number.isInteger(index) || index < 0 || index > 999) return invalidRequest([{ message: 'segment_index must be an integer from 0 to 999.' }]);
  if (!part) return invalidRequest([{ message: 'media is missing but it is required.' }]);
  upload.segments.set(index, Buffer.from(part.bytes));
  return reply(200, {});
}

/** POST /2/media/upload/:id/finalize */
export function finalizeUpload(ctx: UserRouteContext, media: DemoXMediaStore): XReply {
  const id = ctx.pathParams[0] ?? '';
  const upload = media.find(id, ctx.principal);
  if (!upload) return uploadNotFound(id);
  const problem = media.finalize(upload);
  if (problem) return invalidRequest([{ message: problem }]);
  return reply(200, { data: mediaData(upload) });
}

/** POST /2/media/metadata */
export function createMetadata(ctx: UserRouteContext, media: DemoXMediaStore): XReply {
  const json = jsonBody(ctx);
  if (!json.ok) return json.reply;
  const parsed = metadataSchema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return invalidRequest(describeBodyIssues(parsed.error));
  const upload = media.find(parsed.data.id, ctx.principal);
  if (!upload?.bytes) return uploadNotFound(parsed.data.id);
  upload.alt = parsed.data.metadata.alt_text.text;
  return reply(200, { data: { id: upload.id, associated_metadata: { alt_text: { text: upload.alt } } } });
}

/** The URL a photo is served at (https://pbs.twimg.com/media/<id>.<ext> on X). */
export function mediaUrl(origin: string, media: DemoXMedia): string {
  return `${origin}/media/${media.id}.${photoMimes[media.mime] ?? 'bin'}`;
}

/** GET /media/<id>.<ext>: the bytes as uploaded, or undefined for a 404. */
export function servedMedia(path: string, media: DemoXMediaStore): DemoXMedia | undefined {
  const match = /^\/media\/(\d{1,20})\.([a-z]{3,4})$/.exec(path);
  if (!match) return undefined;
  const found = media.byKey(`3_${match[1] ?? ''}`);
  return found && photoMimes[found.mime] === match[2] ? found : undefined;
}
