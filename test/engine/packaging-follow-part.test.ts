import { DetectAnomaliesCommand, type LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stageSyntheticSet } from '../../src/demo/synthetic-dataset';
import { startEngine, type RunningEngine } from '../support/engine-harness';
import { hostedModel, packagedSyntheticModel } from '../support/model-fixtures';

/*
 * A model whose crop follows the part (the part moves about a plate much
 * larger than it): trained and packaged through the API, its package used
 * as a user outside the engine would, the crop placed in each image by
 * following detector.json's words alone. Its answers must be DetectAnomalies'.
 */

const PROJECT = 'conveyor';
const BUCKET = 'packages';
const CANVAS = { width: 480, height: 360 };

interface Crop {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface FollowingDetectorJson {
  formatVersion: number;
  image: { width: number; height: number };
  preprocessing: {
    crop: Crop;
    followPart?: { within: Crop; largestPart: { width: number; height: number }; thumbnail: { width: number; height: number }; background: string; partPixels: string; box: string; place: string };
    resize: { width: number; height: number };
  };
  threshold: number;
}

let e: RunningEngine;
let client: LookoutVisionClient;
let s3: S3Client;
let detector: FollowingDetectorJson;
let session: InferenceSession;
let imagesDir: string;

beforeAll(async () => {
  e = await startEngine({ runtime: { idleUnitMs: 60_000 } });
  client = e.client;
  s3 = new S3Client({ endpoint: e.url, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'any', secretAccessKey: 'any' }, maxAttempts: 1 });
  // With masks: segmentation is learned through each anomaly's own crop.
  const { version, job } = await packagedSyntheticModel(e, { project: PROJECT, set: { canvas: CANVAS }, jobName: 'follow-1', component: 'conveyor-detector', bucket: BUCKET, prefix: 'edge' });
  expect(job.Status, job.StatusMessage).toBe('SUCCEEDED');
  const get = async (name: string) => Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `edge/conveyor-detector/1.0.0/${name}` }))).Body!.transformToByteArray());
  detector = JSON.parse((await get('detector.json')).toString('utf8')) as FollowingDetectorJson;
  session = await InferenceSession.create(await get('model.onnx'));
  await hostedModel(client, PROJECT, version);
  // Unseen images, parts at new places: staged the same way, read back from the engine's S3 area.
  imagesDir = mkdtempSync(join(tmpdir(), 'conveyor-'));
  await stageSyntheticSet(imagesDir, { normal: 4, anomaly: 4, masks: true, prefix: 'unseen', canvas: CANVAS, bucket: 'b', firstSeed: 5000 });
}, 240_000);

afterAll(async () => {
  await session?.release();
  s3?.destroy();
  await e?.close();
  if (imagesDir) rmSync(imagesDir, { recursive: true, force: true });
});

const unseen = (kind: 'normal' | 'anomaly', i: number) => readFileSync(join(imagesDir, 's3', 'b', 'unseen', kind, `${kind}-${5000 + i + (kind === 'anomaly' ? 4 : 0)}.png`));
const unseenMask = (i: number) => readFileSync(join(imagesDir, 's3', 'b', 'unseen', 'mask', `anomaly-${5004 + i}.png`));

describe('a model whose crop follows the part', () => {
  it('says so in detector.json: the crop size, where it goes without a part, and how to find the part', () => {
    const follow = detector.preprocessing.followPart!;
    expect(follow).toBeDefined();
    // A consumer of version 1 would cut the fixed rectangle: this one is version 2.
    expect(detector.formatVersion).toBe(2);
    const { crop } = detector.preprocessing;
    // The crop is a part's size with a margin, far smaller than where the parts went.
    expect(crop.width).toBeLessThan(follow.within.width);
    expect(crop.width).toBeLessThan(CANVAS.width / 2);
    expect(follow.thumbnail).toMatchObject({ width: 160, height: 120 });
  });

  it('answers as DetectAnomalies does with the crop placed by the recipe, parts anywhere on the plate', async () => {
    const { threshold } = detector;
    let anomalous = 0;
    const images = [0, 1, 2, 3].flatMap((i) => [unseen('normal', i), unseen('anomaly', i)]);
    for (const png of images) {
      const answer = (await client.send(new DetectAnomaliesCommand({ ProjectName: PROJECT, ModelVersion: '1', Body: png, ContentType: 'image/png' }))).DetectAnomalyResult!;
      const exported = await runExported(png, await placedByRecipe(png));
      expect(exported.isAnomalous).toBe(answer.IsAnomalous);
      expect(Math.abs(exported.confidence - answer.Confidence!)).toBeLessThan(1e-4);
      expect(exported.isAnomalous).toBe(exported.score > threshold);
      if (answer.IsAnomalous) anomalous++;
    }
    expect(anomalous).toBeGreaterThan(0);
    expect(anomalous).toBeLessThan(images.length);
  });

  it('paints the mask where the defect is in each image, wherever the part sits', async () => {
    let checked = 0;
    for (const i of [0, 1, 2, 3]) {
      const answer = (await client.send(new DetectAnomaliesCommand({ ProjectName: PROJECT, ModelVersion: '1', Body: unseen('anomaly', i), ContentType: 'image/png' }))).DetectAnomalyResult!;
      if (!answer.IsAnomalous) continue;
      const painted = await sharp(Buffer.from(answer.AnomalyMask!)).removeAlpha().raw().toBuffer();
      const truth = await sharp(unseenMask(i)).removeAlpha().raw().toBuffer();
      let overlap = 0;
      let paintedCount = 0;
      for (let p = 0; p < CANVAS.width * CANVAS.height; p++) {
        const isPainted = !(painted[p * 3] === 255 && painted[p * 3 + 1] === 255 && painted[p * 3 + 2] === 255);
        const isTrue = truth[p * 3] !== 0 || truth[p * 3 + 1] !== 0 || truth[p * 3 + 2] !== 0;
        if (isPainted) paintedCount++;
        if (isPainted && isTrue) overlap++;
      }
      expect(paintedCount).toBeGreaterThan(0);
      // Most of the paint is on the scratch: the mask was placed through this image's own crop.
      expect(overlap / paintedCount).toBeGreaterThan(0.3);
      checked++;
    }
    expect(checked).toBeGreaterThan(1);
  });
});

