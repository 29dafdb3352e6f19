import {
  CreateDatasetCommand,
  CreateModelCommand,
  CreateProjectCommand,
  DescribeDatasetCommand,
  DescribeModelCommand,
  DetectAnomaliesCommand,
  LookoutVisionClient,
  StartModelCommand,
  StopModelCommand,
} from '@aws-sdk/client-lookoutvision';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEngine } from '../src/engine/build-engine';
import { listen } from '../src/server/listen';
import { pollUntil } from '../src/util/poll-until';
import { mountCookies } from '../test/support/samples';

export interface EngineBench {
  trainImages: number;
  trainSeconds: number;
  requests: number;
  p50: number;
  p95: number;
  serialThroughput: number;
  parallelP50: number;
  parallelThroughput: number;
}

const BUCKET = 'lookoutvision-us-east-1-0e205be246';

/**
 * The engine end to end, through the SDK over loopback HTTP: import the real
 * cookie segmentation manifest, train (timed from CreateModel to TRAINED),
 * host one inference unit and time DetectAnomalies on the held-out test
 * images; then two units under four concurrent clients.
 */
export async function runEngineBench(samples: string): Promise<EngineBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lookout-bench-'));
  const engine = buildEngine({ dataDir, log: () => {} });
  const http = await listen(engine.handler, 0, '127.0.0.1', {}, engine.faults);
  const client = new LookoutVisionClient({ endpoint: http.url, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  try {
    // Linked (or copied) into the object store: the engine refuses links that lead outside it.
    mountCookies(dataDir);
    await client.send(new CreateProjectCommand({ ProjectName: 'cookies' }));
    await client.send(
      new CreateDatasetCommand({ ProjectName: 'cookies', DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: BUCKET, Key: 'getting-started/train_segmentation.manifest' } } } }),
    );
    const dataset = await until(() => client.send(new DescribeDatasetCommand({ ProjectName: 'cookies', DatasetType: 'train' })).then((o) => o.DatasetDescription!), (d) => d.Status !== 'CREATE_IN_PROGRESS');

    const trainStart = performance.now();
    await client.send(new CreateModelCommand({ ProjectName: 'cookies', OutputConfig: { S3Location: { Bucket: 'bench-output' } } }));
    const trained = await until(() => describe(client), (m) => m.Status !== 'TRAINING');
    const trainSeconds = (performance.now() - trainStart) / 1000;
    if (trained.Status !== 'TRAINED') throw new Error(`training ended ${trained.Status}: ${trained.StatusMessage}`);

    const images = readdirSync(join(samples, 'cookies', 'test-images')).map((f) => readFileSync(join(samples, 'cookies', 'test-images', f)));
    const detect = (body: Buffer) => client.send(new DetectAnomaliesCommand({ ProjectName: 'cookies', ModelVersion: '1', Body: body, ContentType: 'image/jpeg' }));

    await host(client, 1, 1);
    for (const image of images.slice(0, 3)) await detect(image); // warm-up
    const serial: number[] = [];
    const serialStart = performance.now();
    for (let i = 0; i < 66; i++) {
      const t = performance.now();
      await detect(images[i % images.length]);
      serial.push(performance.now() - t);
    }
    const serialThroughput = serial.length / ((performance.now() - serialStart) / 1000);
    await client.send(new StopModelCommand({ ProjectName: 'cookies', ModelVersion: '1' }));
    await until(() => describe(client), (m) => m.Status === 'TRAINED');

    await host(client, 2, 2);
    for (const image of images.slice(0, 4)) await detect(image);
    const parallel: number[] = [];
    const parallelStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < 66) {
          const image = images[next++ % images.length];
          const t = performance.now();
          await detect(image);
          parallel.push(performance.now() - t);
        }
      }),
    );
    const parallelThroughput = parallel.length / ((performance.now() - parallelStart) / 1000);
    return {
      trainImages: dataset.ImageStats?.Total ?? 0,
      trainSeconds,
      requests: serial.length,
      p50: quantile(serial, 0.5),
      p95: quantile(serial, 0.95),
      serialThroughput,
      parallelP50: quantile(parallel, 0.5),
      parallelThroughput,
    };
  } finally {
    await http.close();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function host(client: LookoutVisionClient, min: number, max: number): Promise<void> {
  await client.send(new StartModelCommand({ ProjectName: 'cookies', ModelVersion: '1', MinInferenceUnits: min, MaxInferenceUnits: max }));
  const hosted = await until(() => describe(client), (m) => m.Status !== 'STARTING_HOSTING');
  if (hosted.Status !== 'HOSTED') throw new Error(`hosting ended ${hosted.Status}`);
}

function describe(client: LookoutVisionClient) {
  return client.send(new DescribeModelCommand({ ProjectName: 'cookies', ModelVersion: '1' })).then((o) => o.ModelDescription!);
}

/** Short, steady pauses: training and hosting are timed by this poll. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const { settled, last } = await pollUntil(read, done, { minDelay: 0.05, maxDelay: 0.1, maxWaitTime: 1800 });
  if (!settled) throw new Error(`gave up waiting; last: ${JSON.stringify(last)}`);
  return last;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
