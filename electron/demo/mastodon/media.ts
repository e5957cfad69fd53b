// The demo instance's media attachments: POST /api/v2/media (multipart: file, description) keeps
// the file as uploaded under /system/media_attachments/files/..., typed as masto's MediaAttachment;
// a status takes up to 4 of its account's unattached uploads by media_ids.
import type { mastodon } from 'masto';
import { parseMultipart } from '../multipart';

interface StoredMedia {
  readonly entity: mastodon.v1.MediaAttachment;
  readonly accountId: string;
  readonly mime: string;
  readonly bytes: Buffer;
  /** The status it was attached to; once attached it cannot be attached again. */
  statusId: string | null;
}

/** Mastodon 4.x takes images up to 16 MB; a description up to 1,500 characters. */
export const maxMediaBytes = 16 * 1024 * 1024;
const maxDescription = 1500;
const extensions: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };

export type MediaUpload = { ok: true; media: mastodon.v1.MediaAttachment } | { ok: false; status: number; error: string };

export class DemoMastodonMedia {
  private readonly rows = new Map<string, StoredMedia>();
  private next = 110_000_000_000_000_000n;

  constructor(private readonly origin: () => string) {}

  upload(accountId: string, contentType: string | undefined, body: Buffer): MediaUpload {
    const parts = parseMultipart(contentType, body);
    const file = parts?.find((p) => p.name === 'file');
    if (!parts || !file) return { ok: false, status: 422, error: "Validation failed: File can't be blank" };
    const mime = (file.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const ext = extensions[mime];
    if (!ext) return { ok: false, status: 422, error: `Validation failed: File content type is invalid, File file type is not supported (${mime || 'none'})` };
    if (file.bytes.length > maxMediaBytes) return { ok: false, status: 422, error: 'Validation failed: File file size must be less than 16 MB' };
    const description = parts.find((p) => p.name === 'description')?.bytes.toString('utf8') ?? null;
    if (description !== null && description.length > maxDescription) return { ok: false, status: 422, error: `Validation failed: Description is too long (maximum is ${maxDescription} characters)` };
    this.next += 1n;
    const id = String(this.next);
    const url = `${this.origin()}/system/media_attachments/files/${id}/original/${id}.${ext}`;
    const entity: mastodon.v1.MediaAttachment = { id, type: 'image', url, previewUrl: url, remoteUrl: null, textUrl: null, meta: null, description, blurhash: null };
    this.rows.set(id, { entity, accountId, mime, bytes: Buffer.from(file.bytes), statusId: null });
    return { ok: true, media: entity };
  }

  get(accountId: string, id: string): mastodon.v1.MediaAttachment | undefined {
    const row = this.rows.get(id);
    return row && row.accountId === accountId ? row.entity : undefined;
  }

  /** The attachments for a new status, or why Mastodon would refuse them (422). */
  claim(accountId: string, ids: readonly string[]): { ok: true; media: mastodon.v1.MediaAttachment[]; attach(statusId: string): void } | { ok: false; error: string } {
    if (ids.length > 4) return { ok: false, error: 'Validation failed: You cannot attach more than 4 files' };
    const rows = ids.map((id) => this.rows.get(id));
    if (rows.some((r) => !r || r.accountId !== accountId || r.statusId !== null)) return { ok: false, error: 'Validation failed: Media attachments are invalid or already used' };
    const found = rows as StoredMedia[];
    return { ok: true, media: found.map((r) => r.entity), attach: (statusId) => found.forEach((r) => (r.statusId = statusId)) };
  }

  /** GET /system/media_attachments/files/<id>/original/<id>.<ext>: public, as Mastodon's file store. */
  file(path: string): { mime: string; bytes: Buffer } | undefined {
    const m = /^\/system\/media_attachments\/files\/(\d{1,24})\/original\/\1\.([a-z]{3,4})$/.exec(path);
    const row = m ? this.rows.get(m[1] ?? '') : undefined;
    return row && extensions[row.mime] === m?.[2] ? { mime: row.mime, bytes: row.bytes } : undefined;
  }
}
