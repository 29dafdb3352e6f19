import {
  ConflictException,
  CreateDatasetCommand,
  CreateModelCommand,
  CreateProjectCommand,
  DescribeDatasetCommand,
  DescribeModelCommand,
  DescribeProjectCommand,
  ListModelsCommand,
  type LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../engine/store/atomic-file';
import { pollUntil } from '../util/poll-until';
import { stageSyntheticSet } from './synthetic-dataset';
import { syntheticPart } from './synthetic-parts';

export const DEMO_PROJECT = 'demo';
const MARKER = 'demo-seeded';

/**
 * Gives a fresh data directory a `demo` project with a trained segmentation
 * model version 1, made from synthetic images, through the SDK like any
 * client would. Safe to re-run after an interruption; once done it never runs
 * again, so a user who deletes the demo keeps it deleted. Also writes two
 * held-out images (`demo-images/normal.png`, `anomaly.png`) to try it with.
 */
export async function seedDemo(client: LookoutVisionClient, dataDir: string, log: (line: string) => void = console.log): Promise<boolean> {
  if (existsSync(join(dataDir, MARKER))) return false;
  log('Seeding the demo project (first start): generating images and training model version 1...');
  const started = Date.now();
  await client.send(new CreateProjectCommand({ ProjectName: DEMO_PROJECT })).catch(ignoreConflict);

  const project = await client.send(new DescribeProjectCommand({ ProjectName: DEMO_PROJECT }));
  if (!project.ProjectDescription?.Datasets?.some((d) => d.DatasetType === 'train')) {
    const manifest = await stageSyntheticSet(dataDir, { normal: 20, anomaly: 10, masks: true, prefix: 'demo/train' });
    await client.send(
      new CreateDatasetCommand({ ProjectName: DEMO_PROJECT, DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: manifest.bucket, Key: manifest.key } } } }),
    );
  }
  const dataset = await poll(() => client.send(new DescribeDatasetCommand({ ProjectName: DEMO_PROJECT, DatasetType: 'train' })).then((o) => o.DatasetDescription?.Status ?? ''), (s) => !s.endsWith('IN_PROGRESS'));
  if (!dataset.endsWith('COMPLETE')) throw new Error(`the demo dataset ended ${dataset}`);

  const models = await client.send(new ListModelsCommand({ ProjectName: DEMO_PROJECT }));
  if (!models.Models?.length) {
    await client.send(new CreateModelCommand({ ProjectName: DEMO_PROJECT, Description: 'Synthetic-washer-demo', OutputConfig: { S3Location: { Bucket: 'lookout-demo', Prefix: 'output/' } } }));
  }
  const status = await poll(() => client.send(new DescribeModelCommand({ ProjectName: DEMO_PROJECT, ModelVersion: '1' })).then((o) => o.ModelDescription?.Status ?? ''), (s) => s !== 'TRAINING');
  if (status === 'TRAINING_FAILED') throw new Error('the demo model failed to train');

  writeFileAtomic(join(dataDir, 'demo-images', 'normal.png'), (await syntheticPart('normal', 9001)).png);
  writeFileAtomic(join(dataDir, 'demo-images', 'anomaly.png'), (await syntheticPart('anomaly', 9002)).png);
  writeFileAtomic(join(dataDir, MARKER), new Date().toISOString());
  log(`Demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s: project "${DEMO_PROJECT}", model version 1 (${status}). Try images in ${join(dataDir, 'demo-images')}.`);
  return true;
}

/** A re-run after an interruption finds the project already there. */
function ignoreConflict(error: unknown): void {
  if (!(error instanceof ConflictException)) throw error;
}

/** The value once `done` holds, or the last one after ten minutes; the caller judges it. */
async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  // Seeding takes about ten seconds, so the pause stays short.
  const { last } = await pollUntil(read, done, { minDelay: 0.2, maxDelay: 1, maxWaitTime: 10 * 60 });
  return last;
}
