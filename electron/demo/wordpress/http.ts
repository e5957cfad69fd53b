// HTTP plumbing for the demo site: reading a bounded request body, parsing PHP-style query and form
// parameters (`status[]=draft`, `title[raw]=x`), and the request/response/route types the REST
// handlers share. node:http only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../lib/clock';
import type { UserDirectory } from './auth';
import type { MediaStore } from './media';
import type { PostStore } from './posts';
import type { StoredUser } from './types';

/** Everything the route handlers and the public pages need to know about the site. */
export interface DemoSite {
  readonly posts: PostStore;
  readonly media: MediaStore;
  readonly users: UserDirectory;
  readonly clock: Clock;
  readonly title: string;
  readonly tagline: string;
  readonly invalidCredentials: InvalidCredentialsMode;
  /** "http://127.0.0.1:PORT", known once the server listens. */
  baseUrl(): string;
}

/**
 * What a wrong, revoked or unknown application password leads to.
 * - `anonymous`: the request runs as nobody (users/me -> 401 rest_not_logged_in, create -> 401
 *   rest_cannot_create, public reads -> 200). This is what WordPress 6.1 on Debian does in practice
 *   (test/integration/real-wordpress.test.ts): it settles the current user before it knows the
 *   request is a REST one, so the application-password error is never raised.
 * - `reject`: 401 incorrect_password / invalid_username on every route, the path through
 *   rest_application_password_check_errors() that WordPress takes when the user is settled late.
 * Adapters must cope with both.
 */
export type InvalidCredentialsMode = 'anonymous' | 'reject';

export type RestMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestRequest {
  readonly method: RestMethod;
  /** Body over query over URL, as WP_REST_Request::get_parameter_order() ranks them. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  /** The query string as sent, for building pagination links. */
  readonly rawQuery: URLSearchParams;
  readonly urlParams: Readonly<Record<string, string>>;
  readonly user: StoredUser | null;
  readonly applicationPasswordUuid: string | null;
  /** The body as sent and the headers a file upload is described by (POST /wp/v2/media). */
  readonly upload: { readonly body: Buffer; readonly contentType: string; readonly contentDisposition: string | undefined };
}

export interface RestResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type HeaderMap = Readonly<Record<string, string | readonly string[]>>;

export type RestHandler = (request: RestRequest) => RestResponse;

export interface RestRoute {
  /** How WordPress lists the route in the index, e.g. "/wp/v2/posts/(?P<id>[\\d]+)". */
  readonly path: string;
  /** Matched against the route with its trailing slash removed, case-insensitively, as WordPress does. */
  readonly pattern: RegExp;
  readonly handlers: Readonly<Partial<Record<RestMethod, RestHandler>>>;
}

/** PHP's post_max_size is 8M on Debian; beyond that the demo refuses rather than buffering forever. */
export const maxBodyBytes = 8 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    // Keep draining so the client sees our answer instead of a reset connection.
    if (size > maxBodyBytes) tooLarge = true;
    else chunks.push(buffer);
  }
  if (tooLarge) throw new BodyTooLargeError('request body too large');
  return Buffer.concat(chunks);
}

type Nested = Record<string, unknown>;

function isNested(value: unknown): value is Nested {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** PHP turns `{0:a, 1:b}` from `x[0]=a&x[1]=b` into a list; so do we, so array params accept both forms. */
function listify(value: unknown): unknown {
  if (!isNested(value)) return value;
  const entries = Object.entries(value).map(([key, inner]) => [key, listify(inner)] as const);
  const keys = entries.map(([key]) => key);
  if (keys.length > 0 && keys.every((key, index) => key === String(index))) return entries.map(([, inner]) => inner);
  return Object.fromEntries(entries);
}

/**
 * Parses `a=1&b[]=2&c[raw]=3` the way PHP fills $_GET/$_POST: brackets nest (five levels at
 * most), `[]` appends, a repeated plain key keeps its last value.
 */
export function parsePhpParams(search: URLSearchParams): Record<string, unknown> {
  const root: Nested = Object.create(null) as Nested;
  for (const [rawKey, value] of search) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\]){0,5})/.exec(rawKey);
    if (!match?.[1]) continue;
    const segments = [match[1], ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
    let node: Nested = root;
    segments.forEach((segment, index) => {
      const last = index === segments.length - 1;
      let key = segment;
      if (key === '') key = String(Object.keys(node).length);
      if (last) {
        node[key] = value;
        return;
      }
      const existing = node[key];
      const child: Nested = isNested(existing) ? existing : (Object.create(null) as Nested);
      node[key] = child;
      node = child;
    });
  }
  return Object.fromEntries(Object.entries(root).map(([key, value]) => [key, listify(value)]));
}

/** Lower-cases names and merges duplicates, so e.g. two Link headers go out as two lines. */
export function mergeHeaders(...maps: readonly HeaderMap[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const map of maps) {
    for (const [name, value] of Object.entries(map)) {
      const key = name.toLowerCase();
      const values = typeof value === 'string' ? [value] : [...value];
      const existing = out[key];
      if (existing === undefined) out[key] = values.length === 1 ? (values[0] ?? '') : values;
      else out[key] = [...(typeof existing === 'string' ? [existing] : existing), ...values];
    }
  }
  return out;
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: HeaderMap = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(
    status,
    mergeHeaders(headers, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(text)) }),
  );
  response.end(text);
}

export function sendText(response: ServerResponse, status: number, body: string, headers: HeaderMap = {}): void {
  response.writeHead(status, mergeHeaders(headers, { 'content-length': String(Buffer.byteLength(body)) }));
  response.end(body);
}
