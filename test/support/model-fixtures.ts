import {
  CreateDatasetCommand,
  CreateModelCommand,
  CreateProjectCommand,
  DescribeDatasetCommand,
  DescribeModelCommand,
  DescribeModelPackagingJobCommand,
  StartModelCommand,
  StartModelPackagingJobCommand,
  type LookoutVisionClient,
  type ModelDescription,
  type ModelPackagingDescription,
} from '@aws-sdk/client-lookoutvision';
import { cpSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { stageSyntheticSet, type SyntheticSetOptions } from '../../src/demo/synthetic-dataset';
import type { Engine } from '../../src/engine/build-engine';
import type { ModelRow } from '../../src/engine/store/model-store';
import { startEngine, waitFor, type RunningEngine } from './engine-harness';
import { makeImage } from './images';

export const OUTPUT_CONFIG = { S3Location: { Bucket: 'model-output', Prefix: 'runs/' } };

const BUSY = ['TRAINING', 'STARTING_HOSTING', 'STOPPING_HOSTING', 'DELETING'];

export const describeModel = (client: LookoutVisionClient, project: string, version: string) =>
  client.send(new DescribeModelCommand({ ProjectName: project, ModelVersion: version })).then((o) => o.ModelDescription as ModelDescription);

/** The model once it has left every in-progress state. */
export const settledModel = (client: LookoutVisionClient, project: string, version: string, timeoutMs = 90_000) =>
  waitFor(() => describeModel(client, project, version), (m) => !BUSY.includes(m.Status ?? ''), timeoutMs);

/** A project with a complete train dataset of synthetic parts (classification: no masks). */
export async function projectWithDataset(client: LookoutVisionClient, dataDir: string, project: string, images = { normal: 20, anomaly: 10 }): Promise<void> {
  await client.send(new CreateProjectCommand({ ProjectName: project }));
  await datasetOf(client, dataDir, project, images);
}

/** A complete dataset of synthetic parts (classification: no masks) in an existing project. */
export async function datasetOf(client: LookoutVisionClient, dataDir: string, project: string, images: { normal: number; anomaly: number }, type: 'train' | 'test' = 'train'): Promise<void> {
  const { bucket, key } = await stageSyntheticSet(dataDir, { ...images, masks: false, prefix: type === 'train' ? project : `${project}-test` });
  await client.send(new CreateDatasetCommand({ ProjectName: project, DatasetType: type, DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: bucket, Key: key } } } }));
  const dataset = await waitFor(
    () => client.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: type })).then((o) => o.DatasetDescription!),
    (d) => d.Status !== 'CREATE_IN_PROGRESS',
    60_000,
  );
  if (dataset.Status !== 'CREATE_COMPLETE') throw new Error(`dataset of ${project} ended ${dataset.Status}: ${dataset.StatusMessage}`);
}

/** Trains a model of `project` through the API and waits until it is TRAINED; returns its version. */
export async function trainedModel(client: LookoutVisionClient, project: string): Promise<string> {
  const created = await client.send(new CreateModelCommand({ ProjectName: project, OutputConfig: OUTPUT_CONFIG }));
  const version = created.ModelMetadata!.ModelVersion!;
  const model = await settledModel(client, project, version);
  if (model.Status !== 'TRAINED') throw new Error(`model ${project}/${version} ended ${model.Status}: ${model.StatusMessage}`);
  return version;
}

/** Starts a model and waits until it is HOSTED. */
export async function hostedModel(client: LookoutVisionClient, project: string, version: string, units: { min: number; max?: number } = { min: 1 }): Promise<void> {
  await client.send(new StartModelCommand({ ProjectName: project, ModelVersion: version, MinInferenceUnits: units.min, MaxInferenceUnits: units.max }));
  const model = await settledModel(client, project, version);
  if (model.Status !== 'HOSTED') throw new Error(`model ${project}/${version} ended ${model.Status}: ${model.StatusMessage}`);
}

/**
 * Another TRAINED version of a project with the same model files, made in the
 * store instead of by a second training run, to keep tests that need several
 * trained models fast.
 */
export function copyOfTrainedModel(engine: Engine, project: string, version: string): string {
  const { project: _, version: __, arn: ___, ...source } = engine.context.stores.models.get(project, Number(version))!;
  return installedModel(engine, project, engine.context.runtime.modelDir(project, Number(version)), { ...source, min_inference_units: null, max_inference_units: null });
}

/** Model files and the figures DescribeModel reports for them, kept outside any engine. */
interface TrainedFiles {
  dir: string;
  performance: string | null;
}

