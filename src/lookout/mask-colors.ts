import sharp from 'sharp';

/** A colour on fewer of a mask's painted pixels than this share, or this count, is an edge, not a class. */
const EDGE_SHARE = 0.01;
const EDGE_PIXELS = 16;
/** How far (per channel, 0-255) a blended edge pixel may be from a class colour scaled towards black. */
const BLEND_TOLERANCE = 6;

/**
 * The colours a segmentation mask paints (#RRGGBB, upper case), black being
 * the background. Anti-aliased edges leave pixels of a class colour blended
 * with the background: few of them (under 1% of the painted pixels, or 16),
 * or a colour that is a darker shade of another, more painted colour (or of
 * one of `declared`), and those are left out; a declared colour never is. Shared by the gateway's uploads
 * and the CLI's imports, which both hold masks to the classes declared for
 * them.
 */
export async function maskColors(mask: Buffer | string, declared: readonly string[] = []): Promise<string[]> {
  const { data, info } = await sharp(mask).removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const counts = new Map<number, number>();
  let painted = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    if (rgb === 0) continue;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
    painted++;
  }
  const frequent = [...counts].filter(([, n]) => n >= Math.max(EDGE_PIXELS, painted * EDGE_SHARE)).sort((a, b) => b[1] - a[1]);
  const classes = [...declared.map(fromHex), ...frequent.map(([rgb]) => rgb)];
  const isDeclared = new Set(declared.map(fromHex));
  const isEdge = (rgb: number, index: number) =>
    !isDeclared.has(rgb) && classes.some((other, j) => j !== declared.length + index && isShadeOf(rgb, other) && (j < declared.length || counts.get(other)! > counts.get(rgb)!));
  return frequent.filter(([rgb], index) => !isEdge(rgb, index)).map(([rgb]) => toHex(rgb));
}

/** Whether `colour` is `of` blended with black: t x `of` for some 0 < t < 1, per channel within BLEND_TOLERANCE. */
function isShadeOf(colour: number, of: number): boolean {
  const c = channels(colour);
  const o = channels(of);
  const brightest = o.indexOf(Math.max(...o));
  if (o[brightest] === 0 || c[brightest] >= o[brightest]) return false;
  const t = c[brightest] / o[brightest];
  return c.every((v, i) => Math.abs(v - t * o[i]) <= BLEND_TOLERANCE);
}

function channels(rgb: number): [number, number, number] {
  return [(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255];
}

function fromHex(hex: string): number {
  return parseInt(hex.slice(1), 16);
}

function toHex(rgb: number): string {
  return `#${rgb.toString(16).padStart(6, '0').toUpperCase()}`;
}
