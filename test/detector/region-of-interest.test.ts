import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { learnPartRegion } from '../../src/engine/detector/region-of-interest';
import { SeededRandom } from '../../src/engine/detector/seeded-random';
import { bankSizeFor, candidateViews, shiftedViews, viewsWithinBudget } from '../../src/engine/detector/trainer';

const dir = mkdtempSync(join(tmpdir(), 'roi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 1000x667 photo-like frame: a noisy grey table, and a part at (left, top). */
async function frame(name: string, left: number, top: number, partWidth = 300, partHeight = 200, seed = 1, glareRows = 0): Promise<string> {
  const random = new SeededRandom(seed);
  const width = 1000;
  const height = 667;
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const v = 90 + Math.round(random.gaussian() * 6);
    raw[i * 3] = v;
    raw[i * 3 + 1] = v;
    raw[i * 3 + 2] = v + 4;
  }
  for (let y = top; y < top + partHeight; y++)
    for (let x = left; x < left + partWidth; x++) {
      const o = (y * width + x) * 3;
      raw[o] = 200;
      raw[o + 1] = 160 + ((x >> 3) % 2) * 20;
      raw[o + 2] = 60;
    }
  // Glare: a bright band across the top of the frame, as a lamp or a reflection gives.
  for (let i = 0; i < glareRows * width; i++) raw.fill(235, i * 3, i * 3 + 3);
  const file = join(dir, `${name}.png`);
  writeFileSync(file, await sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer());
  return file;
}

describe('region of interest', () => {
  it('finds the part in the normal images and covers wherever it sits, with a margin', async () => {
    const files = [await frame('a', 400, 250, 300, 200, 1), await frame('b', 420, 270, 300, 200, 2), await frame('c', 390, 240, 300, 200, 3)];
    const crop = await learnPartRegion(files, 1000, 667);
    // The union of the parts is x 390-720, y 240-470.
    expect(crop.left).toBeLessThanOrEqual(390);
    expect(crop.top).toBeLessThanOrEqual(240);
    expect(crop.left + crop.width).toBeGreaterThanOrEqual(720);
    expect(crop.top + crop.height).toBeGreaterThanOrEqual(470);
    // ...and not much more: a margin, not the frame.
    expect(crop.width).toBeLessThan(450);
    expect(crop.height).toBeLessThan(340);
    // One photo with glare across the frame does not widen the crop for all.
    expect(await learnPartRegion([...files, await frame('glare', 400, 250, 300, 200, 6, 120)], 1000, 667)).toEqual(crop);
  });

  it('keeps the whole frame when the part fills most of it or nothing stands out', async () => {
    const large = [await frame('large', 20, 20, 960, 620, 4)];
    expect(await learnPartRegion(large, 1000, 667)).toEqual({ left: 0, top: 0, width: 1000, height: 667 });
    const empty = [await frame('empty', 0, 0, 0, 0, 5)];
    expect(await learnPartRegion(empty, 1000, 667)).toEqual({ left: 0, top: 0, width: 1000, height: 667 });
  });
});

describe('input sizes tried', () => {
  it('keep the aspect ratio in multiples of 16, and never enlarge a crop far beyond its own pixels', () => {
    const views = candidateViews({ left: 10, top: 20, width: 550, height: 380 });
    expect(views.map((v) => [v.inputWidth, v.inputHeight])).toEqual([
      [384, 272],
      [512, 352],
    ]);
    expect(candidateViews({ left: 0, top: 0, width: 330, height: 200 }).map((v) => v.inputWidth)).toEqual([384]);
    expect(candidateViews({ left: 0, top: 0, width: 200, height: 440 }).map((v) => [v.inputWidth, v.inputHeight])).toEqual([
      [176, 384],
      [240, 512],
    ]);
    // A small image is enlarged to 256 px, as the backbone's receptive fields need.
    expect(candidateViews({ left: 0, top: 0, width: 128, height: 128 }).map((v) => [v.inputWidth, v.inputHeight])).toEqual([[256, 256]]);
  });

  it('are chosen by the images\' count and sizes alone, never the clock: both for 40 images of 1000x667, the first only for 200', () => {
    const views = candidateViews({ left: 0, top: 0, width: 1000, height: 667 });
    expect(views.map((v) => v.inputWidth)).toEqual([384, 512]);
    expect(viewsWithinBudget(views, 40)).toEqual(views);
    expect(viewsWithinBudget(views, 200)).toEqual(views.slice(0, 1));
    // Whatever the budget, one size is always trained.
    expect(viewsWithinBudget(views.slice(1), 10_000)).toEqual(views.slice(1));
  });

  it('score a region of interest alone at a size beyond the usual ones when its pixels and the cell cap allow; else as before', () => {
    const frame = { width: 1000, height: 667 };
    const size = (views: ReturnType<typeof candidateViews>) => views.map((v) => [v.inputWidth, v.inputHeight]);
    expect(size(candidateViews({ left: 150, top: 130, width: 680, height: 460 }, frame))).toEqual([[768, 512]]);
    // 768 px of a square region would be 8,832 cells, over the cap: the usual choice.
    expect(size(candidateViews({ left: 100, top: 20, width: 640, height: 620 }, frame))).toEqual([
      [384, 368],
      [512, 496],
    ]);
    // Too few pixels for 768 px (600 x 1.2 < 768).
    expect(size(candidateViews({ left: 100, top: 100, width: 600, height: 400 }, frame))).toEqual([
      [384, 256],
      [512, 336],
    ]);
    expect(size(candidateViews({ left: 0, top: 0, ...frame }, frame))).toEqual([
      [384, 256],
      [512, 336],
    ]);
  });

  it('keep a bank of 4,096 patches up to 4,096 cells, halved for larger inputs so that the nearest-neighbour search stays within its budget', () => {
    const cells = (width: number, height: number) => (width * height) / 64;
    expect(bankSizeFor(cells(512, 512))).toBe(4096);
    expect(bankSizeFor(cells(384, 512))).toBe(4096);
    expect(bankSizeFor(cells(768, 512))).toBe(2048);
    expect(bankSizeFor(cells(768, 544))).toBe(2048);
    expect(bankSizeFor(cells(896, 640))).toBe(1024);
    expect(bankSizeFor(10_000_000)).toBe(256);
  });

  it("count the normal images' shifted copies: a crop inside the frame has three, a crop that is the whole image none", () => {
    const frame = { width: 1000, height: 667 };
    const inside = candidateViews({ left: 150, top: 130, width: 680, height: 460 });
    // 40 images, 20 normal: both sizes, copies counted; 60 images, 40 normal: the copies tip the second size over.
    expect(viewsWithinBudget(inside, 40, 20, frame)).toEqual(inside);
    expect(viewsWithinBudget(inside, 60, 40)).toEqual(inside);
    expect(viewsWithinBudget(inside, 60, 40, frame)).toEqual(inside.slice(0, 1));
    const whole = candidateViews({ left: 0, top: 0, ...frame });
    expect(whole.map((v) => shiftedViews(v, frame))).toEqual([[], []]);
    expect(viewsWithinBudget(whole, 60, 40, frame)).toEqual(viewsWithinBudget(whole, 60));
  });
});

describe('shifted copies of a crop', () => {
  it('move it half a feature cell right, down and both, the other way at the image’s edge', () => {
    // 680 px of crop to 512 input pixels: 4 input pixels are 5 image pixels.
    const view = { crop: { left: 150, top: 130, width: 680, height: 460 }, inputWidth: 512, inputHeight: 352 };
    const frame = { width: 1000, height: 667 };
    expect(shiftedViews(view, frame).map((v) => [v.crop.left, v.crop.top])).toEqual([
      [155, 130],
      [150, 135],
      [155, 135],
    ]);
    // Flush with the right and bottom edges: moved left and up instead; the size never changes.
    const edge = { ...view, crop: { left: 320, top: 207, width: 680, height: 460 } };
    const moved = shiftedViews(edge, frame);
    expect(moved.map((v) => [v.crop.left, v.crop.top])).toEqual([
      [315, 207],
      [320, 202],
      [315, 202],
    ]);
    expect(moved.every((v) => v.crop.width === 680 && v.crop.height === 460 && v.inputWidth === 512)).toBe(true);
    // Only across: no room down or up, so only the move right.
    const tall = { ...view, crop: { left: 150, top: 0, width: 680, height: 667 } };
    expect(shiftedViews(tall, frame).map((v) => [v.crop.left, v.crop.top])).toEqual([[155, 0]]);
  });
});
