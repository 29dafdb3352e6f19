import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { GatewayRequestError } from '../client/gateway-client';
import { CliAddImagesDocument, CliCreateProjectDocument, type CliAddImagesMutation, type DatasetType } from '../client/generated/graphql';
import { runClient } from './client-action';
import { ExitCode, type ExitCodeValue } from './exit-codes';
import { withConnectionOptions, type ConnectionOptions, type GatewayConnection } from './gateway-connection';
import { batches, readDatasetFolder, type FolderImage } from './dataset-folder';
import type { MaskClass } from './mask-classes';
import { choiceOption, collect, intOption } from './option-values';

interface ImportOptions extends ConnectionOptions {
  project: string;
  type: 'train' | 'test';
  createProject?: boolean;
  class?: string[];
  batchSize: number;
  batchMegabytes: number;
  timeout: number;
  json?: boolean;
}

/** `dataset import`: a folder of labelled images into a project's dataset, through the gateway's addImages. */
export function registerDatasetCommands(program: Command): void {
  const dataset = program.command('dataset').description("a project's datasets, through the gateway");
  withConnectionOptions(
    dataset
      .command('import')
      .description('upload a folder of normal/ and anomaly/ images (and mask/ PNGs) into a dataset, in batches, through addImages')
      .argument('<dir>', 'a folder with normal/, anomaly/ and optionally mask/ (a PNG per anomaly image, same base name)')
      .requiredOption('--project <name>', 'the project')
      .option('--type <type>', 'the dataset: train or test', choiceOption(['train', 'test'] as const), 'train')
      .option('--create-project', 'create the project first (an existing one is fine)')
      .option('--class <name=#RRGGBB>', 'a mask class and its colour (repeatable); default: one class "anomaly" when the masks use one colour', collect)
      .option('--batch-size <n>', 'images per addImages request (each request is all or nothing)', intOption(1, 100), 25)
      .option('--batch-megabytes <n>', 'most megabytes of files per request', intOption(1, 256), 64)
      .option('--timeout <seconds>', 'how long the gateway may wait for each batch to be taken in', intOption(1, 3600), 600)
      .option('--json', 'print the result as one JSON document'),
  )
    .addHelpText('after', '\nExample:\n  lookout-gateway dataset import ./washers --project washers --create-project\n')
    .action((dir: string, options: ImportOptions) => runClient(options, (connection) => importFolder(connection, resolve(dir), options)));
}

async function importFolder(connection: GatewayConnection, folder: string, options: ImportOptions): Promise<ExitCodeValue> {
  const { images, strayMasks } = readDatasetFolder(folder);
  for (const mask of strayMasks) console.error(`mask/${mask} has no anomaly image of that name; left out.`);
  const masked = images.filter((image) => image.mask);
  const classes = masked.length > 0 ? await (await import('./mask-classes')).maskClasses(options.class ?? [], masked.map((image) => image.mask!)) : [];
  if (options.createProject) await createProject(connection, options.project);

  const type = options.type.toUpperCase() as DatasetType;
  const groups = batches(images, options.batchSize, options.batchMegabytes * 1024 * 1024);
  let dataset: CliAddImagesMutation['addImages'] | undefined;
  let done = 0;
  for (const [i, group] of groups.entries()) {
    try {
      dataset = (await connection.client.request(CliAddImagesDocument, { project: options.project, dataset: type, images: group.map((image) => imageInput(image, classes)), timeoutSeconds: options.timeout })).addImages;
    } catch (error) {
      throw batchFailure(error, group, folder, `batch ${i + 1}/${groups.length} failed; the ${done} images before it are in the dataset.`);
    }
    done += group.length;
    console.error(`batch ${i + 1}/${groups.length}: ${group.length} images -> ${options.type} dataset ${dataset.status} (${dataset.imageStats?.total ?? '?'} images)`);
  }
  // readDatasetFolder answers at least one image, so at least one batch went up.
  const final = dataset!;
  const anomaly = images.filter((image) => image.label === 'ANOMALY').length;
  const imported = { total: images.length, normal: images.length - anomaly, anomaly, masks: masked.length };
  if (options.json) {
    console.log(JSON.stringify({ project: options.project, dataset: options.type, imported, batches: groups.length, classes, status: final.status, statusMessage: final.statusMessage ?? null, imageStats: final.imageStats ?? null }, null, 2));
  } else {
    const stats = final.imageStats;
    console.log(`Imported ${imported.total} images (${imported.normal} normal, ${anomaly} anomalous, ${imported.masks} with masks) into the ${options.type} dataset of ${options.project} in ${groups.length} batch(es).`);
    console.log(`The dataset is ${final.status}: ${stats?.total} images, ${stats?.normal} normal, ${stats?.anomaly} anomalous, ${stats?.labeled} labelled.`);
  }
  return final.status.endsWith('_COMPLETE') ? ExitCode.OK : ExitCode.FAILED;
}

async function createProject(connection: GatewayConnection, name: string): Promise<void> {
  try {
    await connection.client.request(CliCreateProjectDocument, { name });
    console.error(`created project ${name}`);
  } catch (error) {
    if (!(error instanceof GatewayRequestError) || !error.codes.every((code) => code === 'CONFLICT')) throw error;
    console.error(`project ${name} exists; adding to it`);
  }
}

function imageInput(image: FolderImage, classes: MaskClass[]) {
  const file = (path: string) => ({ bytes: readFileSync(path), name: path.split(/[\\/]/).pop() });
  return image.mask
    ? { file: file(image.path), label: image.label, mask: file(image.mask), anomalyClasses: classes }
    : { file: file(image.path), label: image.label };
}

/** The gateway's refusal with the file it names (`extensions.index` is the image's place in the batch). */
function batchFailure(error: unknown, group: FolderImage[], folder: string, context: string): unknown {
  // A refusal of the caller or a gateway that did not answer is reported as it is (exit codes 3 and 4).
  if (!(error instanceof GatewayRequestError) || error.errors.length === 0 || error.codes.some((code) => code === 'UNAUTHENTICATED' || code === 'FORBIDDEN')) return error;
  const errors = error.errors.map((e) => {
    const index = e.extensions?.index;
    const image = typeof index === 'number' ? group[index] : undefined;
    return image ? { ...e, message: `${relative(folder, image.path)}: ${e.message}` } : e;
  });
  return new GatewayRequestError(error.status, [{ message: context, extensions: { code: errors[0]?.extensions?.code ?? 'ERROR' } }, ...errors]);
}
