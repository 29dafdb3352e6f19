/** A usage or configuration mistake: printed without a stack, exit code 2. */
export class ConfigError extends Error {}

/** An integer setting within [min, max], or a ConfigError naming the setting. */
export function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, not "${raw}".`);
  return value;
}
