import {
  DetectAnomaliesCommand,
  type LookoutVisionClient,
  type ModelPackagingDescription,
} from '@aws-sdk/client-lookoutvision';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticPart } from '../../src/demo/synthetic-parts';
import { HostedDetector } from '../../src/engine/detector/detection';
import { loadArtifact } from '../../src/engine/detector/model-artifact';
import { PatchModel } from '../../src/engine/detector/patch-model';
import { writeModelPackage } from '../../src/engine/packaging/package-writer';
import { startEngine, type RunningEngine } from '../support/engine-harness';
import { hostedModel, packagedSyntheticModel } from '../support/model-fixtures';

/*
 * The package a packaging job writes, used the way a user outside the engine
 * would: files fetched over the engine's S3 API, the graph run with plain
 * onnxruntime, images preprocessed with sharp following detector.json alone.
 * Its answers must be DetectAnomalies' answers.
 */

let e: RunningEngine;
let client: LookoutVisionClient;
let s3: S3Client;
let job: ModelPackagingDescription;
let detector: DetectorJson;
let session: InferenceSession;
const PROJECT = 'export';
const BUCKET = 'packages';
const PREFIX = 'edge/line-3';
const COMPONENT = 'export-detector';

interface DetectorJson {
  format: string;
  formatVersion: number;
  model: { modelArn: string; modelVersion: string };
  image: { width: number; height: number };
  preprocessing: {
    crop: { left: number; top: number; width: number; height: number };
    resize: { width: number; height: number; fit: string; kernel: string };
    scale: string;
    layout: string;
  };
  featureGrid: { width: number; height: number };
  threshold: number;
  calibration: { slope: number };
  segmentation: { pixelThreshold: number; sigma?: number; grey?: { weight: number; radius: number; inner?: number }; seedThreshold?: number; mask: string; classes: { name: string; color: string }[] } | null;
  graph: { inputs: { name: string; shape: number[] }[]; outputs: { name: string; dtype: string; shape: number[] }[] };
  backbone: { package: string; license: string };
}

const getObject = async (key: string) => Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray());

/** The image tensor as detector.json describes it, written from the description, not from the engine's code. */
async function preprocess(png: Buffer): Promise<Float32Array> {
  const { crop, resize } = detector.preprocessing;
  expect(resize).toMatchObject({ fit: 'fill', kernel: 'linear' });
  expect(detector.preprocessing).toMatchObject({ scale: 'x / 127.5 - 1', layout: 'NCHW' });
  const { data, info } = await sharp(png)
    .removeAlpha()
    .toColourspace('srgb')
    .extract(crop)
    .resize(resize.width, resize.height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect(info).toMatchObject({ width: resize.width, height: resize.height, channels: 3 });
  const plane = resize.width * resize.height;
  const tensor = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) tensor[c * plane + i] = data[i * 3 + c] / 127.5 - 1;
  return tensor;
}

async function runExported(png: Buffer) {
  const { resize } = detector.preprocessing;
  const out = await session.run({ image: new Tensor('float32', await preprocess(png), [1, 3, resize.height, resize.width]) });
  return {
    score: (out.score.data as Float32Array)[0],
    isAnomalous: Boolean((out.is_anomalous.data as Uint8Array | boolean[])[0]),
    confidence: (out.confidence.data as Float32Array)[0],
    map: out.anomaly_map.data as Float32Array,
    segmentationMap: out.segmentation_map ? (out.segmentation_map.data as Float32Array) : null,
    classes: out.anomaly_class ? (out.anomaly_class.data as BigInt64Array) : null,
  };
}

beforeAll(async () => {
  e = await startEngine({ runtime: { idleUnitMs: 60_000 } });
  client = e.client;
  s3 = new S3Client({ endpoint: e.url, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'any', secretAccessKey: 'any' }, maxAttempts: 1 });
  // With masks: a segmentation model, so the export's anomaly classes are exercised too.
  let version: string;
  ({ version, job } = await packagedSyntheticModel(e, { project: PROJECT, jobName: 'export-1', component: COMPONENT, bucket: BUCKET, prefix: PREFIX }));
  await hostedModel(client, PROJECT, version);
}, 240_000);
afterAll(async () => {
  await session?.release();
  s3?.destroy();
  await e?.close();
});

