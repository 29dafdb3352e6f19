import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_DIM } from '../../src/engine/detector/backbone-onnx';
import { HostedDetector } from '../../src/engine/detector/detection';
import type { ModelArtifact } from '../../src/engine/detector/model-artifact';
import { PatchModel } from '../../src/engine/detector/patch-model';
import { auroc } from '../../src/engine/detector/thresholds';
import { trainModel, type TrainingImage } from '../../src/engine/detector/trainer';
import { HAVE_SAMPLES, SAMPLES_DIR, SAMPLES_MISSING } from '../support/samples';

/*
 * The AWS cookie samples as a segmentation model (31 normal images, the
 * first 10 anomalies with their masks), as `npm run bench:detector` trains
 * them: the masks teach a defect direction and training keeps it. Accuracy
 * figures live in BENCHMARKS.md; this checks only that the direction is
 * chosen and ranks the unseen images better than the bank alone does.
 */

const COOKIES = join(SAMPLES_DIR, 'cookies');
const COLOR_MAP = { '#23A436': 'cracked' };

describe.skipIf(!HAVE_SAMPLES)(`a segmentation model of the cookie samples${HAVE_SAMPLES ? '' : ` (${SAMPLES_MISSING})`}`, () => {
  let model: PatchModel;
  let artifact: ModelArtifact;
  let unseen: TrainingImage[];

  beforeAll(async () => {
    model = await PatchModel.create(2);
    const names = readdirSync(join(COOKIES, 'training-images'));
    const at = (name: string) => join(COOKIES, 'training-images', name);
    const normal = names.filter((n) => n.startsWith('normal')).map((n) => ({ file: at(n), name: n, label: 'normal' as const }));
    const anomalies = names
      .filter((n) => n.startsWith('anomaly'))
      .sort((a, b) => parseInt(a.slice(8)) - parseInt(b.slice(8)))
      .map((n) => ({ file: at(n), name: n, label: 'anomaly' as const, maskFile: join(COOKIES, 'mask-images', n.replace('.jpg', '.png')), colorMap: COLOR_MAP }));
    const tests = readdirSync(join(COOKIES, 'test-images')).map((n) => ({
      file: join(COOKIES, 'test-images', n),
      name: n,
      label: n.includes('anomaly') ? ('anomaly' as const) : ('normal' as const),
    }));
    unseen = [...tests, ...anomalies.slice(10)];
    ({ artifact } = await trainModel({ train: [...normal, ...anomalies.slice(0, 10)], test: [] }, model));
  }, 180_000);
  afterAll(() => model?.release());

  it('keeps the direction its masks teach, and the unseen cookies rank better with it than by the bank alone', async () => {
    const { direction, format } = artifact.manifest;
    expect(format).toBe(3);
    expect(direction?.weight).toBeGreaterThan(0);
    expect(direction?.weights).toHaveLength(FEATURE_DIM);
    const { direction: _kept, ...bankAlone } = artifact.manifest;
    const rank = async (a: ModelArtifact) => {
      const detector = new HostedDetector(a, model);
      const scores = { normal: [] as number[], anomaly: [] as number[] };
      for (const image of unseen) scores[image.label].push((await detector.score(await readFile(image.file))).score);
      return auroc(scores.normal, scores.anomaly);
    };
    const withDirection = await rank(artifact);
    const withoutIt = await rank({ ...artifact, manifest: { ...bankAlone, format: 1 } });
    expect(withDirection).toBeGreaterThan(withoutIt);
  }, 120_000);
});
