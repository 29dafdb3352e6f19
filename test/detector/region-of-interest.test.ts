import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { learnPartRegion, partIn, placeCrop } from '../../src/engine/detector/region-of-interest';
import { SeededRandom } from '../../src/engine/detector/seeded-random';
import { bankSizeFor, candidateViews, shiftedViews, viewsOfPart, viewsWithinBudget } from '../../src/engine/detector/trainer';

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
    const { crop } = await learnPartRegion(files, 1000, 667);
    // The union of the parts is x 390-720, y 240-470.
    expect(crop.left).toBeLessThanOrEqual(390);
    expect(crop.top).toBeLessThanOrEqual(240);
    expect(crop.left + crop.width).toBeGreaterThanOrEqual(720);
    expect(crop.top + crop.height).toBeGreaterThanOrEqual(470);
    // ...and not much more: a margin, not the frame.
    expect(crop.width).toBeLessThan(450);
    expect(crop.height).toBeLessThan(340);
    // One photo with glare across the frame does not widen the crop for all.
    expect((await learnPartRegion([...files, await frame('glare', 400, 250, 300, 200, 6, 120)], 1000, 667)).crop).toEqual(crop);
  });

  it('keeps the whole frame when the part fills most of it or nothing stands out', async () => {
    const large = [await frame('large', 20, 20, 960, 620, 4)];
    expect(await learnPartRegion(large, 1000, 667)).toEqual({ crop: { left: 0, top: 0, width: 1000, height: 667 }, follow: null });
    const empty = [await frame('empty', 0, 0, 0, 0, 5)];
    expect(await learnPartRegion(empty, 1000, 667)).toEqual({ crop: { left: 0, top: 0, width: 1000, height: 667 }, follow: null });
  });

  it('gives a crop that follows the part, the largest part with the margin, where the part moves; none where it stays put', async () => {
    const moving = [await frame('m1', 150, 120, 300, 200, 11), await frame('m2', 420, 300, 300, 200, 12), await frame('m3', 300, 200, 280, 190, 13)];
    const { crop, follow } = await learnPartRegion(moving, 1000, 667);
    // The union spans x 150-720, y 120-500; one part is 300x200 at most.
    expect(crop.width).toBeGreaterThanOrEqual(570);
    expect(follow!.within).toEqual(crop);
    expect(follow!.window.width).toBeGreaterThanOrEqual(300);
    expect(follow!.window.height).toBeGreaterThanOrEqual(200);
    expect(follow!.window.width).toBeLessThan(420);
    expect(follow!.window.height).toBeLessThan(300);
    expect(follow!.largestPart.width).toBeGreaterThanOrEqual(295);
    expect(follow!.largestPart.width).toBeLessThan(320);
    const still = [await frame('s1', 400, 250, 300, 200, 14), await frame('s2', 402, 251, 300, 200, 15)];
    expect((await learnPartRegion(still, 1000, 667)).follow).toBeNull();
    // A large part that stays put: its union covers over 80% of the frame (scored whole), and a window would be no smaller than the union.
    const large = [await frame('l1', 150, 80, 700, 500, 16), await frame('l2', 152, 82, 700, 500, 17)];
    expect(await learnPartRegion(large, 1000, 667)).toEqual({ crop: { left: 0, top: 0, width: 1000, height: 667 }, follow: null });
    // A small part that goes nearly everywhere: the whole frame is looked at, and a crop follows the part within where the parts went.
    const roaming = [await frame('r1', 10, 10, 200, 150, 18), await frame('r2', 790, 507, 200, 150, 19), await frame('r3', 10, 507, 200, 150, 20)];
    const everywhere = await learnPartRegion(roaming, 1000, 667);
    expect(everywhere.crop).toEqual({ left: 0, top: 0, width: 1000, height: 667 });
    expect(everywhere.follow!.window.width).toBeLessThan(300);
  });

  it("places the following crop on the part found in each image, inside the frame; the view's own crop where no part, or no part-like box, is found", async () => {
    const moving = [await frame('p1', 150, 120, 300, 200, 21), await frame('p2', 420, 300, 300, 200, 22)];
    const part = await learnPartRegion(moving, 1000, 667);
    const [view] = viewsOfPart(part, { width: 1000, height: 667 });
    expect(view.followPart).toEqual({ within: part.follow!.within, largestPart: part.follow!.largestPart });
    expect(view.crop).toMatchObject(part.follow!.window);
    const frameSize = { width: 1000, height: 667 };
    const find = async (file: string) => partIn(sharp(file), 1000, 667);
    // A part at (300, 220), 300x200: its centre (450, 320), a thumbnail pixel or so off.
    const found = await find(await frame('p3', 300, 220, 300, 200, 23));
    expect(Math.abs(found!.x - 450)).toBeLessThan(8);
    expect(Math.abs(found!.y - 320)).toBeLessThan(8);
    expect(Math.abs(found!.width - 300)).toBeLessThan(14);
    const placed = placeCrop(view, found, frameSize);
    expect(placed.left).toBeLessThanOrEqual(300);
    expect(placed.top).toBeLessThanOrEqual(220);
    expect(placed.left + placed.width).toBeGreaterThanOrEqual(600);
    expect(placed.top + placed.height).toBeGreaterThanOrEqual(420);
    expect([placed.width, placed.height]).toEqual([view.crop.width, view.crop.height]);
    // Nothing stands out: the view's own crop.
    expect(await find(await frame('none', 0, 0, 0, 0, 24))).toBeNull();
    expect(placeCrop(view, null, frameSize)).toEqual(view.crop);
    // Found outside where the training parts were (glare in a corner): the view's own crop.
    expect(placeCrop(view, { x: 990, y: 660, width: 20, height: 14 }, frameSize)).toEqual(view.crop);
    // Glare across the top of the frame joins the part in one box far larger than any part: the view's own crop.
    const glare = await find(await frame('glare', 300, 220, 300, 200, 25, 120));
    expect(glare!.width * glare!.height).toBeGreaterThan(2 * 300 * 200);
    expect(placeCrop(view, glare, frameSize)).toEqual(view.crop);
    // Near the frame's edge: moved inside it, never cut.
    const anywhere = { ...view, followPart: { within: { left: 0, top: 0, ...frameSize } } };
    const edge = placeCrop(anywhere, { x: 995, y: 5, width: 300, height: 200 }, frameSize);
    expect(edge).toEqual({ left: 1000 - view.crop.width, top: 0, width: view.crop.width, height: view.crop.height });
    // Training's shifted copies move the placed crop, the other way at the frame's edge.
    const shifted = shiftedViews(view, frameSize);
    expect(shifted.map((v) => v.followPart!.shift)).toEqual([
      { x: expect.any(Number), y: 0 },
      { x: 0, y: expect.any(Number) },
      { x: expect.any(Number), y: expect.any(Number) },
    ]);
    const right = placeCrop(shifted[0], found, frameSize);
    expect(right).toEqual({ ...placed, left: placed.left + shifted[0].followPart!.shift!.x });
    const atEdge = placeCrop({ ...anywhere, followPart: { ...anywhere.followPart, shift: { x: 5, y: 0 } } }, { x: 995, y: 5, width: 300, height: 200 }, frameSize);
    expect(atEdge.left).toBe(1000 - view.crop.width - 5);
    // A crop as wide as the frame has no copy moved across.
    const fullWidth = { ...view, crop: { ...view.crop, left: 0, width: 1000 } };
    expect(shiftedViews(fullWidth, frameSize).map((v) => v.followPart!.shift)).toEqual([{ x: 0, y: expect.any(Number) }]);
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

  it('score a region of interest alone at the largest size beyond the usual ones that its pixels and the cell cap allow; else as before', () => {
    const frame = { width: 1000, height: 667 };
    const size = (views: ReturnType<typeof candidateViews>) => views.map((v) => [v.inputWidth, v.inputHeight]);
    // 896 px: 1.47x its pixels, 8,064 cells.
    expect(size(candidateViews({ left: 150, top: 130, width: 610, height: 390 }, frame))).toEqual([[896, 576]]);
    // 896 px would be 8,512 cells, over the cap: 768 px.
    expect(size(candidateViews({ left: 150, top: 130, width: 680, height: 460 }, frame))).toEqual([[768, 512]]);
    // 768 px of a square region would be 8,832 cells, over the cap: the usual choice.
    expect(size(candidateViews({ left: 100, top: 20, width: 640, height: 620 }, frame))).toEqual([
      [384, 368],
      [512, 496],
    ]);
    // Too few pixels for 768 px (500 x 1.5 < 768).
    expect(size(candidateViews({ left: 100, top: 100, width: 500, height: 340 }, frame))).toEqual([
      [384, 256],
      [512, 352],
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
