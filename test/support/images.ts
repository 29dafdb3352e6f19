import sharp from 'sharp';

/** A small real image, made on the fly so unit tests need no sample data. */
export async function makeImage(format: 'png' | 'jpeg', width = 64, height = 64, seed = 0): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 31 + seed * 17) % 251;
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg().toBuffer();
}
