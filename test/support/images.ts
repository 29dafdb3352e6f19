import sharp from 'sharp';

/** A small real image, made on the fly so unit tests need no sample data. */
export async function makeImage(format: 'png' | 'jpeg', width = 64, height = 64, seed = 0): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 31 + seed * 17) % 251;
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg().toBuffer();
}

/** The JPEG with `count` APP15 segments of 60,000 bytes after its start marker (decoders skip them): a header of `count` x 60 KB. */
export function withMetadataSegments(jpeg: Buffer, count: number): Buffer {
  const segment = Buffer.alloc(4 + 60_000, 0x20);
  segment.writeUInt16BE(0xffef, 0); // APP15
  segment.writeUInt16BE(60_002, 2); // the length counts itself
  return Buffer.concat([jpeg.subarray(0, 2), ...Array.from({ length: count }, () => segment), jpeg.subarray(2)]);
}
