import { randomBytes } from 'node:crypto';
import sharp from 'sharp';

/*
 * Images for the bench, made on the spot with sharp: a washer on a textured
 * plate (position, size and lighting vary by seed; an anomaly has a dark
 * scratch across the ring), the texture's strength chosen to reach a file
 * size where a figure asks for one.
 */

export interface Size {
  width: number;
  height: number;
}

/** A seeded generator (mulberry32), so a set is the same from run to run but for the texture's noise. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PartOptions {
  seed: number;
  anomaly?: boolean;
  /** Gaussian noise of the plate's texture (0-255 scale) and its blur radius. */
  sigma: number;
  blur?: number;
}

/** Raw RGB pixels of a part. */
async function partPixels({ width, height }: Size, options: PartOptions): Promise<Buffer> {
  const r = random(options.seed * 7919 + (options.anomaly ? 1 : 0));
  const side = Math.min(width, height);
  const cx = width / 2 + (r() - 0.5) * side * 0.08;
  const cy = height / 2 + (r() - 0.5) * side * 0.08;
  const outer = side * (0.3 + r() * 0.03);
  const inner = outer * 0.45;
  const light = Math.round(170 + r() * 35);
  const plate = Math.round(70 + r() * 20);
  let scratch = '';
  if (options.anomaly) {
    const angle = r() * Math.PI * 2;
    const radius = (outer + inner) / 2;
    const [x1, y1] = [cx + Math.cos(angle) * radius, cy + Math.sin(angle) * radius];
    const [x2, y2] = [cx + Math.cos(angle + 0.9) * radius, cy + Math.sin(angle + 0.9) * radius];
    scratch = `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="rgb(40,30,30)" stroke-width="${(side / 28).toFixed(1)}" stroke-linecap="round"/>`;
  }
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${outer.toFixed(1)}" fill="rgb(${light},${light},${light - 10})" fill-opacity="0.85"/>` +
      `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${inner.toFixed(1)}" fill="rgb(${plate},${plate},${plate})" fill-opacity="0.85"/>${scratch}</svg>`,
  );
  const raw = { width, height, channels: 3 as const };
  let texture = await sharp({ create: { ...raw, background: { r: plate, g: plate, b: plate }, noise: { type: 'gaussian', mean: plate, sigma: Math.max(0.01, options.sigma) } } })
    .raw()
    .toBuffer();
  if (options.blur) texture = await sharp(texture, { raw }).blur(options.blur).raw().toBuffer();
  return sharp(texture, { raw }).composite([{ input: svg }]).removeAlpha().raw().toBuffer();
}

export async function partImage(size: Size, format: 'png' | 'jpeg', options: PartOptions, quality = 90): Promise<Buffer> {
  const image = sharp(await partPixels(size, options), { raw: { ...size, channels: 3 } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality, chromaSubsampling: quality >= 100 ? '4:4:4' : '4:2:0' }).toBuffer();
}

/**
 * A normal part of `size` whose file is about `targetBytes`, the texture's
 * noise found by bisection (PNG: blurred noise; JPEG: quality 100, raw noise).
 */
export async function partOfFileSize(size: Size, format: 'png' | 'jpeg', targetBytes: number, seed: number): Promise<Buffer> {
  let [low, high] = format === 'png' ? [0.05, 40] : [1, 128];
  let best: Buffer | null = null;
  for (let i = 0; i < 10; i++) {
    const sigma = (low + high) / 2;
    const image = await partImage(size, format, { seed, sigma, blur: format === 'png' ? 4 : undefined }, format === 'png' ? 90 : 100);
    if (!best || Math.abs(image.length - targetBytes) < Math.abs(best.length - targetBytes)) best = image;
    if (Math.abs(image.length - targetBytes) < targetBytes * 0.03) break;
    if (image.length > targetBytes) high = sigma;
    else low = sigma;
  }
  return best!;
}

/** A training set: `normal` then `anomaly` JPEGs of one size. */
export async function trainingSet(size: Size, normal: number, anomaly: number): Promise<{ image: Buffer; anomaly: boolean }[]> {
  const out: { image: Buffer; anomaly: boolean }[] = [];
  for (let i = 0; i < normal + anomaly; i++) {
    const isAnomaly = i >= normal;
    out.push({ image: await partImage(size, 'jpeg', { seed: i, anomaly: isAnomaly, sigma: 8, blur: 1 }), anomaly: isAnomaly });
  }
  return out;
}

/**
 * The largest square PNG of noise (stored, not compressed) that fits in
 * `maxBytes`: an upload as big as the gateway's default MAX_UPLOAD_BYTES allows.
 */
export async function noisePngUnder(maxBytes: number): Promise<{ image: Buffer; size: Size }> {
  let side = Math.floor(Math.sqrt(maxBytes / 3));
  for (;;) {
    const raw = randomBytes(side * side * 3);
    const image = await sharp(raw, { raw: { width: side, height: side, channels: 3 } })
      .png({ compressionLevel: 0, adaptiveFiltering: false })
      .toBuffer();
    if (image.length <= maxBytes) return { image, size: { width: side, height: side } };
    side -= 2;
  }
}
