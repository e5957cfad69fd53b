// Email images: each image goes in the bulletin as an inline attachment (Content-ID, the alt text
// as its Content-Description) shown by a `cid:` <img> with the alt text in the HTML part, after the
// statement's HTML. Read-back lists the message's attachments (ref: the Content-ID, or the part's
// place for one without) and its remote images (ref: the address, never fetched); an attachment's
// bytes come from the message in the canary mailbox.
import type { Attachment, ParsedMail } from 'mailparser';
import { escapeHtmlAttribute, imageTags, mimeFromUrl } from '../html-images';
import { ChannelError, type ObservedMedia, type OutboundImage } from '../types';

const extensions: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** Stable per statement and image, so a retry under the same Message-ID carries the same parts. */
export function imageContentId(image: OutboundImage, index: number, domain: string): string {
  return `image${index + 1}.${image.sha256.slice(0, 24)}@${domain}`;
}

export interface InlineImages {
  readonly html: string;
  readonly attachments: {
    cid: string;
    filename: string;
    content: Buffer;
    contentType: string;
    contentDisposition: 'inline';
    headers: Record<string, string>;
  }[];
  readonly refs: { readonly sha256: string; readonly ref: string }[];
}

function textAsHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtmlAttribute(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** The HTML part and the inline attachments of a bulletin with images. */
export function inlineImages(variant: { text: string; html: string | null }, images: readonly OutboundImage[], domain: string): InlineImages {
  const parts = images.map((image, index) => ({ image, cid: imageContentId(image, index, domain), index }));
  const figures = parts.map(({ image, cid }) => `<p><img src="cid:${escapeHtmlAttribute(cid)}" alt="${escapeHtmlAttribute(image.alt)}" width="${image.width}" height="${image.height}"></p>`);
  return {
    html: `${variant.html ?? textAsHtml(variant.text)}\n${figures.join('\n')}`,
    attachments: parts.map(({ image, cid, index }) => ({
      cid,
      filename: `image-${index + 1}.${extensions[image.mime] ?? 'bin'}`,
      content: Buffer.from(image.bytes),
      contentType: image.mime,
      contentDisposition: 'inline' as const,
      // Header values must not break the header: the alt text goes on one line.
      headers: { 'Content-Description': image.alt.replace(/[\r\n]+/g, ' ') },
    })),
    refs: parts.map(({ image, cid }) => ({ sha256: image.sha256, ref: cid })),
  };
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`), as a header not decoded by the parser carries them. */
export function decodeEncodedWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g, (whole, charset: string, encoding: string, text: string) => {
    try {
      const bytes = encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
      return new TextDecoder(charset.split('*')[0] ?? 'utf-8').decode(bytes);
    } catch {
      return whole;
    }
  });
}

/** An attachment's ref: its Content-ID, or its place among the attachments when it has none. */
function refOf(attachment: Attachment, index: number): string {
  return attachment.cid ?? `attachment-${index + 1}`;
}

/**
 * Every attachment of a parsed message as media, in order; `url` says where the message is in the
 * canary mailbox (an RFC 5092 IMAP URL), which fetchMedia reads it back from.
 */
export function observedEmailMedia(mail: ParsedMail, messageUrl: string): ObservedMedia[] {
  const html = typeof mail.html === 'string' ? mail.html : '';
  const altByCid = new Map<string, string>();
  for (const tag of imageTags(html)) {
    if (tag.src?.toLowerCase().startsWith('cid:') && tag.alt !== null) altByCid.set(tag.src.slice(4), tag.alt);
  }
  const attached = mail.attachments.map((a, index): ObservedMedia => {
    const description = a.headers.get('content-description');
    const alt = (a.cid ? altByCid.get(a.cid) : undefined) ?? (typeof description === 'string' ? decodeEncodedWords(description) : null);
    return { ref: refOf(a, index), mime: a.contentType || null, alt, url: messageUrl };
  });
  // Remote images (a tracking pixel, an abusive picture) are listed too, by address: never fetched.
  const remote = imageTags(html)
    .filter((t) => t.src !== null && /^https?:/i.test(t.src))
    .map((t): ObservedMedia => ({ ref: t.src as string, mime: mimeFromUrl(t.src as string), alt: t.alt, url: t.src }));
  return [...attached, ...remote];
}

/** The bytes of the attachment `ref` of a parsed message, refused past `maxBytes`. */
export function attachmentBytes(mail: ParsedMail, ref: string, maxBytes: number): Uint8Array {
  const found = mail.attachments.find((a, index) => refOf(a, index) === ref);
  if (!found) throw new ChannelError({ kind: 'NOT_FOUND', message: `The bulletin has no attachment ${ref} any more.` });
  if (found.content.length > maxBytes) throw new ChannelError({ kind: 'REJECTED', message: `The attachment ${ref} is ${found.content.length} bytes, over the ${maxBytes}-byte limit; it was not kept.` });
  return new Uint8Array(found.content);
}

/** "imap://host:port/INBOX;UIDVALIDITY=v/;UID=n" (RFC 5092), for the message `uid` under `uidValidity`. */
export function messageUrl(host: string, port: number, mailbox: string, uidValidity: string, uid: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `imap://${h}:${port}/${encodeURIComponent(mailbox)};UIDVALIDITY=${uidValidity}/;UID=${uid}`;
}

/** The mailbox place an IMAP URL names, refusing one for another server than the canary's. */
export function parseMessageUrl(url: string | null, host: string, port: number): { mailbox: string; uidValidity: string; uid: number } {
  const refuse = (): ChannelError =>
    new ChannelError({ kind: 'BAD_RESPONSE', message: `The image does not point at a message in the canary mailbox (${(url ?? 'no address').slice(0, 80)}); nothing was fetched.` });
  let parsed: URL;
  try {
    parsed = new URL(url ?? '');
  } catch {
    throw refuse();
  }
  const sameServer = parsed.protocol === 'imap:' && parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase() === host.toLowerCase() && parsed.port === String(port);
  const m = /^\/([^;/]+);UIDVALIDITY=(\d{1,10})\/;UID=(\d{1,10})$/i.exec(parsed.pathname);
  if (!sameServer || !m) throw refuse();
  return { mailbox: decodeURIComponent(m[1] ?? 'INBOX'), uidValidity: m[2] ?? '', uid: Number(m[3]) };
}
