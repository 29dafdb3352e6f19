import { maskColors } from '../lookout/mask-colors';
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
 * single colour besides black. Named classes must match the masks: a colour
 * the masks use that no class names, or a class whose colour no mask has,
 * would train a model that never finds that class, so either is refused.
 */
export async function maskClasses(options: readonly string[], maskFiles: readonly string[]): Promise<MaskClass[]> {
  const named = options.map((option) => {
    const match = /^([a-zA-Z0-9]+)=(#[0-9a-fA-F]{6})$/.exec(option);
    if (!match) throw new ConfigError(`--class must look like cracked=#23A436, not "${option}".`);
    return { name: match[1], color: match[2].toUpperCase() };
  });
  // The gateway would refuse these too, but only after the project had been created: said here, before any call.
  for (const [i, c] of named.entries()) {
    const twin = named.slice(0, i).find((other) => other.color === c.color || other.name === c.name);
    if (twin) throw new ConfigError(twin.color === c.color ? `--class ${twin.name} and ${c.name} have the same colour ${c.color}: each class needs its own.` : `--class ${c.name} is named twice.`);
  }
  const colors = await colorsOf(maskFiles);
  if (named.length === 0) {
    if (colors.length !== 1) throw new ConfigError(`The masks use ${colors.length} colours besides black (${colors.join(', ')}): name each class with --class NAME=#RRGGBB.`);
    return [{ name: 'anomaly', color: colors[0] }];
  }
  const unnamed = colors.filter((color) => !named.some((c) => c.color === color));
  if (unnamed.length > 0) throw new ConfigError(`The masks use ${unnamed.join(', ')}, which no --class names (the masks' colours: ${colors.join(', ')}).`);
  const absent = named.filter((c) => !colors.includes(c.color));
  if (absent.length > 0) throw new ConfigError(`No mask has the colour of ${absent.map((c) => `${c.name}=${c.color}`).join(', ')} (the masks' colours: ${colors.join(', ')}).`);
  return named;
}

/** The colours the masks paint together, each as src/lookout/mask-colors.ts finds them in a mask. */
async function colorsOf(maskFiles: readonly string[]): Promise<string[]> {
  const colors = new Set<string>();
  for (const file of maskFiles) for (const color of await maskColors(file)) colors.add(color);
  return [...colors];
}
