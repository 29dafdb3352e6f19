import { createHash, randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import { IMAGE_RULES } from '../lookout/constraints';
import { IMAGE_CONTENT_TYPES } from '../lookout/image-format';
import { ImageRuleError, imageSizeFromHead, inspectImage, UnsupportedImageFormat, type ImageInfo } from '../lookout/inspect-image';
import { maskColors } from '../lookout/mask-colors';
import { uploadedImageHash, uploadedImageKey } from '../lookout/uploaded-image-key';
import type { Clock } from '../runtime/clock';
import { ImageLabel, type AnomalyClass } from '../schema/dataset-entry.type';
import type { Dataset } from '../schema/dataset.type';
import type { DatasetType } from '../schema/enums';
import type { FileUpload } from '../schema/scalars';
import type { DatasetService } from './dataset.service';
import { ErrorCode } from './error-codes';
import { gatewayError, projectNotFound } from './gateway-error';
import type { Loaders } from './loaders';
import type { LookoutApi } from './lookout-api';
import { entryLine, readEntry } from './manifest-lines';
import { fromDatasetType, toDataset, toImageStats } from './mappers';
import type { S3Api } from './s3-api';
import type { StorageLocations } from './storage-locations';
import { readUpload, uploadFailure } from './upload-reader';

/**
 * How much of a stored image is read for its size: a PNG's is in its first
 * 24 bytes, a JPEG's after its metadata segments, which rarely pass 64 KiB.
 */
const HEADER_BYTES = 256 * 1024;

/** ListDatasetEntries' largest page. */
const ENTRIES_PAGE = 100;

export interface ImageUpload {
  file: Promise<FileUpload> | FileUpload;
  label?: ImageLabel | null;
  mask?: Promise<FileUpload> | FileUpload | null;
  anomalyClasses?: AnomalyClass[] | null;
}

/** A file that has arrived: its bytes, what the image check found, its SHA-256 (hex), worked out once, and the name it was sent with. */
interface ReceivedFile {
  bytes: Buffer;
  info: ImageInfo;
  sha256: string;
  filename: string;
}

interface Received {
  image?: ReceivedFile;
  mask?: ReceivedFile;
}

/**
 * `addImages`: a batch of uploaded images (with labels, and masks for a
 * segmentation dataset) into a project's dataset, through S3 and the Lookout
 * API as the Lookout console did it. Files are read in the order they arrive
 * (a multipart body is one stream, so reading them in another order could
 * wait for ever), one at a time, each checked by Lookout's rules and put in
 * S3 under a prefix of its own batch; then one CreateDataset from a manifest,
 * or one UpdateDatasetEntries. Nothing is half-added: a file refused at index
 * k, or an import Lookout refuses, leaves the dataset as it was and the
 * batch's objects deleted.
 */
export class ImageUploadService {
  constructor(
    private readonly api: LookoutApi,
    private readonly s3: S3Api,
    private readonly datasets: DatasetService,
    private readonly loaders: Loaders,
    private readonly storage: StorageLocations,
    private readonly clock: Clock,
    private readonly maxUploadBytes: number,
  ) {}

  async add(input: { project: string; dataset: DatasetType; images: ImageUpload[] }, timeoutSeconds = 600): Promise<Dataset> {
    const type = fromDatasetType(input.dataset);
    const location = this.storage.dataset(input.project, type);
    const existing = await this.loaders.dataset.load({ project: input.project, type });
    if (existing && String(existing.Status).endsWith('IN_PROGRESS')) {
      throw gatewayError(ErrorCode.CONFLICT, `The ${type} dataset of ${input.project} is ${existing.Status}; wait for it to finish.`, { resourceId: `${input.project}/${type}`, resourceType: 'DATASET' });
    }
    if (this.storage.createsBuckets) await this.s3.ensureBucket(location.bucket);
    const batch = `${location.prefix}${this.clock.now().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}/`;
    const written: string[] = [];
    try {
      let size = existing ? await this.sizeOfDataset(input.project, type) : null;
      const twinOf = existing ? await this.twinFinder(input.project, type, existing.ImageStats?.Total, input.images.length) : async () => undefined;
      const lines = await this.receive(input.images, async (index, upload, received) => {
        const { image, mask } = received;
        if (!image) return null;
        size ??= { width: image.info.width, height: image.info.height };
        if (image.info.width !== size.width || image.info.height !== size.height) {
          throw refused(index, `the image is ${image.info.width}x${image.info.height}, but the dataset's images are ${size.width}x${size.height}.`);
        }
        const twin = await twinOf(image.sha256.slice(0, 16));
        if (twin) throw refused(index, `the image is in the dataset already, as ${twin}.`);
        if (mask) await checkMaskColors(index, mask, upload.anomalyClasses ?? []);
        const key = uploadedImageKey(batch, index, image.sha256, image.filename, image.info.format);
        await this.s3.write({ bucket: location.bucket, key, what: `image ${index}` }, image.bytes, IMAGE_CONTENT_TYPES[image.info.format], image.sha256);
        written.push(key);
        let maskRef: string | null = null;
        if (mask) {
          const maskKey = `${batch}${index}-mask-${mask.sha256.slice(0, 16)}.png`;
          await this.s3.write({ bucket: location.bucket, key: maskKey, what: `mask ${index}` }, mask.bytes, 'image/png', mask.sha256);
          written.push(maskKey);
          maskRef = `s3://${location.bucket}/${maskKey}`;
        }
        const label = upload.label ?? ImageLabel.UNLABELED;
        return entryLine({ sourceRef: `s3://${location.bucket}/${key}`, label, maskRef, anomalyClasses: upload.anomalyClasses ?? [] }, this.clock.now());
      });
      if (existing) {
        await this.api.updateDatasetEntries(input.project, type, lines);
        return await this.datasets.settled(input.project, type, timeoutSeconds);
      }
      const manifestKey = `${batch}manifest.jsonl`;
      await this.s3.write({ bucket: location.bucket, key: manifestKey, what: 'the manifest' }, Buffer.from(lines.join('\n') + '\n'), 'application/jsonl');
      written.push(manifestKey);
      await this.api.createDataset(input.project, type, { bucket: location.bucket, key: manifestKey });
      try {
        return await this.datasets.settled(input.project, type, timeoutSeconds);
      } catch (error) {
        // A dataset this batch created and Lookout then refused would stay CREATE_FAILED: remove it.
        await this.api.deleteDataset(input.project, type).catch(() => {});
        throw error;
      }
    } catch (error) {
      await this.s3.remove(location.bucket, written).catch(() => {});
      throw error;
    } finally {
      this.loaders.project.clear(input.project);
      this.loaders.dataset.clear({ project: input.project, type });
    }
  }

  /**
   * `removeImages`: Lookout has no operation that removes an entry, so the
   * dataset is made again from a manifest without them, as the Lookout console
   * did. The full manifest is written first; if the new dataset cannot be
   * made, the old one is made again from it, so no image is lost.
   */
  async remove(input: { project: string; dataset: DatasetType; sourceRefs: string[] }, timeoutSeconds = 600): Promise<Dataset> {
    const type = fromDatasetType(input.dataset);
    const kept = await this.manifestsPlace(input.project, type);
    const lines = await this.allLines(input.project, type);
    const present = new Set(lines.map((line) => readEntry(line)?.sourceRef));
    input.sourceRefs.forEach((ref, index) => {
      if (!present.has(ref)) throw gatewayError(ErrorCode.NOT_FOUND, `sourceRefs[${index}]: ${ref} is not in the ${type} dataset of ${input.project}.`, { argument: 'sourceRefs', index });
    });
    const removed = new Set(input.sourceRefs);
    const remaining = lines.filter((line) => !removed.has(readEntry(line)?.sourceRef ?? ''));
    const before = { bucket: kept.bucket, key: `${kept.stamp}-before.jsonl` };
    const after = { bucket: kept.bucket, key: `${kept.stamp}-after.jsonl` };
    await this.s3.write({ ...before, what: 'the manifest before the removal' }, Buffer.from(lines.join('\n') + '\n'), 'application/jsonl');
    await this.s3.write({ ...after, what: 'the manifest after the removal' }, Buffer.from(remaining.join('\n') + (remaining.length ? '\n' : '')), 'application/jsonl');
    try {
      await this.api.deleteDataset(input.project, type);
      await this.api.createDataset(input.project, type, remaining.length > 0 ? after : null);
      return await this.datasets.settled(input.project, type, timeoutSeconds);
    } catch (error) {
      await this.restore(input.project, type, before, timeoutSeconds);
      throw error;
    } finally {
      this.loaders.project.clear(input.project);
      this.loaders.dataset.clear({ project: input.project, type });
    }
  }

  /**
   * `deleteDataset`: Lookout's DeleteDataset, once the dataset's full manifest
   * is written to S3 beside removeImages' manifests (`<prefix>manifests/<time>-<id>-deleted.jsonl`),
   * so its images can be imported again. Answers the dataset as it was.
   */
  async deleteDataset(input: { project: string; dataset: DatasetType }): Promise<Dataset> {
    const type = fromDatasetType(input.dataset);
    // Read first: the answer's imageStats are the dataset's as it was.
    const description = await this.loaders.dataset.load({ project: input.project, type });
    if (!description) {
      if (!(await this.loaders.project.load(input.project))) throw projectNotFound(input.project);
      throw gatewayError(ErrorCode.NOT_FOUND, `Project ${input.project} has no ${type} dataset.`, { resourceId: `${input.project}/${type}`, resourceType: 'DATASET' });
    }
    if (description.Status?.endsWith('_IN_PROGRESS')) {
      throw gatewayError(ErrorCode.CONFLICT, `The ${type} dataset of ${input.project} is ${description.Status}; wait for it to finish.`, { resourceId: `${input.project}/${type}`, resourceType: 'DATASET' });
    }
    const lines = await this.allLines(input.project, type);
    if (lines.length > 0) {
      const kept = await this.manifestsPlace(input.project, type);
      await this.s3.write({ bucket: kept.bucket, key: `${kept.stamp}-deleted.jsonl`, what: 'the manifest of the deleted dataset' }, Buffer.from(lines.join('\n') + '\n'), 'application/jsonl');
    }
    try {
      await this.api.deleteDataset(input.project, type);
    } finally {
      // Later fields of the same request (an addImages that makes it again, say) must not see it.
      this.loaders.project.clear(input.project);
      this.loaders.dataset.clear({ project: input.project, type });
    }
    return { ...toDataset(input.project, description), imageStatsAsItWas: toImageStats(description) };
  }

  /** Where a dataset's manifests are kept in S3 (`<prefix>manifests/`, beside its images), and a name of this moment for the next ones. */
  private async manifestsPlace(project: string, type: 'train' | 'test'): Promise<{ bucket: string; stamp: string }> {
    const location = this.storage.dataset(project, type);
    if (this.storage.createsBuckets) await this.s3.ensureBucket(location.bucket);
    return { bucket: location.bucket, stamp: `${location.prefix}manifests/${this.clock.now().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}` };
  }

  /** Makes the dataset again from its full manifest after a failed removal. */
  private async restore(project: string, type: 'train' | 'test', manifest: { bucket: string; key: string }, timeoutSeconds: number): Promise<void> {
    await this.api.deleteDataset(project, type).catch(() => {}); // whatever half-made dataset there is
    await this.api.createDataset(project, type, manifest);
    await this.datasets.settled(project, type, timeoutSeconds);
  }

  /** Every manifest line of the dataset (of those whose source-ref contains `sourceRefContains`, when given), page by page. */
  private async allLines(project: string, type: 'train' | 'test', sourceRefContains?: string): Promise<string[]> {
    const lines: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.api.listDatasetEntries(project, type, sourceRefContains ? { sourceRefContains } : {}, { maxResults: ENTRIES_PAGE, nextToken: token });
      lines.push(...page.entries);
      token = page.nextToken;
    } while (token);
    return lines;
  }

  /**
   * Reads every file of the batch as it arrives and hands each image, once it
   * (and its mask, when it has one) is in, to `place`; answers the manifest
   * lines in the images' order.
   */
  private async receive(
    images: ImageUpload[],
    place: (index: number, upload: ImageUpload, received: Received) => Promise<string | null>,
  ): Promise<string[]> {
    const lines: (string | null)[] = images.map(() => null);
    const received: Received[] = images.map(() => ({}));
    const seen = new Map<string, number>();
    const pending = new Map<number, Promise<{ slot: number; upload?: FileUpload; error?: unknown }>>();
    images.forEach((image, index) => {
      checkLabels(index, image);
      const slots: [number, Promise<FileUpload> | FileUpload | null | undefined][] = [
        [index * 2, image.file],
        [index * 2 + 1, image.mask],
      ];
      for (const [slot, file] of slots) {
        if (file) pending.set(slot, Promise.resolve(file).then((upload) => ({ slot, upload }), (error: unknown) => ({ slot, error })));
      }
    });
    while (pending.size > 0) {
      const next = await Promise.race(pending.values());
      pending.delete(next.slot);
      const index = Math.floor(next.slot / 2);
      const isMask = next.slot % 2 === 1;
      if (next.error !== undefined || !next.upload) throw atIndex(index, uploadFailure(next.error, this.maxUploadBytes));
      const hash = createHash('sha256');
      const bytes = await readUpload(next.upload.createReadStream(), Math.min(this.maxUploadBytes, IMAGE_RULES.maxBytes), hash).catch((error: GraphQLError) => {
        throw atIndex(index, error);
      });
      const info = await inspectImage(bytes).catch((error: unknown) => {
        // As detectAnomalies answers a file that is no PNG or JPEG at all; a damaged one is the image's fault (BAD_USER_INPUT).
        if (error instanceof UnsupportedImageFormat) {
          throw gatewayError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `images[${index}]: ${isMask ? 'the mask: ' : ''}the file is neither a PNG nor a JPEG image.`, { argument: 'images', index });
        }
        if (error instanceof ImageRuleError) throw refused(index, `${isMask ? 'the mask: ' : ''}${error.message}`);
        throw error;
      });
      const sha256 = hash.digest('hex');
      const filename = next.upload.filename ?? '';
      if (isMask) {
        if (info.format !== 'png') throw refused(index, 'the mask must be a PNG image.');
        received[index].mask = { bytes, info, sha256, filename };
      } else {
        const twin = seen.get(sha256);
        if (twin !== undefined) throw refused(index, `the image is the same as images[${twin}].`);
        seen.set(sha256, index);
        received[index].image = { bytes, info, sha256, filename };
      }
      const { image, mask } = received[index];
      const complete = image && (mask || !images[index].mask);
      if (!complete) continue;
      if (mask && (mask.info.width !== image.info.width || mask.info.height !== image.info.height)) {
        throw refused(index, `the mask is ${mask.info.width}x${mask.info.height}, the image ${image.info.width}x${image.info.height}; they must be the same size.`);
      }
      lines[index] = await place(index, images[index], received[index]);
      received[index] = {}; // let the bytes go
    }
    return lines.filter((line): line is string => line !== null);
  }

  /**
   * Finds the image of the dataset this gateway uploaded with the same first
   * 16 hex digits of its SHA-256 (in its key): an image sent again is refused
   * rather than stored twice. Images put there otherwise are not known. With
   * the fewest calls: the whole dataset listed once when that takes fewer
   * pages than the batch has images, else one ListDatasetEntries filtered by
   * the hash per image, so adding an image to a large dataset does not read
   * all of its entries.
   */
  private async twinFinder(project: string, type: 'train' | 'test', entries: number | undefined, images: number): Promise<(hash: string) => Promise<string | undefined>> {
    if (entries !== undefined && Math.ceil(entries / ENTRIES_PAGE) < images) {
      const stored = new Map<string, string>();
      for (const line of await this.allLines(project, type)) {
        const ref = readEntry(line)?.sourceRef ?? '';
        const hash = uploadedImageHash(ref);
        if (hash) stored.set(hash, ref);
      }
      return async (hash) => stored.get(hash);
    }
    // The filter is a substring match: a name that merely contains the hash is checked against the key pattern.
    return async (hash) => (await this.allLines(project, type, `-${hash}`)).map((line) => readEntry(line)?.sourceRef ?? '').find((ref) => uploadedImageHash(ref) === hash);
  }

  /**
   * The size of the dataset's images: the first entry's image's header, read
   * from S3 (the whole image only when its header runs past HEADER_BYTES).
   */
  private async sizeOfDataset(project: string, type: 'train' | 'test'): Promise<{ width: number; height: number } | null> {
    const page = await this.api.listDatasetEntries(project, type, {}, { maxResults: 1 });
    const sourceRef = page.entries[0] ? readEntry(page.entries[0])?.sourceRef : undefined;
    const ref = sourceRef ? /^s3:\/\/([^/]+)\/(.+)$/.exec(sourceRef) : null;
    if (!ref) return null;
    // Named by its address: while it is missing no image can be added, until its entry is removed.
    const object = { bucket: ref[1], key: ref[2], what: `${sourceRef}, the first image of the ${type} dataset of ${project}` };
    const head = await this.s3.readHead(object, HEADER_BYTES);
    const size = await imageSizeFromHead(head);
    if (size) return size;
    // A head shorter than asked for is the whole object already.
    const whole = head.length < HEADER_BYTES ? head : await this.s3.read(object, IMAGE_RULES.maxBytes);
    const info = await inspectImage(whole).catch(() => null);
    return info ? { width: info.width, height: info.height } : null;
  }
}

