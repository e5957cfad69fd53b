// Real images for the media tests, made with sharp: distinct pixels per call, so two images of a
// statement never hash alike, and the OutboundImage the core would hand an adapter.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import type { ImageMime, ObservedMedia, OutboundImage } from '../../electron/channels/types';

let seed = 0;

export async function makeImage(mime: 'image/png' | 'image/jpeg', width = 64, height = 48): Promise<Uint8Array> {
  seed += 1;
  const colour = { r: (seed * 53) % 256, g: (seed * 97) % 256, b: (seed * 193) % 256 };
  const base = sharp({ create: { width, height, channels: 3, background: colour } });
  const out = mime === 'image/png' ? base.png() : base.jpeg({ quality: 90 });
  return new Uint8Array(await out.toBuffer());
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function outbound(bytes: Uint8Array, mime: ImageMime, alt: string, width = 64, height = 48): OutboundImage {
  return { sha256: sha256(bytes), mime, bytes, width, height, alt };
}

/**
 * A PNG and a JPEG with their alt texts: what a statement with two images hands the adapter. The
 * alt texts carry what breaks careless encoding: quotes, an ampersand, angle brackets, non-ASCII, an emoji.
 */
export async function twoImages(): Promise<[OutboundImage, OutboundImage]> {
  return [
    outbound(await makeImage('image/png'), 'image/png', 'The signed letter from the commissioner, page one — “signée” & <stamped>'),
    outbound(await makeImage('image/jpeg'), 'image/jpeg', "A photo of the missing person, wearing a red coat 🧥 (it's her)"),
  ];
}

export interface HostileImageServer {
  /** Redirects to `elsewhere` (another host: 127.0.0.2 is not 127.0.0.1). */
  readonly redirectUrl: string;
  /** Announces a 10 GB body. */
  readonly hugeUrl: string;
  /** Sends 2 MB with no Content-Length. */
  readonly streamUrl: string;
  readonly host: string;
  readonly hits: () => number;
  close(): Promise<void>;
}

export async function startHostileImageServer(): Promise<HostileImageServer> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits += 1;
    if (req.url === '/redirect') res.writeHead(302, { location: 'http://127.0.0.2:9/evil.png' }).end();
    else if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(10 * 1024 ** 3) });
      res.write(Buffer.alloc(1024));
    } else {
      res.writeHead(200, { 'content-type': 'image/png' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      for (let i = 0; i < 32; i++) res.write(chunk);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    redirectUrl: `${origin}/redirect`,
    hugeUrl: `${origin}/huge`,
    streamUrl: `${origin}/stream`,
    host: new URL(origin).host,
    hits: () => hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** An observed image pointing at `url`, as a hostile channel might list it. */
export function mediaAt(url: string): ObservedMedia {
  return { ref: 'hostile', mime: 'image/png', alt: null, url };
}