describe('the exported package', () => {
  it('is written under <Prefix>/<ComponentName>/<ComponentVersion>/ and served over S3', async () => {
    expect(job.Status, job.StatusMessage).toBe('SUCCEEDED');
    expect(job.ModelPackagingOutputDetails?.Greengrass).toEqual({
      ComponentName: COMPONENT,
      ComponentVersion: '1.0.0',
      ComponentVersionArn: `arn:aws:greengrass:us-east-1:000000000000:components:${COMPONENT}:versions:1.0.0`,
    });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${PREFIX}/` }));
    const base = `${PREFIX}/${COMPONENT}/1.0.0/`;
    expect(listed.Contents?.map((o) => o.Key).sort()).toEqual(
      ['README.md', 'detector.json', 'model.onnx', `triton/${COMPONENT}/1/model.onnx`, `triton/${COMPONENT}/config.pbtxt`].map((f) => base + f).sort(),
    );
    expect(job.StatusMessage).toBe(`The package is at s3://${BUCKET}/${base}.`);

    detector = JSON.parse((await getObject(`${base}detector.json`)).toString('utf8')) as DetectorJson;
    expect(detector).toMatchObject({ format: 'lookout-gateway-detector', formatVersion: 1, image: { width: 128, height: 128 } });
    expect(detector.model.modelArn).toBe(`arn:aws:lookoutvision:us-east-1:000000000000:model/${PROJECT}/1`);
    expect(detector.backbone).toMatchObject({ package: 'nsfwjs', license: 'MIT' });
    expect(detector.featureGrid).toEqual(expect.objectContaining({ width: detector.preprocessing.resize.width / 8, height: detector.preprocessing.resize.height / 8 }));
    expect(detector.segmentation?.classes.map((c) => c.name)).toEqual(['scratch']);

    const onnxBytes = await getObject(`${base}model.onnx`);
    expect((await getObject(`${base}triton/${COMPONENT}/1/model.onnx`)).equals(onnxBytes)).toBe(true);
    session = await InferenceSession.create(onnxBytes);
    expect(session.inputNames).toEqual(['image']);
    // A segmentation model cuts its masks from its own, less smoothed map.
    expect(detector.segmentation?.sigma).toBe(0.5);
    expect(session.outputNames).toEqual(['anomaly_map', 'score', 'is_anomalous', 'confidence', 'segmentation_map', 'anomaly_class']);

    const readme = (await getObject(`${base}README.md`)).toString('utf8');
    expect(readme).toContain('config.pbtxt');
    expect(readme).toContain('x / 127.5 - 1');
  });

  it("has a Triton config whose inputs and outputs are the graph's", async () => {
    const base = `${PREFIX}/${COMPONENT}/1.0.0/`;
    const config = (await getObject(`${base}triton/${COMPONENT}/config.pbtxt`)).toString('utf8');
    expect(config).toContain(`name: "${COMPONENT}"`);
    expect(config).toContain('platform: "onnxruntime_onnx"');
    expect(config).toContain('max_batch_size: 0');
    const model = onnx.ModelProto.decode(await getObject(`${base}model.onnx`));
    const TRITON: Record<number, string> = {
      [onnx.TensorProto.DataType.FLOAT]: 'TYPE_FP32',
      [onnx.TensorProto.DataType.BOOL]: 'TYPE_BOOL',
      [onnx.TensorProto.DataType.INT64]: 'TYPE_INT64',
    };
    const fromGraph = (values: onnx.IValueInfoProto[]) =>
      values.map((v) => ({
        name: v.name,
        type: TRITON[v.type!.tensorType!.elemType!],
        dims: v.type!.tensorType!.shape!.dim!.map((d) => Number(d.dimValue)),
      }));
    const section = (kind: 'input' | 'output') => {
      const body = new RegExp(`^${kind} \\[\\n([\\s\\S]*?)\\n\\]`, 'm').exec(config)![1];
      return [...body.matchAll(/name: "([^"]+)"\s+data_type: (\w+)\s+dims: \[ ([^\]]*) \]/g)].map((m) => ({ name: m[1], type: m[2], dims: m[3].split(', ').map(Number) }));
    };
    expect(section('input')).toEqual(fromGraph(model.graph!.input!));
    expect(section('output')).toEqual(fromGraph(model.graph!.output!));
    const { height, width } = detector.preprocessing.resize;
    expect(section('input')).toEqual([{ name: 'image', type: 'TYPE_FP32', dims: [1, 3, height, width] }]);
    expect(section('output').map((o) => [o.name, o.type])).toEqual([
      ['anomaly_map', 'TYPE_FP32'],
      ['score', 'TYPE_FP32'],
      ['is_anomalous', 'TYPE_BOOL'],
      ['confidence', 'TYPE_FP32'],
      ['segmentation_map', 'TYPE_FP32'],
      ['anomaly_class', 'TYPE_INT64'],
    ]);
    expect(detector.graph.outputs.map((o) => [o.name, o.shape])).toEqual(section('output').map((o) => [o.name, o.dims]));
  });

  it('answers as DetectAnomalies does: verdict, confidence and score, for normal and anomalous images', async () => {
    const images = [
      ...(await Promise.all([3001, 3002, 3003, 3004].map((seed) => syntheticPart('normal', seed)))),
      ...(await Promise.all([3001, 3002, 3003, 3004].map((seed) => syntheticPart('anomaly', seed)))),
    ];
    const { threshold, calibration } = detector;
    let anomalous = 0;
    for (const image of images) {
      const answer = (await client.send(new DetectAnomaliesCommand({ ProjectName: PROJECT, ModelVersion: '1', Body: image.png, ContentType: 'image/png' }))).DetectAnomalyResult!;
      const exported = await runExported(image.png);
      expect(exported.isAnomalous).toBe(answer.IsAnomalous);
      expect(Math.abs(exported.confidence - answer.Confidence!)).toBeLessThan(1e-4);
      // DetectAnomalies gives no score, but its confidence is sigmoid(slope * |score - threshold|): invert it where it is not saturated.
      const c = answer.Confidence!;
      if (c < 1 - 1e-9) {
        const engineScore = threshold + (answer.IsAnomalous ? 1 : -1) * (Math.log(c / (1 - c)) / calibration.slope);
        expect(Math.abs(exported.score - engineScore) / Math.abs(engineScore)).toBeLessThan(1e-4);
      }
      expect(exported.isAnomalous).toBe(exported.score > threshold);
      if (answer.IsAnomalous) anomalous++;
    }
    // The set is not degenerate: both verdicts occur.
    expect(anomalous).toBeGreaterThan(0);
    expect(anomalous).toBeLessThan(images.length);
  });

  it("paints the engine's anomaly mask from segmentation_map and anomaly_class, following detector.json", async () => {
    const image = await syntheticPart('anomaly', 3101);
    const answer = (await client.send(new DetectAnomaliesCommand({ ProjectName: PROJECT, ModelVersion: '1', Body: image.png, ContentType: 'image/png' }))).DetectAnomalyResult!;
    expect(answer.IsAnomalous).toBe(true);
    const recipe = await maskByRecipe(image.png, detector.segmentation!);
    // This set's training masks chose no seed threshold (measured): every pixel above the threshold.
    expect(detector.segmentation!.seedThreshold).toBeUndefined();
    await expectSameMask(Buffer.from(answer.AnomalyMask!), recipe.colors);
  });

  it('follows detector.json for a model with a seed threshold: only regions that reach it', async () => {
    const image = await syntheticPart('anomaly', 3101);
    // A lower pixel threshold, low enough for this image to have several regions, and a seed between the two highest regions' peaks: one region kept, the others dropped.
    let pixelThreshold = detector.segmentation!.pixelThreshold;
    let regionPeaks: number[] = [];
    while (regionPeaks.length < 2 && pixelThreshold > 0.2 * detector.segmentation!.pixelThreshold) {
      pixelThreshold *= 0.9;
      regionPeaks = (await maskByRecipe(image.png, { ...detector.segmentation!, pixelThreshold })).regionPeaks;
    }
    expect(regionPeaks.length).toBeGreaterThan(1);
    const seedThreshold = (regionPeaks[regionPeaks.length - 2] + regionPeaks[regionPeaks.length - 1]) / 2;
    const modelDir = mkdtempSync(join(tmpdir(), 'seeded-model-'));
    try {
      cpSync(e.engine.context.runtime.modelDir(PROJECT, 1), modelDir, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8'));
      manifest.segmentation.pixelThreshold = pixelThreshold;
      manifest.segmentation.seedThreshold = seedThreshold;
      writeFileSync(join(modelDir, 'model.json'), JSON.stringify(manifest));
      await writeModelPackage({
        dataDir: e.dataDir,
        modelDir,
        bucket: BUCKET,
        keyPrefix: 'seeded/',
        model: { project: PROJECT, version: 1, arn: detector.model.modelArn },
        component: { name: COMPONENT, version: '1.0.0', arn: 'arn:aws:greengrass:us-east-1:000000000000:components:seeded:versions:1.0.0' },
        job: { name: 'seeded', target: {} },
        device: 'cpu',
      });
      const seeded = JSON.parse((await getObject('seeded/detector.json')).toString('utf8')) as DetectorJson;
      expect(seeded.segmentation!.seedThreshold).toBe(seedThreshold);
      const model = await PatchModel.create(1);
      try {
        const answer = await new HostedDetector(loadArtifact(modelDir), model).detect(image.png);
        const recipe = await maskByRecipe(image.png, seeded.segmentation!);
        const single = await maskByRecipe(image.png, { ...seeded.segmentation!, seedThreshold: undefined });
        const paintedOf = (colors: string[]) => colors.filter((c) => c !== '#FFFFFF').length;
        expect(paintedOf(recipe.colors)).toBeGreaterThan(0);
        expect(paintedOf(recipe.colors)).toBeLessThan(paintedOf(single.colors));
        await expectSameMask(Buffer.from(answer.AnomalyMask!), recipe.colors);
      } finally {
        await model.release();
      }
    } finally {
      rmSync(modelDir, { recursive: true, force: true });
    }
  });

});

/**
 * Each crop pixel's colour as detector.json's segmentation.mask describes
 * it, from the exported graph's segmentation_map and anomaly_class, written
 * from the description, not from the engine's code; and the peaks of the
 * regions of pixels above the pixel threshold (touching by a side or a
 * corner), lowest first.
 */
async function maskByRecipe(png: Buffer, seg: NonNullable<DetectorJson['segmentation']>): Promise<{ colors: string[]; regionPeaks: number[] }> {
  const exported = await runExported(png);
  // detector.json names the map the mask is cut from.
  expect(seg.mask).toContain('is anomalous when segmentation_map,');
  const map = exported.segmentationMap!;
  const grid = detector.featureGrid;
  const { crop } = detector.preprocessing;
  const sample = (x: number, y: number) => {
    const clamp = (v: number, size: number) => Math.min(size - 1, Math.max(0, v));
    const gx = clamp(((x + 0.5) * grid.width) / crop.width - 0.5, grid.width);
    const gy = clamp(((y + 0.5) * grid.height) / crop.height - 0.5, grid.height);
    const x0 = Math.floor(gx);
    const y0 = Math.floor(gy);
    const x1 = Math.min(grid.width - 1, x0 + 1);
    const y1 = Math.min(grid.height - 1, y0 + 1);
    const at = (cx: number, cy: number) => map[cy * grid.width + cx];
    const fx = gx - x0;
    const fy = gy - y0;
    return (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
  };
  // This set's training masks chose a grey weighting: the recipe weighs the map by each pixel's darkness against its neighbourhood.
  expect(seg.grey).toBeDefined();
  const { weight, radius, inner = 0 } = seg.grey!;
  expect(seg.mask).toContain('times (1 + grey.weight * contrast), where contrast = (mean(grey.radius) - own) / 255000, L(x, y) = 299 R + 587 G + 114 B');
  const rgb = await sharp(png).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const luma = (x: number, y: number) => {
    const o = ((y + crop.top) * rgb.info.width + x + crop.left) * rgb.info.channels;
    return 299 * rgb.data[o] + 587 * rgb.data[o + 1] + 114 * rgb.data[o + 2];
  };
  // Each neighbourhood summed column by column.
  const mean = (x: number, y: number, r: number) => {
    let sum = 0;
    let count = 0;
    for (let cx = Math.max(0, x - r); cx <= Math.min(crop.width - 1, x + r); cx++)
      for (let cy = Math.max(0, y - r); cy <= Math.min(crop.height - 1, y + r); cy++) {
        sum += luma(cx, cy);
        count++;
      }
    return sum / count;
  };
  const contrast = (x: number, y: number) => (mean(x, y, radius) - (inner > 0 ? mean(x, y, inner) : luma(x, y))) / 255000;
  const value = (x: number, y: number) => {
    const v = sample(x, y);
    // Only where the map could exceed the threshold once weighed (contrast is at most 1): the neighbourhood sums are slow.
    return v * (1 + weight) <= seg.pixelThreshold ? v : v * (1 + weight * contrast(x, y));
  };
  const values = Array.from({ length: crop.width * crop.height }, (_, i) => value(i % crop.width, Math.floor(i / crop.width)));
  const above = (i: number) => values[i] > seg.pixelThreshold;
  if (seg.seedThreshold !== undefined) expect(seg.mask).toContain('has a pixel whose value exceeds seedThreshold');
  // A region counts when there is no seed threshold, or when it exceeds the seed somewhere.
  const counts = new Array<boolean>(values.length).fill(false);
  const regionPeaks: number[] = [];
  const visited = new Uint8Array(values.length);
  for (let start = 0; start < values.length; start++) {
    if (visited[start] || !above(start)) continue;
    const region = [start];
    visited[start] = 1;
    for (let k = 0; k < region.length; k++) {
      const x = region[k] % crop.width;
      const y = Math.floor(region[k] / crop.width);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          const n = ny * crop.width + nx;
          if (nx >= 0 && ny >= 0 && nx < crop.width && ny < crop.height && !visited[n] && above(n)) {
            visited[n] = 1;
            region.push(n);
          }
        }
    }
    const peak = Math.max(...region.map((i) => values[i]));
    regionPeaks.push(peak);
    for (const i of region) counts[i] = seg.seedThreshold === undefined || peak > seg.seedThreshold;
  }
  const colors = values.map((_, i) => {
    if (!counts[i]) return '#FFFFFF';
    const x = i % crop.width;
    const y = Math.floor(i / crop.width);
    const cell = Math.floor((y * grid.height) / crop.height) * grid.width + Math.floor((x * grid.width) / crop.width);
    return seg.classes[Number(exported.classes![cell])].color.toUpperCase();
  });
  return { colors, regionPeaks: regionPeaks.sort((a, b) => a - b) };
}

/** The engine's mask paints every crop pixel in the recipe's colour (measured: all of them, grey weighting and seeds included). */
async function expectSameMask(maskPng: Buffer, colors: string[]): Promise<void> {
  const { crop } = detector.preprocessing;
  const mask = await sharp(maskPng).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let same = 0;
  for (let y = 0; y < crop.height; y++)
    for (let x = 0; x < crop.width; x++) {
      const o = ((y + crop.top) * mask.info.width + x + crop.left) * 3;
      if (`#${mask.data.subarray(o, o + 3).toString('hex').toUpperCase()}` === colors[y * crop.width + x]) same++;
    }
  expect(colors.some((c) => c !== '#FFFFFF')).toBe(true);
  expect(same).toBe(crop.width * crop.height);
}
