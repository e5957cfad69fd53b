// The demo site's media library: uploaded files kept as sent (WordPress keeps the original file
// of an image under its size threshold, byte for byte), served at /wp-content/uploads/YYYY/MM/name
// like the real uploads folder, with the attachment's alt text and parent post.

export interface StoredMedia {
  readonly id: number;
  readonly authorId: number;
  readonly mime: string;
  /** "2026/12/statement-image-1.png", relative to /wp-content/uploads/. */
  readonly file: string;
  readonly slug: string;
  readonly bytes: Buffer;
  readonly dateMs: number;
  modifiedMs: number;
  altText: string;
  /** The post it is attached to; 0 for none. */
  parent: number;
}

/** What WordPress accepts from an editor by default for images (get_allowed_mime_types). */
export const uploadMimes: Readonly<Record<string, readonly string[]>> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
};

export class MediaStore {
  private readonly rows = new Map<number, StoredMedia>();

  add(input: Omit<StoredMedia, 'file' | 'slug' | 'modifiedMs'> & { readonly filename: string }): StoredMedia {
    const d = new Date(input.dateMs);
    const folder = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const dot = input.filename.lastIndexOf('.');
    let base = input.filename.slice(0, dot).toLowerCase().replace(/[^a-z0-9_-]+/g, '-') || 'image';
    const ext = input.filename.slice(dot + 1).toLowerCase();
    // wp_unique_filename(): a name already taken this month gets -1, -2, ...
    const taken = new Set([...this.rows.values()].map((m) => m.file));
    for (let n = 1; taken.has(`${folder}/${base}.${ext}`); n++) base = `${base.replace(/-\d+$/, '')}-${n}`;
    const { filename: _filename, ...rest } = input;
    const row: StoredMedia = { ...rest, file: `${folder}/${base}.${ext}`, slug: base, modifiedMs: input.dateMs };
    this.rows.set(row.id, row);
    return row;
  }

  get(id: number): StoredMedia | undefined {
    return this.rows.get(id);
  }

  all(): StoredMedia[] {
    return [...this.rows.values()];
  }

  byFile(file: string): StoredMedia | undefined {
    return [...this.rows.values()].find((m) => m.file === file);
  }
}
