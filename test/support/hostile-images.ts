import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { makeImage } from './images';

/* Images built to be refused: bombs, damaged files, and other formats dressed as PNG. */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

/**
 * A decompression bomb: a whole, valid PNG of `side` x `side` one-bit black
 * pixels. About 110 KB for 30000 x 30000, which is 900 million pixels (2.7 GB
 * as RGB) once decoded.
 */
export function pngBomb(side = 30_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth 1, colour type 0 (grey); deflate, no filter, no interlace
  const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * side); // each row: filter byte 0, then zeros
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A small real JPEG whose frame header (SOF) claims `side` x `side` pixels. */
export async function jpegBomb(side = 30_000): Promise<Buffer> {
  const jpeg = Buffer.from(await makeImage('jpeg', 64, 64));
  for (let i = 2; i + 9 < jpeg.length; i++) {
    if (jpeg[i] === 0xff && jpeg[i + 1] >= 0xc0 && jpeg[i + 1] <= 0xc2) {
      jpeg.writeUInt16BE(side, i + 5); // height
      jpeg.writeUInt16BE(side, i + 7); // width
      return jpeg;
    }
  }
  throw new Error('no SOF marker in the JPEG');
}

/** The PNG with one byte of its first IDAT's data flipped: the chunk's CRC no longer matches, and the deflate stream is damaged. */
export function corruptPng(png: Buffer): Buffer {
  const copy = Buffer.from(png);
  const idat = copy.indexOf('IDAT', 8, 'latin1');
  const length = copy.readUInt32BE(idat - 4);
  copy[idat + 4 + Math.floor(length / 2)] ^= 0xff;
  return copy;
}

export const gifImage = (): Promise<Buffer> => sharp({ create: { width: 128, height: 128, channels: 3, background: '#808080' } }).gif().toBuffer();

/** A 2x2 24-bit BMP. */
export function bmpImage(): Buffer {
  const pixels = Buffer.alloc(16, 0x80); // two rows of 2 pixels (6 bytes) padded to 8
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(2, 18);
  header.writeInt32LE(2, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([header, pixels]);
}
