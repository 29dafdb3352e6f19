/**
 * The bounded nearest-neighbour search against the full one, side by side on
 * the same patches (npm run bench:search): trains each small-defect set's
 * split 0, then scores every test image's patches both ways under the
 * model's scoring, the other scoring variant and a 0.5-cell smoothing, at
 * one onnxruntime thread. Reports the medians and 95th percentiles of both
 * searches' time, the share of cells that needed an exact distance, and
 * fails if a score differs.
 *
 *   SMALL_DEFECT_SETS=aliens-hr,cookies-hr (default both), LOOKOUT_SAMPLES
 *
 * Sample images: Amazon Web Services, aws-samples/amazon-lookout-for-vision.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BoundedSearch } from '../src/engine/detector/bounded-search';
import { FEATURE_DIM } from '../src/engine/detector/backbone-onnx';
import { toModelInput } from '../src/engine/detector/image-tensor';
import { gridOf, viewOf } from '../src/engine/detector/model-artifact';
import { PatchModel, toMemoryBank } from '../src/engine/detector/patch-model';
import { SCORING_CANDIDATES, scoreImage, type Scoring } from '../src/engine/detector/scoring';
import { trainModel } from '../src/engine/detector/trainer';
import { DEFAULT_SAMPLES, SET_NAMES, ensureSmallDefectSets, type SetName } from './small-defects/generate';

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

async function main(): Promise<void> {
  if (!existsSync(join(DEFAULT_SAMPLES, 'aliens'))) {
    console.error(`Sample data not found at ${DEFAULT_SAMPLES} (set LOOKOUT_SAMPLES).`);
    process.exit(2);
  }
  const sets = (process.env.SMALL_DEFECT_SETS?.split(',').map((s) => s.trim()) ?? [...SET_NAMES]) as SetName[];
  const indexes = await ensureSmallDefectSets({ splits: 1, sets });
  const model = await PatchModel.create(1);
  let differing = 0;
  for (const index of indexes) {
    const trained = await trainModel({ train: index.train.map((i) => ({ file: join(index.dir, i.file), name: i.name, label: i.label })), test: [] }, model);
    const { manifest } = trained.artifact;
    const view = viewOf(manifest);
    const grid = gridOf(view);
    const bank = toMemoryBank(trained.artifact.bank);
    const started = performance.now();
    const bounded = new BoundedSearch(trained.artifact.bank, bank);
    const setupMs = performance.now() - started;
    const scorings: Scoring[] = [manifest.scoring, ...SCORING_CANDIDATES.filter((s) => s.topK !== manifest.scoring.topK), { sigma: 0.5, topK: 1 }];
    const full: number[] = [];
    const fast: number[] = [];
    const exactShare: number[] = [];
    for (const image of index.test) {
      const input = await toModelInput(await readFile(join(index.dir, image.file)), view, { width: manifest.imageWidth, height: manifest.imageHeight });
      const patches = await model.patches(input);
      for (const scoring of scorings) {
        let t = performance.now();
        const expected = await scoreImage(model, patches, bank, grid, scoring, manifest.direction);
        full.push(performance.now() - t);
        t = performance.now();
        const got = await bounded.score(model, patches, grid, scoring, manifest.direction);
        fast.push(performance.now() - t);
        exactShare.push(got.exactCells / (patches.length / FEATURE_DIM));
        if (got.score !== expected.score) {
          differing++;
          console.error(`${image.name} ${JSON.stringify(scoring)}: bounded ${got.score}, full ${expected.score}`);
        }
      }
    }
    console.log(
      `${index.set} split 0, ${view.inputWidth}x${view.inputHeight} (${grid.width * grid.height} cells), bank ${bank.size}, ${full.length} scorings: ` +
        `full search p50 ${quantile(full, 0.5).toFixed(1)} ms p95 ${quantile(full, 0.95).toFixed(1)} ms; ` +
        `bounded p50 ${quantile(fast, 0.5).toFixed(1)} ms p95 ${quantile(fast, 0.95).toFixed(1)} ms (${(quantile(fast, 0.5) / quantile(full, 0.5)).toFixed(2)}x); ` +
        `exact cells p50 ${(100 * quantile(exactShare, 0.5)).toFixed(1)}% p95 ${(100 * quantile(exactShare, 0.95)).toFixed(1)}%; bounds set up in ${setupMs.toFixed(0)} ms`,
    );
  }
  await model.release();
  if (differing > 0) {
    console.error(`${differing} score(s) differ from the full search`);
    process.exit(1);
  }
  console.log('every score equals the full search’s');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