type CopiedFields = Partial<Omit<ModelRow, 'project' | 'version' | 'arn'>>;

// vitest runs the files of a fork in one module registry (isolate: false), so this outlives a test file.
let trainedInThisFork: TrainedFiles | undefined;

/**
 * A TRAINED model of `project` (which has its train dataset already, as
 * `projectWithDataset` makes it), for tests that need a model rather than a
 * training: the first call in a test process trains it through the API and
 * keeps a copy of its files; later calls, in that file or the next ones of
 * the process, install that copy as a new version. A copy has no evaluation
 * files (DescribeModel lists none); a test about training or its outputs
 * calls `trainedModel`.
 */
export async function modelFromOneTraining(engine: Pick<RunningEngine, 'client' | 'engine'>, project: string): Promise<string> {
  if (trainedInThisFork) return installedModel(engine.engine, project, trainedInThisFork.dir, { performance: trainedInThisFork.performance });
  const version = await trainedModel(engine.client, project);
  const dir = mkdtempSync(join(inject('runScratchDir'), 'trained-model-'));
  cpSync(engine.engine.context.runtime.modelDir(project, Number(version)), dir, { recursive: true });
  trainedInThisFork = { dir, performance: engine.engine.context.stores.models.get(project, Number(version))!.performance };
  return version;
}

/** The next version of `project`, TRAINED with a copy of the model files in `dir`, made in the store; `fields` as given, the rest as a new model's. */
function installedModel(engine: Engine, project: string, dir: string, fields: CopiedFields): string {
  const { stores, runtime, arns } = engine.context;
  const version = stores.models.nextVersion(project);
  stores.models.insert({
    project,
    version,
    arn: arns.model(project, String(version)),
    description: null,
    created_at: Date.now(),
    output_bucket: OUTPUT_CONFIG.S3Location.Bucket,
    output_prefix: OUTPUT_CONFIG.S3Location.Prefix,
    kms_key_id: null,
    performance: null,
    evaluation_manifest_key: null,
    evaluation_result_key: null,
    evaluation_end: null,
    min_inference_units: null,
    max_inference_units: null,
    ...fields,
    status: 'TRAINED',
    status_message: 'Training completed.',
  });
  cpSync(dir, runtime.modelDir(project, version), { recursive: true });
  return String(version);
}

/** A running engine with `project`, its train dataset and one TRAINED model, and an image of the model's size to detect on. */
export async function engineWithTrainedModel(project: string): Promise<{ engine: RunningEngine; version: string; image: Buffer }> {
  const engine = await startEngine();
  await projectWithDataset(engine.client, engine.dataDir, project);
  const version = await modelFromOneTraining(engine, project);
  return { engine, version, image: await makeImage('png', 128, 128, 3) };
}

/**
 * A project trained on a synthetic set (staged in the engine's S3 area with
 * masks: a segmentation model) and packaged by a Greengrass packaging job to
 * s3://<bucket>/<prefix>/<component>/1.0.0/; the job as it ended.
 */
export async function packagedSyntheticModel(
  engine: RunningEngine,
  options: { project: string; set?: Pick<SyntheticSetOptions, 'canvas'>; jobName: string; component: string; bucket: string; prefix: string },
): Promise<{ version: string; job: ModelPackagingDescription }> {
  const { client } = engine;
  const { project, jobName } = options;
  await client.send(new CreateProjectCommand({ ProjectName: project }));
  const { bucket, key } = await stageSyntheticSet(engine.dataDir, { normal: 20, anomaly: 10, masks: true, prefix: project, ...options.set });
  await client.send(new CreateDatasetCommand({ ProjectName: project, DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: bucket, Key: key } } } }));
  await engine.engine.context.importer.idle();
  const version = await trainedModel(client, project);
  await client.send(
    new StartModelPackagingJobCommand({
      ProjectName: project,
      ModelVersion: version,
      JobName: jobName,
      Configuration: {
        Greengrass: { ComponentName: options.component, TargetPlatform: { Os: 'LINUX', Arch: 'X86_64' }, S3OutputLocation: { Bucket: options.bucket, Prefix: options.prefix } },
      },
    }),
  );
  const job = await waitFor(
    () => client.send(new DescribeModelPackagingJobCommand({ ProjectName: project, JobName: jobName })).then((o) => o.ModelPackagingDescription!),
    (j) => j.Status === 'SUCCEEDED' || j.Status === 'FAILED',
    60_000,
  );
  return { version, job };
}
