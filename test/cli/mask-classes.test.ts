import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskClasses } from '../../src/cli/mask-classes';
import { maskColors } from '../../src/lookout/mask-colors';

// The classes an import gives a folder's masks: named ones must be the masks' own colours.
const dir = mkdtempSync(join(tmpdir(), 'mask-classes-'));
let red: string;
let redAndGreen: string;

/** A black 64x64 mask with a square of each colour. */
async function mask(name: string, colors: string[]): Promise<string> {
  const file = join(dir, name);
  const squares = colors.map((color, i) => ({ input: { create: { width: 16, height: 16, channels: 3 as const, background: color } }, left: 8 + i * 24, top: 8 }));
  await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000000' } }).composite(squares).png().toFile(file);
  return file;
}

beforeAll(async () => {
  red = await mask('red.png', ['#E31A1C']);
  redAndGreen = await mask('red-green.png', ['#E31A1C', '#23A436']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mask classes', () => {
  it('names the one colour "anomaly" when no class is given, and takes named classes that match the masks', async () => {
    expect(await maskClasses([], [red])).toEqual([{ name: 'anomaly', color: '#E31A1C' }]);
    expect(await maskClasses(['scratch=#e31a1c', 'crack=#23A436'], [red, redAndGreen])).toEqual([
      { name: 'scratch', color: '#E31A1C' },
      { name: 'crack', color: '#23A436' },
    ]);
  });

  it('refuses a colour of the masks that no class names, and a class whose colour no mask has', async () => {
    await expect(maskClasses([], [redAndGreen])).rejects.toThrow(/2 colours besides black \(#E31A1C, #23A436\)/);
    await expect(maskClasses(['scratch=#FF0000'], [red])).rejects.toThrow(/The masks use #E31A1C, which no --class names/);
    await expect(maskClasses(['scratch=#E31A1C'], [redAndGreen])).rejects.toThrow(/#23A436, which no --class names/);
    await expect(maskClasses(['scratch=#E31A1C', 'dent=#0000FF'], [red])).rejects.toThrow(/No mask has the colour of dent=#0000FF/);
  });
});

describe('mask colours', () => {
  it('leave out the blended shades of anti-aliased edges, keep a declared colour that is a shade of another, and read grey masks', async () => {
    // A small 10x10 defect with a ring of 36 edge pixels in a darker shade of its colour (more than 1% of what is painted).
    const file = join(dir, 'edge.png');
    const raw = Buffer.alloc(64 * 64 * 3);
    const paint = (x: number, y: number, rgb: [number, number, number]) => raw.set(rgb, (y * 64 + x) * 3);
    for (let y = 20; y < 32; y++) for (let x = 20; x < 32; x++) paint(x, y, y === 20 || y === 31 || x === 20 || x === 31 ? [0x71, 0x0d, 0x0e] : [0xe3, 0x1a, 0x1c]);
    await sharp(raw, { raw: { width: 64, height: 64, channels: 3 } }).png().toFile(file);
    expect(await maskColors(file)).toEqual(['#E31A1C']);
    expect(await maskColors(file, ['#E31A1C'])).toEqual(['#E31A1C']);
    // Declared, the darker colour is a class of its own.
    expect(await maskColors(file, ['#E31A1C', '#710D0E'])).toEqual(['#E31A1C', '#710D0E']);
    // A grey mask (one channel, and alpha).
    const grey = join(dir, 'grey.png');
    await sharp({ create: { width: 32, height: 32, channels: 3, background: '#000000' } })
      .composite([{ input: { create: { width: 8, height: 8, channels: 3, background: '#FFFFFF' } }, left: 4, top: 4 }])
      .toColourspace('b-w')
      .png()
      .toFile(grey);
    expect((await sharp(grey).metadata()).channels).toBeLessThanOrEqual(2); // grey, perhaps with alpha
    expect(await maskColors(grey)).toEqual(['#FFFFFF']);
  });
});
