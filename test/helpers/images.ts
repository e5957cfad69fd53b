// Real images for tests, made by sharp: plain ones, a photo with GPS EXIF, and the hostile ones
// (an SVG with a script, a PNG whose header claims 50000x50000, a PNG renamed .jpg, a truncated JPEG).
import sharp from 'sharp';

export async function pngImage(width = 64, height = 48, colour = '#c33'): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer());
}

export async function jpegImage(width = 64, height = 48, colour = '#36c'): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: colour } }).jpeg().toBuffer());
}

export async function webpImage(width = 64, height = 48): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 4, background: '#3c6a' } }).webp().toBuffer());
}

/** A JPEG as a phone writes it: camera make and model, the time, and where it was taken. */
export async function jpegWithGps(): Promise<Uint8Array> {
  const out = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#484' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Canon', Model: 'EOS 5D', DateTime: '2026:07:19 10:30:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 2607/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 3960/100' },
    })
    .toBuffer();
  return new Uint8Array(out);
}

export const svgWithScript = new TextEncoder().encode(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>fetch("https://evil.example/")</script><rect width="10" height="10"/></svg>',
);

/** A valid small PNG whose IHDR claims 50000x50000 pixels (2.5 gigapixels to decode). */
export async function pngBomb(): Promise<Uint8Array> {
  const bytes = Buffer.from(await pngImage(10, 10));
  bytes.writeUInt32BE(50_000, 16);
  bytes.writeUInt32BE(50_000, 20);
  return new Uint8Array(bytes);
}

export async function truncatedJpeg(): Promise<Uint8Array> {
  const whole = await jpegImage(256, 256);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
