import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { smoothMap, maxOf } from '../../src/engine/detector/anomaly-map';
import { FEATURE_DIM } from '../../src/engine/detector/backbone-onnx';
import { cellStatistics, combinedStatistics, directionMap, foldDirections, learnDefectDirection, MIN_DEFECT_CELLS, normalCells, withDirection } from '../../src/engine/detector/defect-direction';
import { HostedDetector } from '../../src/engine/detector/detection';
import { toModelInput } from '../../src/engine/detector/image-tensor';
import { loadArtifact, saveArtifact, type ModelArtifact } from '../../src/engine/detector/model-artifact';
import { loadMobileNetV2 } from '../../src/engine/detector/mobilenet-weights';
import { SeededRandom } from '../../src/engine/detector/seeded-random';
import { buildDetectorOnnx } from '../../src/engine/packaging/detector-onnx';
import { packageSpec } from '../../src/engine/packaging/package-spec';
import { FIXTURE_VIEW, SCRATCH_CLASSES, useSegmentationFixture } from './support/segmentation-fixture';

/** Rows of unit Gaussian noise, plus `shift` times `along` (a unit vector). */
function gaussianRows(count: number, random: SeededRandom, along?: Float64Array, shift = 0): Float32Array {
  const rows = new Float32Array(count * FEATURE_DIM);
  for (let r = 0; r < count; r++)
    for (let d = 0; d < FEATURE_DIM; d++) {
      // Box-Muller.
      const g = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
      rows[r * FEATURE_DIM + d] = g + (along ? shift * along[d] : 0);
    }
  return rows;
}

