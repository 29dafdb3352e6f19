import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { uploadedImageHash } from '../lookout/uploaded-image-key';
import { GatewayRequestError } from '../client/gateway-client';
import { CliAddImagesDocument, CliCreateProjectDocument, CliDatasetEntriesDocument, CliProjectDatasetsDocument, type CliDatasetFragment, type DatasetType } from '../client/generated/graphql';
import { ConfigError } from '../util/config-values';
import { runClient } from './client-action';
import { CliError, ExitCode, type ExitCodeValue } from './exit-codes';
import { withConnectionOptions, type ConnectionOptions, type GatewayConnection } from './gateway-connection';
import { batches, readDatasetFolder, type FolderImage } from './dataset-folder';
import type { MaskClass } from './mask-classes';
import { projectExists } from './missing-project';
import { choiceOption, collect, intOption, projectOption } from './option-values';

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
      .requiredOption('--project <name>', 'the project', projectOption)
      .option('--type <type>', 'the dataset: train or test', choiceOption(['train', 'test'] as const), 'train')
      .option('--create-project', 'create the project first (an existing one is fine)')
      .option('--class <name=#RRGGBB>', 'a mask class and its colour (repeatable); default: one class "anomaly" when the masks use one colour', collect)
      .option('--batch-size <n>', 'images per addImages request (each request is all or nothing)', intOption(1, 100), 25)
      .option('--batch-megabytes <n>', 'most megabytes of files per request', intOption(1, 256), 64)
      .option('--timeout <seconds>', 'how long the gateway may wait for each batch to be taken in', intOption(1, 3600), 600)
      .option('--json', 'print the result as one JSON document'),
  )
    .addHelpText('after', '\nExample:\n  lookout-gateway dataset import ./washers --project washers --create-project\n')
    .action((dir: string, options: ImportOptions) => runClient(options, (connection) => importFolder(connection, resolve(dir), options), options.timeout));
}

async function importFolder(connection: GatewayConnection, folder: string, options: ImportOptions): Promise<ExitCodeValue> {
  const { images: found, strayMasks } = readDatasetFolder(folder);
  for (const mask of strayMasks) console.error(`mask/${mask} has no anomaly image of that name; left out.`);
  const hasMasks = found.some((image) => image.mask);
  if (!hasMasks && options.class?.length) throw new ConfigError(`--class names mask colours, but ${folder} has no mask/ images for its anomaly images.`);
  const classes = hasMasks ? await (await import('./mask-classes')).maskClasses(options.class ?? [], found.flatMap((image) => image.mask ?? [])) : [];
  if (options.createProject) await createProject(connection, options.project);
  else if ((await projectExists(connection, options.project)) === false) throw new CliError(`NOT_FOUND: Project ${options.project} does not exist; add --create-project to create it.`, ExitCode.FAILED);

  const type = options.type.toUpperCase() as DatasetType;
  // The gateway refuses an image its dataset has: those are left out here, so an import can be run again.
  const { images, skipped } = await newImages(connection, options.project, type, folder, found);
  if (skipped.existing > 0) console.error(`${skipped.existing} of ${found.length} images already in the ${options.type} dataset, skipped.`);
  const groups = batches(images, options.batchSize, options.batchMegabytes * 1024 * 1024);
  let dataset: CliDatasetFragment | undefined;
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
  // Nothing to upload (every image is there already): the dataset as it is.
  const final = dataset ?? (await currentDataset(connection, options.project, type));
  const masked = images.filter((image) => image.mask).length;
  const anomaly = images.filter((image) => image.label === 'ANOMALY').length;
  const imported = { total: images.length, normal: images.length - anomaly, anomaly, masks: masked };
  if (options.json) {
    console.log(JSON.stringify({ project: options.project, dataset: options.type, imported, skipped, batches: groups.length, classes, status: final.status, statusMessage: final.statusMessage ?? null, imageStats: final.imageStats ?? null }, null, 2));
  } else {
    const stats = final.imageStats;
    console.log(
      images.length > 0
        ? `Imported ${imported.total} images (${imported.normal} normal, ${anomaly} anomalous, ${imported.masks} with masks) into the ${options.type} dataset of ${options.project} in ${groups.length} batch(es).`
        : `Imported no images: all ${found.length} are in the ${options.type} dataset of ${options.project} already.`,
    );
    if (images.length > 0 && skipped.existing > 0) console.log(`${skipped.existing} already in the dataset, skipped.`);
    if (skipped.duplicates > 0) console.log(`${skipped.duplicates} the same as another image of the folder, skipped.`);
    console.log(`The dataset is ${final.status}: ${stats?.total} images, ${stats?.normal} normal, ${stats?.anomaly} anomalous, ${stats?.labeled} labelled.`);
  }
  return final.status.endsWith('_COMPLETE') ? ExitCode.OK : ExitCode.FAILED;
}

/**
 * The images of the folder the dataset does not have yet, by content. The
 * gateway stores an upload under `<batch>/<index>-<first 16 hex digits of
 * its SHA-256>...` (src/services/image-upload.service.ts), so the entries'
 * source-refs (datasetEntries, a page of 100 at a time) say which contents
 * are there; an image whose hash is among them is skipped, as is a second
 * file of the folder with the same content as an earlier one (the gateway
 * refuses a batch with twins). Images put there otherwise (another tool, the
 * console's older uploads under other names) are not recognised.
 */
async function newImages(
  connection: GatewayConnection,
  project: string,
  type: DatasetType,
  folder: string,
  images: FolderImage[],
): Promise<{ images: FolderImage[]; skipped: { existing: number; duplicates: number } }> {
  const present = await storedHashes(connection, project, type);
  const taken = new Map<string, FolderImage>();
  const fresh: FolderImage[] = [];
  const skipped = { existing: 0, duplicates: 0 };
  for (const image of images) {
    const hash = createHash('sha256').update(readFileSync(image.path)).digest('hex').slice(0, 16);
    const twin = taken.get(hash);
    if (present.has(hash)) {
      skipped.existing++;
    } else if (twin) {
      skipped.duplicates++;
      console.error(`${relative(folder, image.path)} is the same image as ${relative(folder, twin.path)}; skipped.`);
    } else {
      taken.set(hash, image);
      fresh.push(image);
    }
  }
  return { images: fresh, skipped };
}

/** The content hashes of the dataset's images as the gateway named them; none for a dataset that does not exist yet. */
async function storedHashes(connection: GatewayConnection, project: string, type: DatasetType): Promise<Set<string>> {
  const hashes = new Set<string>();
  let after: string | null | undefined;
  for (;;) {
    let page;
    try {
      page = (await connection.client.request(CliDatasetEntriesDocument, { project, dataset: type, first: 100, after })).datasetEntries;
    } catch (error) {
      // No dataset yet (or no project: addImages will say so): nothing is there.
      if (error instanceof GatewayRequestError && error.codes.length > 0 && error.codes.every((code) => code === 'NOT_FOUND')) return hashes;
      throw error;
    }
    for (const { node } of page.edges) {
      const hash = uploadedImageHash(node.sourceRef);
      if (hash) hashes.add(hash);
    }
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return hashes;
    after = page.pageInfo.endCursor;
  }
}

async function currentDataset(connection: GatewayConnection, project: string, type: DatasetType): Promise<CliDatasetFragment> {
  const found = (await connection.client.request(CliProjectDatasetsDocument, { name: project })).project?.datasets.find((d) => d.type === type);
  if (!found) throw new CliError(`NOT_FOUND: the ${type.toLowerCase()} dataset of ${project} no longer exists.`, ExitCode.FAILED);
  return found;
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
