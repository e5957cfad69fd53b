// Reading request bodies and writing JSON replies for the demo X server, over plain node:http.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { XReply } from './errors';

/** X refuses large bodies long before this; the cap only keeps a fuzzer from filling memory. */
export const maxBodyBytes = 1024 * 1024;

export type BodyRead = { ok: true; text: string; bytes: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

export function readBody(req: IncomingMessage, limit = maxBodyBytes): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settle({ ok: false, reason: 'too-large' });
        // Stop buffering but keep draining, so the 413 can still be written back.
        chunks.length = 0;
        return;
      }
      if (!settled) chunks.push(chunk);
    });
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      settle({ ok: true, text: bytes.toString('utf8'), bytes });
    });
    req.on('error', () => settle({ ok: false, reason: 'aborted' }));
    req.on('aborted', () => settle({ ok: false, reason: 'aborted' }));
  });
}

export function writeReply(res: ServerResponse, reply: XReply, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    'cache-control': 'no-cache, no-store, max-age=0',
  });
  res.end(payload);
}

/** The first value of a header, whether node gave a string or a list. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Parameters of an application/x-www-form-urlencoded body ("+" is a space there, as in queries). */
export function formParams(body: string): Array<[string, string]> {
  return [...new URLSearchParams(body)];
}

export function isFormBody(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().split(';')[0]?.trim() === 'application/x-www-form-urlencoded';
}

export function isJsonBody(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().split(';')[0]?.trim() === 'application/json';
}

/** JSON.parse that reports failure as a value instead of throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
