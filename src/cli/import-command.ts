import {
  ConflictException,
  CreateDatasetCommand,
  CreateProjectCommand,
  DescribeDatasetCommand,
  DescribeProjectCommand,
  LookoutVisionServiceException,
  ResourceNotFoundException,
  type DatasetDescription,
} from '@aws-sdk/client-lookoutvision';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../engine/store/atomic-file';
import { ENGINE_DATABASE } from '../engine/store/database-file';
import { ConfigError } from '../util/config-values';
import { pollUntil } from '../util/poll-until';
import { createLookoutClient } from '../server/lookout-client';
import { maskClasses } from './mask-classes';
import { CliError, ExitCode } from './exit-codes';

const USAGE = `lookout-gateway import-dataset --project NAME --folder DIR [--type train|test]
    [--endpoint http://127.0.0.1:4100] [--data ./.lookout-data] [--create-project]
    [--class NAME=#RRGGBB ...]
The folder holds normal/ and anomaly/ images (PNG or JPEG), and optionally mask/
with a PNG mask per anomaly image of the same base name. Images are copied into
the engine's local S3 area (<data>/s3/lookout-import/...), a Ground Truth
manifest is written beside them, and CreateDataset is called through the SDK.
It needs the engine's data directory on this machine. To import through a
gateway (any backend, with an API key) use \`lookout-gateway dataset import\`.`;

const BUCKET = 'lookout-import';
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** Imports a folder the way the Lookout console did, then waits for the dataset to settle. */
export async function importCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      project: { type: 'string' },
      folder: { type: 'string' },
      type: { type: 'string', default: 'train' },
      endpoint: { type: 'string' },
      data: { type: 'string' },
      region: { type: 'string' },
      'create-project': { type: 'boolean', default: false },
      class: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (!values.project || !values.folder) throw new ConfigError(`--project and --folder are required.\n${USAGE}`);
  if (values.type !== 'train' && values.type !== 'test') throw new ConfigError('--type must be train or test.');
  const dataDir = resolve(values.data ?? env.LOOKOUT_DATA_DIR ?? '.lookout-data');
  const endpoint = values.endpoint ?? env.LOOKOUT_ENDPOINT ?? 'http://127.0.0.1:4100';

  // What can be told without the engine is told first (exit 2), then the engine is asked: nothing is copied
  // into the data directory for a folder without images, an engine that is not there, or a dataset it already has.
  const plan = await planFolder(resolve(values.folder), values.class ?? []);
  if (!existsSync(join(dataDir, ENGINE_DATABASE))) {
    throw new ConfigError(`${dataDir} is not an engine's data directory (it has no ${ENGINE_DATABASE}): --data (or LOOKOUT_DATA_DIR) must be the data directory of the engine at ${endpoint}, on this machine.`);
  }
  const client = createLookoutClient({ region: values.region ?? env.AWS_REGION ?? 'us-east-1', endpoint });
  const call = <T>(send: () => Promise<T>) => send().catch((error: unknown) => Promise.reject(engineCallError(error, endpoint)));
  const project = values.project;
  if (values['create-project']) {
    await call(() =>
      client.send(new CreateProjectCommand({ ProjectName: project })).catch((error: unknown) => {
        if (!(error instanceof ConflictException)) throw error;
      }),
    );
  } else {
    await call(() =>
      client.send(new DescribeProjectCommand({ ProjectName: project })).catch((error: unknown) => {
        if (error instanceof ResourceNotFoundException) throw new CliError(`project ${project} does not exist at ${endpoint}; add --create-project to create it.`, ExitCode.FAILED);
        throw error;
      }),
    );
  }

  const type = values.type;
  const existing = await call(() =>
    client.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: type })).then(
      (o) => o.DatasetDescription,
      (error: unknown) => {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      },
    ),
  );
  if (existing) throw new CliError(`project ${project} already has a ${type} dataset (${existing.Status}) at ${endpoint}; delete it first (DeleteDataset), or add images through a gateway with \`lookout-gateway dataset import\`.`, ExitCode.FAILED);

  const key = `${project}/${type}-${Date.now()}`;
  const staged = join(dataDir, 's3', BUCKET, key);
  // The copy goes when no dataset is made from it: it could not be written, the engine refused the manifest, or
  // read it and failed. A dataset that may still be importing (a wait that ended, a network error) keeps it: the
  // engine reads it image by image.
  let unused = true;
  let failed = false;
  try {
    const lines = stageFolder(plan, staged, `s3://${BUCKET}/${key}`);
    writeFileAtomic(join(staged, 'manifest.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    console.log(`Wrote a manifest of ${lines.length} images to s3://${BUCKET}/${key}/manifest.jsonl`);
    await call(() =>
      client
        .send(
          new CreateDatasetCommand({
            ProjectName: project,
            DatasetType: type,
            DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: BUCKET, Key: `${key}/manifest.jsonl` } } },
          }),
        )
        .catch((error: unknown) => {
          // Only an answer from the engine says it refused; a connection lost on the way leaves it unknown.
          unused = error instanceof LookoutVisionServiceException;
          throw error;
        }),
    );
    unused = false;
    const dataset = await call(() => waitForDataset(() => client.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: type })).then((o) => o.DatasetDescription ?? {})));
    const stats = dataset.ImageStats;
    console.log(`${type} dataset of ${values.project}: ${dataset.Status} (${dataset.StatusMessage ?? ''}) total=${stats?.Total} normal=${stats?.Normal} anomaly=${stats?.Anomaly}`);
    failed = dataset.Status === 'CREATE_FAILED';
    if (dataset.Status !== 'CREATE_COMPLETE') process.exitCode = 1;
  } finally {
    if (unused || failed) rmSync(staged, { recursive: true, force: true });
  }
}

