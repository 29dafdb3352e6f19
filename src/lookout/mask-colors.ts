import sharp from 'sharp';

/** A colour on fewer of a mask's painted pixels than this share is an anti-aliased edge, not a class. */
const EDGE_SHARE = 0.01;

/**
 * The colours a segmentation mask paints (#RRGGBB, upper case), black being
 * the background, leaving out the few pixels of blended colours that
 * anti-aliased edges leave. Shared by the gateway's uploads and the CLI's
 * imports, which both hold masks to the classes declared for them.
 */
export async function maskColors(mask: Buffer | string): Promise<string[]> {
  const { data, info } = await sharp(mask).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const counts = new Map<number, number>();
  let painted = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    if (rgb === 0) continue;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
    painted++;
  }
  return [...counts]
    .filter(([, n]) => n >= painted * EDGE_SHARE)
    .map(([rgb]) => `#${rgb.toString(16).padStart(6, '0').toUpperCase()}`);
}
