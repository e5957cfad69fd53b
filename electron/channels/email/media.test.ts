// A bulletin's inline images survive composing and parsing: each listed by Content-ID with its alt
// text (also non-ASCII, also from Content-Description alone), its bytes exact; IMAP URLs for another
// server are refused.
import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import type { OutboundImage } from '../types';
import { attachmentBytes, inlineImages, messageUrl, observedEmailMedia, parseMessageUrl } from './media';

const image = (bytes: number[], alt: string): OutboundImage => {
  const data = new Uint8Array(bytes);
  return { sha256: createHash('sha256').update(data).digest('hex'), mime: 'image/png', bytes: data, width: 2, height: 1, alt };
};

describe('email inline images', () => {
  it('round-trip through MIME with their alt texts and exact bytes', async () => {
    const images = [image([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255], 'Lettre signée — page 1, «original»'), image([0x89, 0x50, 0x4e, 0x47, 9, 9], 'Line one\r\nLine two')];
    const inline = inlineImages({ text: 'Appeal', html: null }, images, 'newsroom.example');
    const source = await new MailComposer({ from: 'a@newsroom.example', to: 'b@newsroom.example', subject: 's', text: 'Appeal', html: inline.html, attachments: inline.attachments }).compile().build();
    const mail = await simpleParser(source, { skipImageLinks: true });
    const url = messageUrl('127.0.0.1', 143, 'INBOX', '7', 3);
    const media = observedEmailMedia(mail, url);
    // The HTML part's line breaks come back as \n (MIME canonicalises them): the text is the same.
    expect(media.map((m) => [m.ref, m.alt, m.mime])).toEqual(inline.refs.map((r, i) => [r.ref, i === 0 ? images[0]!.alt : expect.stringMatching(/^Line one\r?\nLine two$/), 'image/png']));
    for (const [i, m] of media.entries()) expect(Buffer.from(attachmentBytes(mail, m.ref, 100)).equals(Buffer.from(images[i]!.bytes))).toBe(true);
    expect(() => attachmentBytes(mail, media[0]!.ref, 3)).toThrow(/over the 3-byte limit/);

    // Without the HTML, the Content-Description header still carries the alt text (on one line).
    const bare = await simpleParser(source, { skipImageLinks: true });
    bare.html = false;
    expect(observedEmailMedia(bare, url).map((m) => m.alt)).toEqual([images[0]!.alt, 'Line one Line two']);
  });

  it('reads IMAP URLs of the canary server only', () => {
    expect(parseMessageUrl(messageUrl('127.0.0.1', 143, 'INBOX', '7', 3), '127.0.0.1', 143)).toEqual({ mailbox: 'INBOX', uidValidity: '7', uid: 3 });
    for (const url of ['imap://127.0.0.1:144/INBOX;UIDVALIDITY=7/;UID=3', 'imap://evil.example:143/INBOX;UIDVALIDITY=7/;UID=3', 'http://127.0.0.1:143/x', null]) {
      expect(() => parseMessageUrl(url, '127.0.0.1', 143)).toThrow(/canary mailbox/);
    }
  });
});