/**
 * A mask's colours must be its classes': a painted colour no class names,
 * or a mask that paints none of its classes, would train a model that never
 * finds them.
 */
async function checkMaskColors(index: number, mask: ReceivedFile, classes: AnomalyClass[]): Promise<void> {
  const declared = classes.map((c) => c.color.toUpperCase());
  const painted = await maskColors(mask.bytes, declared);
  const unnamed = painted.filter((color) => !declared.includes(color));
  if (unnamed.length > 0) throw refused(index, `the mask paints ${unnamed.join(', ')}, which no colour of its anomalyClasses (${declared.join(', ')}) names.`);
  if (!painted.some((color) => declared.includes(color))) throw refused(index, `the mask paints none of its anomalyClasses' colours (${declared.join(', ')}).`);
}

/** A mask outlines an anomaly: only ANOMALY images may have one, and then with the classes its colours stand for. */
function checkLabels(index: number, image: ImageUpload): void {
  const classes = image.anomalyClasses ?? [];
  if (image.mask && image.label !== ImageLabel.ANOMALY) throw refused(index, 'only an ANOMALY image may have a mask.');
  if (image.mask && classes.length === 0) throw refused(index, 'a mask needs anomalyClasses: the class name of each colour in it.');
  if (!image.mask && classes.length > 0) throw refused(index, 'anomalyClasses describe a mask; this image has none.');
  const colors = new Set<string>();
  for (const c of classes) {
    if (!/^#[0-9A-Fa-f]{6}$/.test(c.color)) throw refused(index, `the colour of class ${c.name} must be #RRGGBB, not "${c.color}".`);
    if (!/^[a-zA-Z0-9]{1,256}$/.test(c.name)) throw refused(index, `the class name "${c.name}" must be 1-256 letters or digits.`);
    if (colors.has(c.color.toUpperCase())) throw refused(index, `two classes have the colour ${c.color}.`);
    colors.add(c.color.toUpperCase());
  }
}

function refused(index: number, message: string): GraphQLError {
  return gatewayError(ErrorCode.BAD_USER_INPUT, `images[${index}]: ${message}`, { argument: 'images', index });
}

/** An upload failure of one file, said with its index. */
function atIndex(index: number, error: GraphQLError): GraphQLError {
  return gatewayError((error.extensions?.code as ErrorCode) ?? ErrorCode.BAD_USER_INPUT, `images[${index}]: ${error.message}`, { argument: 'images', index });
}
