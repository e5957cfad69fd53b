// What an image's EXIF block says about the person who took it, in words for the screen ("GPS
// location", "camera make/model"), so the composer can tell the press officer what cleaning
// removed. A minimal TIFF walk over IFD0 and the Exif sub-IFD: only tag numbers are read, never
// values, and any malformed offset simply ends the walk (the block is removed either way).

const tags = {
  make: 0x010f,
  model: 0x0110,
  software: 0x0131,
  dateTime: 0x0132,
  artist: 0x013b,
  copyright: 0x8298,
  exifPointer: 0x8769,
  gpsPointer: 0x8825,
  dateTimeOriginal: 0x9003,
  userComment: 0x9286,
  serialNumber: 0xa431,
  lensModel: 0xa434,
  ownerName: 0xa430,
} as const;

interface IfdEntry {
  readonly tag: number;
  readonly value: number;
}

function readIfd(view: DataView, offset: number, little: boolean): IfdEntry[] {
  if (offset < 8 || offset + 2 > view.byteLength) return [];
  const count = view.getUint16(offset, little);
  const entries: IfdEntry[] = [];
  for (let i = 0; i < count && i < 512; i += 1) {
    const at = offset + 2 + i * 12;
    if (at + 12 > view.byteLength) break;
    entries.push({ tag: view.getUint16(at, little), value: view.getUint32(at + 8, little) });
  }
  return entries;
}

/** Words for what the EXIF block holds; `exif` is as sharp's metadata() returns it ("Exif\0\0" + TIFF). */
export function summariseExif(exif: Uint8Array): string[] {
  const start = exif.length >= 6 && String.fromCharCode(...exif.subarray(0, 4)) === 'Exif' ? 6 : 0;
  const tiff = exif.subarray(start);
  if (tiff.length < 8) return ['EXIF metadata'];
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = view.getUint16(0, false);
  if (order !== 0x4949 && order !== 0x4d4d) return ['EXIF metadata'];
  const little = order === 0x4949;
  const ifd0 = readIfd(view, view.getUint32(4, little), little);
  const exifPointer = ifd0.find((e) => e.tag === tags.exifPointer);
  const all = [...ifd0, ...(exifPointer ? readIfd(view, exifPointer.value, little) : [])];
  const has = (...wanted: number[]): boolean => all.some((e) => wanted.includes(e.tag));
  const found: string[] = [];
  if (has(tags.gpsPointer)) found.push('GPS location');
  if (has(tags.make, tags.model, tags.lensModel)) found.push('camera make/model');
  if (has(tags.serialNumber)) found.push('camera serial number');
  if (has(tags.dateTime, tags.dateTimeOriginal)) found.push('date and time taken');
  if (has(tags.artist, tags.ownerName, tags.copyright)) found.push("author's name");
  if (has(tags.software)) found.push('editing software');
  if (has(tags.userComment)) found.push('comments');
  return found.length > 0 ? found : ['EXIF metadata'];
}
