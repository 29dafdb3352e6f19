import { join } from 'node:path';
import { writeFileAtomic } from '../engine/store/atomic-file';
import sharp from 'sharp';
import { SeededRandom } from '../engine/detector/seeded-random';
import { DEFECT_CLASS, DEFECT_COLOR, syntheticPart, type SyntheticImage } from './synthetic-parts';

export interface StagedManifest {
  bucket: string;
  key: string;
}

export interface SyntheticSetOptions {
  normal: number;
  anomaly: number;
  /** With masks the manifest is a segmentation manifest. */
  masks: boolean;
  prefix: string;
  bucket?: string;
  size?: number;
  firstSeed?: number;
  /** Each part laid at a seeded place of a plate this large, so that it moves from image to image as on a conveyor. */
  canvas?: { width: number; height: number };
}

/**
 * Writes synthetic part images and their Ground Truth manifest into an
 * engine's local S3 area (`<data>/s3/<bucket>/<prefix>/...`), ready for
 * CreateDataset.
 */
export async function stageSyntheticSet(dataDir: string, options: SyntheticSetOptions): Promise<StagedManifest> {
  const bucket = options.bucket ?? 'lookout-demo';
  const put = (key: string, body: Buffer | string) => writeFileAtomic(join(dataDir, 's3', bucket, key), body);
  const date = new Date().toISOString();
  const lines: string[] = [];
  const first = options.firstSeed ?? 0;
  for (let i = 0; i < options.normal + options.anomaly; i++) {
    const kind = i < options.normal ? 'normal' : 'anomaly';
    const part = await syntheticPart(kind, first + i, options.size);
    const image = options.canvas ? await onCanvas(part, options.canvas, options.size ?? 128, first + i) : part;
    const key = `${options.prefix}/${kind}/${kind}-${first + i}.png`;
    put(key, image.png);
    const entry: Record<string, unknown> = {
      'source-ref': `s3://${bucket}/${key}`,
      'anomaly-label': kind === 'anomaly' ? 1 : 0,
      'anomaly-label-metadata': { 'class-name': kind, 'creation-date': date, 'human-annotated': 'yes', 'job-name': 'synthetic', type: 'groundtruth/image-classification' },
    };
    if (options.masks && image.mask) {
      const maskKey = `${options.prefix}/mask/${kind}-${first + i}.png`;
      put(maskKey, image.mask);
      entry['anomaly-mask-ref'] = `s3://${bucket}/${maskKey}`;
      entry['anomaly-mask-ref-metadata'] = {
        'internal-color-map': { '0': { 'class-name': DEFECT_CLASS, 'hex-color': DEFECT_COLOR } },
        'creation-date': date,
        'human-annotated': 'yes',
        'job-name': 'synthetic',
        type: 'groundtruth/semantic-segmentation',
      };
    }
    lines.push(JSON.stringify(entry));
  }
  const key = `${options.prefix}/manifest.jsonl`;
  put(key, lines.join('\n') + '\n');
  return { bucket, key };
}

/** The part (and its mask) at a seeded place of a plate of the part's own tone, lightly grained. */
async function onCanvas(part: SyntheticImage, canvas: { width: number; height: number }, size: number, seed: number): Promise<SyntheticImage> {
  const random = new SeededRandom(seed * 104_729 + 3);
  const left = Math.floor(random.next() * (canvas.width - size));
  const top = Math.floor(random.next() * (canvas.height - size));
  const plate = Buffer.alloc(canvas.width * canvas.height * 3);
  for (let i = 0; i < plate.length; i++) plate[i] = 80 + Math.round(random.gaussian() * 3);
  const png = await sharp(plate, { raw: { ...canvas, channels: 3 } }).composite([{ input: part.png, left, top }]).png().toBuffer();
  if (!part.mask) return { png };
  const black = { create: { ...canvas, channels: 3 as const, background: '#000000' } };
  return { png, mask: await sharp(black).composite([{ input: part.mask, left, top }]).png().toBuffer() };
}
