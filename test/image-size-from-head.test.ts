import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageSizeFromHead } from '../src/lookout/inspect-image';
import { withMetadataSegments } from './support/images';

const HEAD = 256 * 1024;

/** Noise does not compress: an image of several megabytes. */
const noise = (width: number, height: number) => sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });


describe("an image's size from its first bytes", () => {
  it('reads it from the head of a PNG and of a progressive JPEG of megabytes, without the rest', async () => {
    const png = await noise(1200, 900).png({ compressionLevel: 0 }).toBuffer();
    const jpeg = await noise(1600, 1200).jpeg({ quality: 100, progressive: true }).toBuffer();
    expect(png.length).toBeGreaterThan(HEAD * 4);
    expect(jpeg.length).toBeGreaterThan(HEAD * 4);
    expect(await imageSizeFromHead(png.subarray(0, HEAD))).toEqual({ width: 1200, height: 900 });
    expect(await imageSizeFromHead(jpeg.subarray(0, HEAD))).toEqual({ width: 1600, height: 1200 });
  });

  it("reads a PNG's from its first chunk, whatever text or colour profile follows before the pixels", async () => {
    const png = await noise(640, 480).png().toBuffer();
    const text = Buffer.alloc(12 + 400_000, 0x41);
    text.writeUInt32BE(400_000, 0);
    text.write('tEXt', 4, 'latin1');
    const long = Buffer.concat([png.subarray(0, 33), text, png.subarray(33)]);
    expect(await imageSizeFromHead(long.subarray(0, HEAD))).toEqual({ width: 640, height: 480 });
  });

  it('answers null when the head stops before the header ends, or holds no PNG or JPEG', async () => {
    const jpeg = await noise(64, 48).jpeg().toBuffer();
    expect(await imageSizeFromHead(withMetadataSegments(jpeg, 5).subarray(0, HEAD))).toBeNull();
    expect(await imageSizeFromHead(withMetadataSegments(jpeg, 5))).toEqual({ width: 64, height: 48 });
    const png = await noise(64, 48).png().toBuffer();
    expect(await imageSizeFromHead(png.subarray(0, 20))).toBeNull();
    expect(await imageSizeFromHead(jpeg.subarray(0, 30))).toBeNull();
    expect(await imageSizeFromHead(Buffer.alloc(0))).toBeNull();
    expect(await imageSizeFromHead(Buffer.from('GIF89a not an image'))).toBeNull();
  });
});