/** The crop detector.json's followPart describes for this image, written from its words, not from the engine's code. */
async function placedByRecipe(png: Buffer): Promise<Crop> {
  const { crop, followPart } = detector.preprocessing;
  const { width: tw, height: th } = followPart!.thumbnail;
  const { width: W, height: H } = detector.image;
  const rgb = await sharp(png).removeAlpha().toColourspace('srgb').resize(tw, th, { fit: 'fill' }).raw().toBuffer();
  const ring = Number(/x < (\d+) or y < \d+/.exec(followPart!.background)![1]);
  const inRing = (x: number, y: number) => x < ring || y < ring || x >= tw - ring || y >= th - ring;
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const ringPixels: number[] = [];
  for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) if (inRing(x, y)) ringPixels.push(y * tw + x);
  const background = [0, 1, 2].map((c) => median(ringPixels.map((p) => rgb[p * 3 + c])));
  const distance = (p: number) => Math.hypot(rgb[p * 3] - background[0], rgb[p * 3 + 1] - background[1], rgb[p * 3 + 2] - background[2]);
  const [, max, min, factor, q] = /cut = min\((\d+), max\((\d+), ([\d.]+) \* q\)\).*floor\(([\d.]+) \* n\)/.exec(followPart!.partPixels)!.map(Number);
  const sorted = ringPixels.map(distance).sort((a, b) => a - b);
  const cut = Math.min(max, Math.max(min, factor * sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]));
  const [, rowMin, rowShare] = /at least max\((\d+), ([\d.]+) \* \d+\) part pixels and the columns/.exec(followPart!.box)!.map(Number);
  const rows = new Array<number>(th).fill(0);
  const columns = new Array<number>(tw).fill(0);
  for (let y = 0; y < th; y++)
    for (let x = 0; x < tw; x++)
      if (distance(y * tw + x) > cut) {
        rows[y]++;
        columns[x]++;
      }
  const span = (counts: number[], enough: number) => {
    const first = counts.findIndex((c) => c >= enough);
    const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c >= enough);
    return first < 0 ? null : [first, last + 1];
  };
  const ys = span(rows, Math.max(rowMin, rowShare * tw));
  const xs = span(columns, Math.max(rowMin, rowShare * th));
  expect(ys && xs, 'the part is found in every image of this set').toBeTruthy();
  const x = ((xs![0] + xs![1]) / 2) * (W / tw);
  const y = ((ys![0] + ys![1]) / 2) * (H / th);
  const { within, largestPart } = followPart!;
  const inside = x >= within.left && x < within.left + within.width && y >= within.top && y < within.top + within.height;
  const times = Number(/at most (\d+) times the area of largestPart/.exec(followPart!.place)![1]);
  const boxArea = (xs![1] - xs![0]) * (W / tw) * (ys![1] - ys![0]) * (H / th);
  // Every part of this set lies where the training parts went and is found as a part: the recipe's placement, not its fallback, is under test.
  expect(inside).toBe(true);
  expect(boxArea).toBeLessThanOrEqual(times * largestPart.width * largestPart.height);
  const place = (c: number, extent: number, total: number) => Math.min(total - extent, Math.max(0, Math.floor(c - extent / 2 + 0.5)));
  return { ...crop, left: place(x, crop.width, W), top: place(y, crop.height, H) };
}

async function runExported(png: Buffer, crop: Crop) {
  const { resize } = detector.preprocessing;
  const { data } = await sharp(png).removeAlpha().toColourspace('srgb').extract(crop).resize(resize.width, resize.height, { fit: 'fill', kernel: 'linear' }).raw().toBuffer({ resolveWithObject: true });
  const plane = resize.width * resize.height;
  const tensor = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) tensor[c * plane + i] = data[i * 3 + c] / 127.5 - 1;
  const out = await session.run({ image: new Tensor('float32', tensor, [1, 3, resize.height, resize.width]) });
  return {
    score: (out.score.data as Float32Array)[0],
    isAnomalous: Boolean((out.is_anomalous.data as Uint8Array | boolean[])[0]),
    confidence: (out.confidence.data as Float32Array)[0],
  };
}
