import sharp from 'sharp';
import { ConfigError } from '../util/config-values';

/** One anomaly class of segmentation masks: the colour its pixels have. */
export interface MaskClass {
  name: string;
  /** #RRGGBB, upper case. */
  color: string;
}

/**
 * The classes of a folder's masks: those named by `--class NAME=#RRGGBB`
 * options, or, with none named, one class "anomaly" when the masks use a
 * single colour besides black.
 */
export async function maskClasses(options: readonly string[], maskFiles: readonly string[]): Promise<MaskClass[]> {
  const named = options.map((option) => {
    const match = /^([a-zA-Z0-9]+)=(#[0-9a-fA-F]{6})$/.exec(option);
    if (!match) throw new ConfigError(`--class must look like cracked=#23A436, not "${option}".`);
    return { name: match[1], color: match[2].toUpperCase() };
  });
  if (named.length > 0) return named;
  const counts = new Map<string, number>();
  let painted = 0;
  for (const file of maskFiles) {
    const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i += info.channels) {
      if (!data[i] && !data[i + 1] && !data[i + 2]) continue;
      const color = `#${data.subarray(i, i + 3).toString('hex').toUpperCase()}`;
      counts.set(color, (counts.get(color) ?? 0) + 1);
      painted++;
    }
  }
  // Colours on under 1% of the painted pixels are anti-aliased edges, not classes.
  const colors = [...counts].filter(([, n]) => n >= painted * 0.01).map(([c]) => c);
  if (colors.length !== 1) throw new ConfigError(`The masks use ${colors.length} colours besides black: name each class with --class NAME=#RRGGBB.`);
  return [{ name: 'anomaly', color: colors[0] }];
}
