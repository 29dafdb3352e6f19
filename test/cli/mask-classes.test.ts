import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskClasses } from '../../src/cli/mask-classes';

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
