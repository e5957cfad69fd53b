// Renders assets/icon.svg into the installer icons (PNG set for Linux, icon.ico for Windows,
// icon.icns for macOS) with no native dependencies: the icon is rounded rectangles, drawn here
// with signed-distance anti-aliasing and encoded with node:zlib. Run: npm run icons.
// Anything in the SVG other than <rect> is refused, so a richer icon cannot be drawn wrongly.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync, inflateSync } from 'node:zlib';

interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

interface Shape {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly radius: number;
  readonly fill: Rgb | null;
  readonly stroke: Rgb | null;
  readonly strokeWidth: number;
}

export interface IconSource {
  readonly viewBox: number;
  readonly shapes: readonly Shape[];
}

export interface Raster {
  readonly size: number;
  /** RGBA, straight alpha, row by row. */
  readonly pixels: Uint8Array;
}

function color(value: string | undefined, fallback: Rgb | null): Rgb | null {
  if (value === undefined) return fallback;
  if (value === 'none') return null;
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value);
  if (!m) throw new Error(`make-icons understands #rrggbb colours only, got ${value}`);
  return { r: parseInt(m[1] ?? '0', 16), g: parseInt(m[2] ?? '0', 16), b: parseInt(m[3] ?? '0', 16) };
}

/** The rectangles of a square, rect-only SVG. */
export function parseIconSvg(svg: string): IconSource {
  const viewBox = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg);
  if (!viewBox || viewBox[1] !== viewBox[2]) throw new Error('the icon SVG needs a square viewBox="0 0 N N"');
  const shapes: Shape[] = [];
  for (const tag of svg.matchAll(/<(\/?)([a-zA-Z]+)([^>]*)>/g)) {
    const [, closing, name, body] = tag;
    if (closing || name === 'svg' || name === 'title') continue;
    if (name !== 'rect') throw new Error(`make-icons draws <rect> only; the SVG has <${name}>`);
    const attr = (key: string): string | undefined => new RegExp(`\\s${key}="([^"]*)"`).exec(body ?? '')?.[1];
    const num = (key: string, fallback: number): number => Number(attr(key) ?? fallback);
    shapes.push({
      x: num('x', 0),
      y: num('y', 0),
      width: num('width', 0),
      height: num('height', 0),
      radius: num('rx', 0),
      fill: color(attr('fill'), { r: 0, g: 0, b: 0 }),
      stroke: color(attr('stroke'), null),
      strokeWidth: num('stroke-width', 1),
    });
  }
  return { viewBox: Number(viewBox[1]), shapes };
}

/** Signed distance (SVG units) from a point to a rounded rectangle's outline; negative inside. */
function roundedRectDistance(s: Shape, px: number, py: number): number {
  const hx = s.width / 2;
  const hy = s.height / 2;
  const r = Math.min(s.radius, hx, hy);
  const qx = Math.abs(px - (s.x + hx)) - (hx - r);
  const qy = Math.abs(py - (s.y + hy)) - (hy - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Draws the shapes in order (fill, then stroke), one pixel of anti-aliasing at any size. */
export function render(source: IconSource, size: number): Raster {
  const premultiplied = new Float64Array(size * size * 4);
  const unitsPerPixel = source.viewBox / size;
  const paint = (i: number, c: Rgb, coverage: number): void => {
    if (coverage <= 0) return;
    const keep = 1 - coverage;
    premultiplied[i] = (c.r / 255) * coverage + (premultiplied[i] ?? 0) * keep;
    premultiplied[i + 1] = (c.g / 255) * coverage + (premultiplied[i + 1] ?? 0) * keep;
    premultiplied[i + 2] = (c.b / 255) * coverage + (premultiplied[i + 2] ?? 0) * keep;
    premultiplied[i + 3] = coverage + (premultiplied[i + 3] ?? 0) * keep;
  };
  for (const shape of source.shapes) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d = roundedRectDistance(shape, (x + 0.5) * unitsPerPixel, (y + 0.5) * unitsPerPixel) / unitsPerPixel;
        const i = (y * size + x) * 4;
        if (shape.fill) paint(i, shape.fill, clamp01(0.5 - d));
        if (shape.stroke) paint(i, shape.stroke, clamp01(0.5 - (Math.abs(d) - shape.strokeWidth / unitsPerPixel / 2)));
      }
    }
  }
  const pixels = new Uint8Array(size * size * 4);
  for (let i = 0; i < pixels.length; i += 4) {
    const a = premultiplied[i + 3] ?? 0;
    pixels[i + 3] = Math.round(a * 255);
    for (let k = 0; k < 3; k++) pixels[i + k] = a > 0 ? Math.round(((premultiplied[i + k] ?? 0) / a) * 255) : 0;
  }
  return { size, pixels };
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(raster: Raster): Buffer {
  const { size, pixels } = raster;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', new Uint8Array())]);
}

