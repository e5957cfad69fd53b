// The demo servers' multipart reader keeps a file part's bytes exactly (FormData would decode a
// part without a filename as UTF-8 text) and refuses what is not multipart.
import { describe, expect, it } from 'vitest';
import { parseMultipart } from './multipart';

const boundary = '----b0undary';
const body = (parts: Buffer[]): Buffer => Buffer.concat([...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\n`), p, Buffer.from('\r\n')]), Buffer.from(`--${boundary}--\r\n`)]);

describe('parseMultipart', () => {
  it('returns fields and binary parts byte for byte', () => {
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0xfe]);
    const parts = parseMultipart(`multipart/form-data; boundary=${boundary}`, body([
      Buffer.from('Content-Disposition: form-data; name="segment_index"\r\n\r\n0'),
      Buffer.concat([Buffer.from('Content-Disposition: form-data; name="media"\r\nContent-Type: application/octet-stream\r\n\r\n'), binary]),
      Buffer.concat([Buffer.from('Content-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n'), binary]),
    ]));
    expect(parts?.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['segment_index', null, null],
      ['media', null, 'application/octet-stream'],
      ['file', 'a.png', 'image/png'],
    ]);
    expect(parts?.[1]?.bytes.equals(binary)).toBe(true);
    expect(parts?.[2]?.bytes.equals(binary)).toBe(true);
  });

  it('refuses another content type, a missing boundary and a truncated body', () => {
    expect(parseMultipart('application/json', Buffer.from('{}'))).toBeNull();
    expect(parseMultipart('multipart/form-data', Buffer.from('x'))).toBeNull();
    const whole = body([Buffer.from('Content-Disposition: form-data; name="a"\r\n\r\n1')]);
    expect(parseMultipart(`multipart/form-data; boundary=${boundary}`, whole.subarray(0, whole.length - 20))).toBeNull();
  });
});
