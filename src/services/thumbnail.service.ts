import sharp, { type Sharp } from 'sharp';
import { ErrorCode } from './error-codes';
import { gatewayError } from './gateway-error';
import type { S3Api } from './s3-api';

/** Pixels decoded at most: Lookout's largest image is 4096 x 4096. */
const MAX_INPUT_PIXELS = 4096 * 4096;

/**
 * Small copies of dataset images and masks, as data URLs, for a console's
 * grid: the object is read through the gateway's S3 client (at most
 * `maxBytes`, the upload limit), scaled down with sharp, and answered as
 * JPEG (images) or PNG (masks, scaled by nearest neighbour so each class
 * keeps its exact colour). Each object is read once per request, whatever sizes are asked of it.
 */
export class ThumbnailService {
  private readonly made = new Map<string, Promise<string>>();
  /** Each object's bytes, read once per request whatever sizes are asked of it. */
  private readonly objects = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly s3: S3Api,
    private readonly maxBytes: number,
  ) {}

  image(sourceRef: string, maxSize: number): Promise<string> {
    return this.once(`image ${maxSize} ${sourceRef}`, async () => {
      const bytes = await this.read(sourceRef, `the image ${sourceRef}`);
      const out = await scaled(sourceRef, () => resize(bytes, maxSize, 'lanczos3').flatten({ background: '#ffffff' }).jpeg({ quality: 80 }).toBuffer());
      return `data:image/jpeg;base64,${out.toString('base64')}`;
    });
  }

  mask(maskRef: string, maxSize: number): Promise<string> {
    return this.once(`mask ${maxSize} ${maskRef}`, async () => {
      const bytes = await this.read(maskRef, `the mask ${maskRef}`);
      const out = await scaled(maskRef, () => resize(bytes, maxSize, 'nearest').png().toBuffer());
      return `data:image/png;base64,${out.toString('base64')}`;
    });
  }

  private read(ref: string, what: string): Promise<Buffer> {
    let bytes = this.objects.get(ref);
    if (!bytes) {
      bytes = Promise.resolve().then(() => this.s3.read(objectOf(ref, what), this.maxBytes));
      this.objects.set(ref, bytes);
    }
    return bytes;
  }

  private once(key: string, make: () => Promise<string>): Promise<string> {
    let made = this.made.get(key);
    if (!made) {
      made = make();
      this.made.set(key, made);
    }
    return made;
  }
}

function resize(bytes: Buffer, maxSize: number, kernel: 'nearest' | 'lanczos3'): Sharp {
  return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).resize(maxSize, maxSize, { fit: 'inside', withoutEnlargement: true, kernel });
}

/** sharp's failures (not an image, too many pixels) as a coded error naming the object, never sharp's own message. */
async function scaled(ref: string, make: () => Promise<Buffer>): Promise<Buffer> {
  try {
    return await make();
  } catch {
    throw gatewayError(ErrorCode.UPSTREAM_ERROR, `What S3 has at ${ref} is not an image the gateway can read.`);
  }
}

/** s3://bucket/key as the S3 object, or UPSTREAM_ERROR for a manifest reference of another shape. */
export function objectOf(ref: string, what: string): { bucket: string; key: string; what: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(ref);
  if (!match) throw gatewayError(ErrorCode.UPSTREAM_ERROR, `The dataset names ${ref}, which is no s3://bucket/key reference.`);
  return { bucket: match[1], key: match[2], what };
}