/**
 * The dataset once it leaves *_IN_PROGRESS, or as it is after half an hour;
 * the caller reports whatever status it ended in.
 */
async function waitForDataset(describe: () => Promise<DatasetDescription>): Promise<DatasetDescription> {
  const { last } = await pollUntil(describe, (dataset) => !dataset.Status?.endsWith('IN_PROGRESS'), { minDelay: 0.25, maxDelay: 5, maxWaitTime: 30 * 60 });
  return last;
}

type ManifestLine = Record<string, unknown>;

/** What a folder holds, read and checked without copying anything. */
interface FolderPlan {
  folder: string;
  normal: string[];
  anomaly: string[];
  masks: Map<string, string>;
  colorMap?: Record<string, { 'class-name': string; 'hex-color': string }>;
}

async function planFolder(folder: string, classOptions: string[]): Promise<FolderPlan> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new ConfigError(`${folder} is not a directory.`);
  const list = (sub: string) =>
    existsSync(join(folder, sub)) ? readdirSync(join(folder, sub)).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).sort() : [];
  const normal = list('normal');
  const anomaly = list('anomaly');
  if (normal.length + anomaly.length === 0) throw new ConfigError(`${folder} has no images under normal/ or anomaly/.`);
  const masks = new Map(list('mask').map((f) => [basename(f, extname(f)), f]));
  if (masks.size === 0 && classOptions.length > 0) throw new ConfigError(`--class names mask colours, but ${folder} has no mask/ images.`);
  const colorMap = masks.size > 0 ? await classColors(classOptions, [...masks.values()].map((f) => join(folder, 'mask', f))) : undefined;
  return { folder, normal, anomaly, masks, colorMap };
}

/** Copies the folder's images into the local S3 area and returns their manifest lines. */
function stageFolder({ folder, normal, anomaly, masks, colorMap }: FolderPlan, target: string, uri: string): ManifestLine[] {
  const date = new Date().toISOString();

  const stage = (sub: string, file: string) => {
    mkdirSync(join(target, sub), { recursive: true });
    copyFileSync(join(folder, sub, file), join(target, sub, file));
    return `${uri}/${sub}/${file}`;
  };
  const line = (sub: 'normal' | 'anomaly', file: string): ManifestLine => {
    const entry: ManifestLine = {
      'source-ref': stage(sub, file),
      'anomaly-label': sub === 'anomaly' ? 1 : 0,
      'anomaly-label-metadata': { 'class-name': sub, 'creation-date': date, 'human-annotated': 'yes', 'job-name': 'lookout-gateway-import', type: 'groundtruth/image-classification' },
    };
    const mask = sub === 'anomaly' ? masks.get(basename(file, extname(file))) : undefined;
    if (mask && colorMap) {
      entry['anomaly-mask-ref'] = stage('mask', mask);
      entry['anomaly-mask-ref-metadata'] = { 'internal-color-map': colorMap, 'creation-date': date, 'human-annotated': 'yes', 'job-name': 'lookout-gateway-import', type: 'groundtruth/semantic-segmentation' };
    }
    return entry;
  };
  return [...normal.map((f) => line('normal', f)), ...anomaly.map((f) => line('anomaly', f))];
}

/** The colour map of a Ground Truth manifest, from the masks' classes. */
async function classColors(options: string[], maskFiles: string[]): Promise<Record<string, { 'class-name': string; 'hex-color': string }>> {
  const classes = await maskClasses(options, maskFiles);
  return Object.fromEntries(classes.map((c, i) => [String(i), { 'class-name': c.name, 'hex-color': c.color }]));
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** An engine call's failure as one line and an exit code: the engine's error type and message, or why it could not be reached. */
function engineCallError(error: unknown, endpoint: string): unknown {
  if (error instanceof CliError) return error;
  if (error instanceof LookoutVisionServiceException) {
    // The engine `serve` embeds signs with credentials of its own that no other process has.
    const hint = error.name === 'AccessDeniedException' ? ' (a gateway\'s embedded engine takes no requests from outside: import through the gateway with `lookout-gateway dataset import`, or run the engine alone with `lookout-gateway engine`)' : '';
    return new CliError(`${error.name}: ${error.message}${hint}`, ExitCode.FAILED);
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && UNREACHABLE_CODES.has(code)) return new CliError(`could not reach the engine at ${endpoint} (${code}); is it running? (--endpoint, LOOKOUT_ENDPOINT)`, ExitCode.UNREACHABLE);
  return error;
}
