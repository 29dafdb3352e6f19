import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFECT_CLASS, DEFECT_COLOR, syntheticPart } from '../demo/synthetic-parts';
import { ConfigError, integer } from '../util/config-values';

const USAGE = `lookout-gateway demo-images --out DIR [--normal 20] [--anomaly 10] [--seed 1]
Writes pictures of a machined washer, made on the spot: DIR/normal/*.png, DIR/anomaly/*.png
(with a scratch) and DIR/mask/*.png (the scratch in ${DEFECT_COLOR}, class "${DEFECT_CLASS}"),
the layout import-dataset and the README's walk-through read.`;

/** Synthetic images to try training with, when a team has none at hand yet. */
export async function demoImagesCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { out: { type: 'string' }, normal: { type: 'string' }, anomaly: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) return void console.log(USAGE);
  if (!values.out) throw new ConfigError(`--out is required.\n${USAGE}`);
  const out = resolve(values.out);
  const counts = { normal: integer('--normal', values.normal ?? '20', 0, 10_000), anomaly: integer('--anomaly', values.anomaly ?? '10', 0, 10_000) };
  const seed = integer('--seed', values.seed ?? '1', 0, 1_000_000);
  for (const dir of ['normal', 'anomaly', 'mask']) mkdirSync(join(out, dir), { recursive: true });
  for (let i = 0; i < counts.normal; i++) writeFileSync(join(out, 'normal', `washer-${i}.png`), (await syntheticPart('normal', seed * 100_000 + i)).png);
  for (let i = 0; i < counts.anomaly; i++) {
    const part = await syntheticPart('anomaly', seed * 100_000 + 50_000 + i);
    writeFileSync(join(out, 'anomaly', `washer-${i}.png`), part.png);
    writeFileSync(join(out, 'mask', `washer-${i}.png`), part.mask!);
  }
  console.log(`Wrote ${counts.normal} normal and ${counts.anomaly} anomalous washers (with masks) to ${out}`);
}