function unitVector(random: SeededRandom): Float64Array {
  const v = Float64Array.from({ length: FEATURE_DIM }, () => random.next() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const mean = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0) / values.length;

describe('the defect direction', () => {
  it('points from the normal cells to the defect cells, in units of the normal spread', () => {
    const random = new SeededRandom(3);
    const along = unitVector(random);
    const normals = gaussianRows(4_000, random);
    const defects = gaussianRows(40, random, along, 6);
    const direction = learnDefectDirection(cellStatistics(defects), cellStatistics(normals))!;
    const w = Float64Array.from(direction.weights);
    const cosine = w.reduce((a, v, d) => a + v * along[d], 0) / Math.hypot(...w);
    expect(cosine).toBeGreaterThan(0.8);
    // Unseen cells: defects sit about 6 normal spreads out, normal cells at or under the normal mean (clamped at 0).
    const unseenDefects = directionMap(gaussianRows(200, random, along, 6), direction);
    const unseenNormals = directionMap(gaussianRows(2_000, random), direction);
    expect(mean(unseenDefects)).toBeGreaterThan(4);
    expect(mean(unseenNormals)).toBeLessThan(0.6);
    expect(Math.min(...unseenNormals)).toBe(0);
  });

  it("sets its offset and scale to the normal cells' own mean and spread along it, and learns the same from statistics summed per image", () => {
    const random = new SeededRandom(6);
    const along = unitVector(random);
    const normals = [gaussianRows(700, random), gaussianRows(900, random), gaussianRows(400, random)];
    const defects = [gaussianRows(12, random, along, 5), gaussianRows(20, random, along, 5)];
    const whole = (parts: Float32Array[]) => {
      const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
      return out;
    };
    const direction = learnDefectDirection(cellStatistics(whole(defects)), cellStatistics(whole(normals)))!;
    const summed = learnDefectDirection(combinedStatistics(defects.map(cellStatistics)), combinedStatistics(normals.map(cellStatistics)))!;
    summed.weights.forEach((w, d) => expect(w).toBeCloseTo(direction.weights[d], 9));
    expect(summed.offset).toBeCloseTo(direction.offset, 9);
    const all = whole(normals);
    const projections = Array.from({ length: all.length / FEATURE_DIM }, (_, r) => direction.weights.reduce((a, w, d) => a + w * all[r * FEATURE_DIM + d], 0));
    const projectionMean = mean(projections);
    expect(direction.offset).toBeCloseTo(projectionMean, 6);
    expect(direction.scale).toBeCloseTo(Math.sqrt(mean(projections.map((p) => (p - projectionMean) ** 2))), 6);
  });

  it("maps each fold's images by a direction learned without them, and is not learned when some fold's cannot be", () => {
    const random = new SeededRandom(8);
    const [first, second] = [unitVector(random), unitVector(random)];
    // Two anomalies whose defects lie along two different directions; two folds (anomaly j and normal image i in fold j, i mod 2).
    const defects = [cellStatistics(gaussianRows(30, random, first, 8)), cellStatistics(gaussianRows(30, random, second, 8))];
    const normals = [cellStatistics(gaussianRows(1_500, random)), cellStatistics(gaussianRows(1_500, random))];
    const learned = foldDirections(defects, normals, 2)!;
    expect(learned.byFold).toHaveLength(2);
    const firstDefects = gaussianRows(200, random, first, 8);
    // Fold 0 holds the first anomaly: its direction knows only the second kind of defect, and barely sees the first.
    expect(mean(directionMap(firstDefects, learned.byFold[0]))).toBeLessThan(1.5);
    expect(mean(directionMap(firstDefects, learned.byFold[1]))).toBeGreaterThan(3);
    expect(mean(directionMap(firstDefects, learned.final))).toBeGreaterThan(2);
    // Without the first anomaly's cells, fold 1's complement has too few defect cells: no direction at all.
    const few = [defects[0], cellStatistics(gaussianRows(MIN_DEFECT_CELLS - 1, random, second, 8))];
    expect(learnDefectDirection(combinedStatistics(few), combinedStatistics(normals))).not.toBeNull();
    expect(foldDirections(few, normals, 2)).toBeNull();
  });

  it('is not learned from fewer defect cells than it needs', () => {
    const random = new SeededRandom(4);
    const normals = gaussianRows(1_000, random);
    const normal = cellStatistics(normals);
    expect(learnDefectDirection(cellStatistics(gaussianRows(MIN_DEFECT_CELLS - 1, random, unitVector(random), 6)), normal)).toBeNull();
    expect(learnDefectDirection(cellStatistics(gaussianRows(MIN_DEFECT_CELLS, random, unitVector(random), 6)), normal)).not.toBeNull();
  });

  it("draws an even, seeded share of each image's cells", () => {
    // Every value of a row is its row's number, so a drawn row shows which it was.
    const image = (first: number) => Float32Array.from({ length: 6_000 * FEATURE_DIM }, (_, i) => first + Math.floor(i / FEATURE_DIM));
    const images = [image(0), image(6_000)];
    const drawn = normalCells(images, 9);
    expect(drawn.map((rows) => rows.length / FEATURE_DIM)).toEqual([4_000, 4_000]);
    drawn.forEach((rows, k) => {
      const numbers = Array.from({ length: 4_000 }, (_, r) => rows[r * FEATURE_DIM]);
      expect(new Set(numbers).size).toBe(4_000);
      expect(numbers.filter((n) => n < k * 6_000 || n >= (k + 1) * 6_000)).toEqual([]);
      expect(numbers.filter((n, r) => rows[r * FEATURE_DIM + FEATURE_DIM - 1] !== n)).toEqual([]);
    });
    const bytes = (rows: Float32Array) => Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
    expect(bytes(normalCells(images, 9)[1]).equals(bytes(drawn[1]))).toBe(true);
    expect(bytes(normalCells(images, 10)[0]).equals(bytes(drawn[0]))).toBe(false);
  });
});

describe('a model with a defect direction', () => {
  const fixture = useSegmentationFixture();

  /** The fixture's model with a direction learned from its own anomaly: its most distant cells against the bank's. */
  async function withLearnedDirection(weight: number): Promise<{ artifact: ModelArtifact; plain: ModelArtifact }> {
    const plain = fixture().artifact({ pixelThreshold: 1e9, classes: SCRATCH_CLASSES, sigma: 0.5 });
    const scored = await new HostedDetector(plain, fixture().model).score(fixture().anomaly);
    const order = Array.from(scored.unsmoothed!.keys()).sort((a, b) => scored.unsmoothed![b] - scored.unsmoothed![a]);
    const defects = new Float32Array(order.slice(0, 16).flatMap((cell) => Array.from(scored.patches.subarray(cell * FEATURE_DIM, (cell + 1) * FEATURE_DIM))));
    const direction = learnDefectDirection(cellStatistics(defects), cellStatistics(plain.bank))!;
    expect(direction).not.toBeNull();
    const artifact = { bank: plain.bank, manifest: { ...plain.manifest, format: 3 as const, direction: { ...direction, weight } } };
    return { artifact, plain };
  }

  it('scores the distances plus the weighted map along it, and cuts masks from that sum', async () => {
    const { artifact, plain } = await withLearnedDirection(2);
    const before = await new HostedDetector(plain, fixture().model).score(fixture().anomaly);
    const after = await new HostedDetector(artifact, fixture().model).score(fixture().anomaly);
    const along = directionMap(after.patches, artifact.manifest.direction!);
    expect(maxOf(along)).toBeGreaterThan(1);
    const sum = withDirection(before.unsmoothed!, along, 2);
    expect(after.unsmoothed).toEqual(sum);
    const expected = smoothMap(sum, after.grid, 1);
    expect(after.map).toEqual(expected);
    expect(after.score).toBeCloseTo(maxOf(expected), 5);
    expect(after.score).toBeGreaterThan(before.score);
  }, 60_000);

  it('is saved as format 3, and a format 3 model without a usable direction is refused', async () => {
    const { artifact } = await withLearnedDirection(1);
    const dir = mkdtempSync(join(tmpdir(), 'direction-model-'));
    try {
      saveArtifact(dir, artifact);
      expect(loadArtifact(dir).manifest.direction).toEqual(artifact.manifest.direction);
      const broken = (manifest: object) => {
        writeFileSync(join(dir, 'model.json'), JSON.stringify(manifest));
        return () => loadArtifact(dir);
      };
      const { direction, ...withoutDirection } = artifact.manifest;
      expect(broken(withoutDirection)).toThrow(/incomplete or of another format/);
      expect(broken({ ...artifact.manifest, direction: { ...direction, weights: direction!.weights.slice(1) } })).toThrow(/incomplete or of another format/);
      expect(broken({ ...artifact.manifest, direction: { ...direction, scale: 0 } })).toThrow(/incomplete or of another format/);
      // A direction in a model of an older format would be scored by an engine that ignores it.
      expect(broken({ ...artifact.manifest, format: 1 })).toThrow(/incomplete or of another format/);
      expect(broken({ ...withoutDirection, format: 1 })().manifest.direction).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('is exported with the direction in the graph: the same map and score as the engine', async () => {
    const { artifact } = await withLearnedDirection(1);
    const spec = packageSpec(artifact.manifest);
    expect(spec.direction?.weights).toHaveLength(FEATURE_DIM);
    const session = await InferenceSession.create(buildDetectorOnnx(spec, artifact.bank, await loadMobileNetV2()));
    try {
      for (const image of [fixture().anomaly]) {
        const engine = await new HostedDetector(artifact, fixture().model).score(image);
        const input = await toModelInput(image, FIXTURE_VIEW);
        const out = await session.run({ image: new Tensor('float32', input.tensor, [1, 3, input.inputHeight, input.inputWidth]) });
        const map = out.anomaly_map.data as Float32Array;
        let worst = 0;
        for (let c = 0; c < map.length; c++) worst = Math.max(worst, Math.abs(map[c] - engine.map[c]) / Math.max(1, Math.abs(engine.map[c])));
        expect(worst).toBeLessThan(1e-3);
        expect(Math.abs((out.score.data as Float32Array)[0] - engine.score) / engine.score).toBeLessThan(1e-4);
        // Masks are cut from the same sum, with their own smoothing.
        const segmentation = out.segmentation_map.data as Float32Array;
        const maskMap = smoothMap(engine.unsmoothed!, engine.grid, 0.5);
        for (let c = 0; c < segmentation.length; c++) expect(Math.abs(segmentation[c] - maskMap[c])).toBeLessThan(1e-3 * Math.max(1, maskMap[c]));
      }
    } finally {
      await session.release();
    }
  }, 60_000);
});