/** Decodes a PNG written by encodePng (RGBA, filter 0), for the tests that check the icons. */
export function decodePng(png: Buffer): Raster {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let size = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') size = data.readUInt32BE(0);
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    if (rows[y * (size * 4 + 1)] !== 0) throw new Error('decodePng reads unfiltered rows only');
    pixels.set(rows.subarray(y * (size * 4 + 1) + 1, (y + 1) * (size * 4 + 1)), y * size * 4);
  }
  return { size, pixels };
}

/** A 32-bit BMP icon image (BGRA, bottom-up, empty AND mask): what every Windows version reads. */
function bmpIconImage(raster: Raster): Buffer {
  const { size, pixels } = raster;
  const maskRow = Math.ceil(size / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour and mask stacked
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  const body = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = ((size - 1 - y) * size + x) * 4;
      const to = (y * size + x) * 4;
      body[to] = pixels[from + 2] ?? 0;
      body[to + 1] = pixels[from + 1] ?? 0;
      body[to + 2] = pixels[from] ?? 0;
      body[to + 3] = pixels[from + 3] ?? 0;
    }
  }
  return Buffer.concat([header, body, Buffer.alloc(maskRow * size)]);
}

export const icoSizes = [16, 24, 32, 48, 64, 128, 256] as const;

/** Windows .ico: BMP images up to 128 px, PNG at 256 px (as Windows itself ships them). */
export function encodeIco(rasters: readonly Raster[]): Buffer {
  const images = rasters.map((r) => (r.size >= 256 ? encodePng(r) : bmpIconImage(r)));
  const header = Buffer.alloc(6 + 16 * rasters.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(rasters.length, 4);
  let offset = header.length;
  rasters.forEach((r, i) => {
    const e = 6 + 16 * i;
    header[e] = r.size >= 256 ? 0 : r.size;
    header[e + 1] = r.size >= 256 ? 0 : r.size;
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(images[i]?.length ?? 0, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += images[i]?.length ?? 0;
  });
  return Buffer.concat([header, ...images]);
}

/** macOS .icns entry types (PNG payloads) and the pixel size each holds. */
export const icnsTypes: readonly (readonly [string, number])[] = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

export function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const entries = icnsTypes.map(([type, size]) => {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`no ${size} px PNG for icns entry ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + entries.reduce((n, e) => n + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

export const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/** Every icon file, by path relative to the repository root. */
export function iconFiles(svg: string): Map<string, Buffer> {
  const source = parseIconSvg(svg);
  const sizes = [...new Set<number>([...linuxSizes, ...icoSizes])];
  const rasters = new Map(sizes.map((s) => [s, render(source, s)]));
  const pngs = new Map(sizes.map((s) => [s, encodePng(rasters.get(s) as Raster)]));
  const files = new Map<string, Buffer>();
  files.set('assets/icon.png', pngs.get(1024) as Buffer);
  for (const s of linuxSizes) files.set(`assets/icons/${s}x${s}.png`, pngs.get(s) as Buffer);
  files.set('assets/icon.ico', encodeIco(icoSizes.map((s) => rasters.get(s) as Raster)));
  files.set('assets/icon.icns', encodeIcns(pngs));
  return files;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const root = join(import.meta.dirname, '..');
  const files = iconFiles(readFileSync(join(root, 'assets', 'icon.svg'), 'utf8'));
  mkdirSync(join(root, 'assets', 'icons'), { recursive: true });
  for (const [path, data] of files) writeFileSync(join(root, path), data);
  console.log(`wrote ${files.size} icon files from assets/icon.svg`);
}
