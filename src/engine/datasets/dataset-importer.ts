import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EngineContext } from '../engine-context';
import { InvalidInputError, StorageFullError } from '../engine-errors';
import { BackgroundJobs } from '../models/background-jobs';
import type { S3Location } from '../s3-mapping';
import type { DatasetType } from '../store/dataset-store';
import { ImportStaging, type PendingLine, type StagedImage, type StagedLine } from '../store/import-staging';
import { isStorageFull } from '../store/storage-errors';
import { MAX_MANIFEST_LINE_BYTES, maxImagesOf, type DatasetLimits } from './dataset-limits';
import { inspectImage } from './image-rules';
import { ImportError, atLine } from './import-error';
import { parseManifestLine } from './manifest';
import { manifestLines } from './manifest-lines';
import { ObjectReader } from './object-reader';

type ImporterDeps = Pick<EngineContext, 'db' | 'stores' | 's3' | 'now' | 'log'> & { limits: DatasetLimits };

interface ImportJob {
  project: string;
  type: DatasetType;
  /** The status the request left the dataset in: the job acts only while it is still there. */
  running: 'CREATE_IN_PROGRESS' | 'UPDATE_IN_PROGRESS';
  failed: 'CREATE_FAILED' | 'UPDATE_FAILED_ROLLBACK_COMPLETE';
  /** This run's staging id; a newer job for the same dataset supersedes it. */
  id: number;
}

interface Outcome {
  status: string;
  message: string;
}

type Size = { width: number; height: number };

/** Lines staged per transaction in the first pass; other requests get their turn between batches. */
const STAGE_BATCH = 500;
/** Staged lines whose images the second pass loads per page. */
const LOAD_BATCH = 100;
/** Images loaded side by side: libuv's thread pool has four threads; at most 4 x 8 MB (+ masks) in memory. */
const LOADS_AT_ONCE = 4;
/** How often a final status that could not be written (a full disk) is tried again. */
const RECOVERY_RETRY_MS = 1000;

const INTERRUPTED = 'The engine stopped while this import was running; nothing of it was kept. Run it again.';
const STORAGE_FULL = "The engine's storage is full; nothing of this import was kept. Free space in its data directory, then run it again.";

const keyOf = (dataset: { project: string; type: DatasetType }) => `${dataset.project}/${dataset.type}`;

/**
 * Imports manifests into datasets in the background, as Lookout does: the
 * request answers *_IN_PROGRESS at once, and the status moves on when every
 * image has been checked and stored. Entries commit in one transaction with
 * the final status, so a dataset never holds half an import.
 *
 * Memory stays flat as datasets grow: the manifest is streamed line by line
 * into a staging table (first pass: every line checked before any image is
 * read), then each staged line's image is read, checked and stored (second
 * pass), and the final transaction moves the staged rows into the dataset.
 *
 * A job starts once its request's transaction has committed (the operations
 * schedule it with afterCommit), checks its dataset's row before it starts and
 * again in the transaction that ends it, and never lets an error escape: if
 * even its failure cannot be written (a full disk), recovery writes it later.
 */
export class DatasetImporter {
  private readonly jobs: BackgroundJobs;
  private readonly staging: ImportStaging;
  private readonly objects: ObjectReader;
  /** The job importing into each dataset (`project/type`); recovery leaves those datasets alone. */
  private readonly current = new Map<string, number>();
  /** Failure messages that jobs could not write, by dataset, for recovery to write. */
  private readonly unwritten = new Map<string, string>();
  private recoveryRetry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly engine: ImporterDeps) {
    this.jobs = new BackgroundJobs(engine.log);
    this.staging = new ImportStaging(engine.db);
    this.objects = new ObjectReader(engine.s3, engine.limits.objectReadTimeoutMs);
  }

  /** Imports the manifest (or nothing) into a dataset its request has created CREATE_IN_PROGRESS. */
  scheduleCreate(project: string, type: DatasetType, manifest: S3Location | undefined): void {
    this.start({ project, type, running: 'CREATE_IN_PROGRESS', failed: 'CREATE_FAILED' }, async (job) => {
      if (!manifest) return { status: 'CREATE_COMPLETE', message: 'Dataset created empty.' };
      const count = await this.stageLines(job, this.manifestChunks(manifest));
      await this.loadImages(job, manifest, undefined);
      return { status: 'CREATE_COMPLETE', message: count === 0 ? 'Dataset created empty.' : `Imported ${count} images.` };
    });
  }

  /** Adds or relabels entries of a dataset its request has set UPDATE_IN_PROGRESS. */
  scheduleUpdate(project: string, type: DatasetType, changes: Buffer): void {
    this.start({ project, type, running: 'UPDATE_IN_PROGRESS', failed: 'UPDATE_FAILED_ROLLBACK_COMPLETE' }, async (job) => {
      const count = await this.stageLines(job, [changes]);
      const max = maxImagesOf(this.engine.limits, type);
      const total = this.staging.countAfterMerge(job.id, project, type);
      if (total > max) throw new ImportError(`With these changes the ${type} dataset would hold ${total} images; it may hold at most ${max} (${limitName(type)}).`);
      await this.loadImages(job, undefined, this.engine.stores.datasets.firstImageSize(project, type));
      return { status: 'UPDATE_COMPLETE', message: `Added or updated ${count} images.` };
    });
  }

  /** Resolves when every scheduled import has finished (for shutdown and tests). */
  async idle(): Promise<void> {
    await this.jobs.idle();
  }

  /** Stops retrying recovery and waits for the running imports. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.recoveryRetry);
    await this.idle();
  }

  /**
   * Gives each dataset left *_IN_PROGRESS with no job of this engine behind it
   * its failed status: after a crash (at start-up), or when a job could not
   * write its own (a full disk), with that job's message. Nothing of such an
   * import was committed, so the dataset's entries are as before. If this
   * write fails too, it is tried again every second until it lands.
   */
  recoverInterrupted(): void {
    const { db, stores, now } = this.engine;
    try {
      db.transaction(() => {
        for (const dataset of stores.datasets.inProgress()) {
          const key = keyOf(dataset);
          if (this.current.has(key)) continue;
          const failed = dataset.status.startsWith('CREATE') ? 'CREATE_FAILED' : 'UPDATE_FAILED_ROLLBACK_COMPLETE';
          stores.datasets.setStatus(dataset.project, dataset.type, failed, this.unwritten.get(key) ?? INTERRUPTED, now());
        }
      })();
    } catch (error) {
      if (!this.recoveryRetry) this.engine.log(`interrupted imports cannot be marked failed yet; retrying every ${RECOVERY_RETRY_MS / 1000} s`, error);
      this.retryRecovery();
      return;
    }
    this.unwritten.clear();
    clearInterval(this.recoveryRetry);
    this.recoveryRetry = undefined;
  }

  private retryRecovery(): void {
    if (this.closed || this.recoveryRetry) return;
    this.recoveryRetry = setInterval(() => this.recoverInterrupted(), RECOVERY_RETRY_MS).unref();
  }

  private start(kind: Omit<ImportJob, 'id'>, work: (job: ImportJob) => Promise<Outcome>): void {
    const job: ImportJob = { ...kind, id: this.staging.newImportId() };
    const key = keyOf(job);
    this.current.set(key, job.id);
    this.jobs.run(`the import into ${key}`, async () => {
      try {
        if (this.isCurrent(job)) await this.run(job, work);
      } catch (error) {
        this.retryRecovery(); // whatever left the dataset in progress, recovery settles it
        throw error; // for BackgroundJobs to log
      } finally {
        this.release(job);
      }
    });
  }

  /** Whether the dataset is still where the job's request left it, and no newer job replaced this one. */
  private isCurrent(job: ImportJob): boolean {
    return this.current.get(keyOf(job)) === job.id && this.engine.stores.datasets.get(job.project, job.type)?.status === job.running;
  }

  private async run(job: ImportJob, work: (job: ImportJob) => Promise<Outcome>): Promise<void> {
    let failure: unknown;
    try {
      const outcome = await work(job);
      this.settle(job, outcome, true);
      return;
    } catch (error) {
      failure = error; // from the work, or from committing its entries
    }
    const message = this.failureMessage(job, failure);
    try {
      this.settle(job, { status: job.failed, message }, false);
    } catch (error) {
      this.engine.log(`the import into ${keyOf(job)} failed and cannot record it yet`, error);
      this.unwritten.set(keyOf(job), message);
      this.retryRecovery();
    }
  }

  /** Writes the final status, with the staged entries on success, if the dataset is still the job's. */
  private settle(job: ImportJob, outcome: Outcome, withEntries: boolean): void {
    const { db, stores, now } = this.engine;
    db.transaction(() => {
      if (!this.isCurrent(job)) return; // deleted, recovered or superseded meanwhile
      if (withEntries) this.staging.moveIntoDataset(job.id, job.project, job.type);
      stores.datasets.setStatus(job.project, job.type, outcome.status, outcome.message, now());
    })();
  }

  private release(job: ImportJob): void {
    if (this.current.get(keyOf(job)) === job.id) this.current.delete(keyOf(job));
    try {
      this.staging.discard(job.id);
    } catch (error) {
      this.engine.log(`the staged lines of the import into ${keyOf(job)} could not be discarded`, error);
    }
  }

  /** The dataset's StatusMessage for a failure; anything but bad input is logged. */
  private failureMessage(job: ImportJob, error: unknown): string {
    if (error instanceof ImportError || error instanceof InvalidInputError) return error.message;
    if (error instanceof StorageFullError || isStorageFull(error)) {
      this.engine.log(`the import into ${keyOf(job)} failed: the engine's storage is full`, error);
      return error instanceof StorageFullError ? error.message : STORAGE_FULL;
    }
    this.engine.log(`the import into ${keyOf(job)} failed unexpectedly`, error);
    return 'The import failed unexpectedly.';
  }

  /** The manifest's bytes; a refusal of the file itself says it is about the manifest. */
  private async *manifestChunks(manifest: S3Location): AsyncGenerator<Buffer> {
    try {
      yield* this.objects.chunks(manifest, { bytes: this.engine.limits.maxManifestBytes, name: 'maxManifestBytes' });
    } catch (error) {
      throw error instanceof ImportError ? new ImportError(`The manifest cannot be read: ${error.message}`) : error;
    }
  }

  /**
   * First pass: checks every line and stages it, so that a bad line 15,000
   * fails the import before any image is read, and a source-ref named twice is
   * found by the staging table's key. Returns the number of entries.
   */
  private async stageLines(job: ImportJob, chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<number> {
    const max = maxImagesOf(this.engine.limits, job.type);
    let count = 0;
    let batch: StagedLine[] = [];
    const flush = async () => {
      const duplicate = this.staging.stage(job.id, batch);
      batch = [];
      if (duplicate) throw new ImportError(`Manifest line ${duplicate.line}: "source-ref" ${duplicate.source_ref} appears twice.`);
      await nextTurn(); // whatever the source (a buffer has no I/O to wait for), other requests run between batches
    };
    for await (const { number, text } of manifestLines(chunks, MAX_MANIFEST_LINE_BYTES)) {
      const entry = parseManifestLine(text, number);
      if (!entry) continue;
      if (++count > max) throw new ImportError(`Manifest line ${number}: a ${job.type} dataset holds at most ${max} images (${limitName(job.type)}).`);
      batch.push({ line: number, source_ref: entry.sourceRef, entry: JSON.stringify(entry.json), label: entry.label, mask_ref: entry.maskRef });
      if (batch.length === STAGE_BATCH) await flush();
    }
    await flush();
    return count;
  }

  /**
   * Second pass: reads, checks and stores each staged line's image (and
   * mask). A few lines at a time, as each is a chain of small waits on the
   * thread pool (open, read, hash, fsync); a failure names the earliest line.
   */
  private async loadImages(job: ImportJob, manifest: S3Location | undefined, size: Size | undefined): Promise<void> {
    for (let after = 0; ; ) {
      const page = this.staging.page(job.id, after, LOAD_BATCH);
      if (page.length === 0) return;
      const stored: StagedImage[] = [];
      let next = 0;
      if (!size) {
        // The dataset's first image sets the size every other one must have.
        const first = await this.loadLine(page[next++], manifest, undefined);
        size = { width: first.width, height: first.height };
        stored.push(first);
      }
      for (; next < page.length; next += LOADS_AT_ONCE) {
        const loads = page.slice(next, next + LOADS_AT_ONCE).map((line) => this.loadLine(line, manifest, size));
        for (const load of await Promise.allSettled(loads)) {
          if (load.status === 'rejected') throw load.reason;
          stored.push(load.value);
        }
      }
      this.staging.setImages(job.id, stored);
      after = page[page.length - 1].line;
    }
  }

  private async loadLine(line: PendingLine, manifest: S3Location | undefined, size: Size | undefined): Promise<StagedImage> {
    const refuse = (message: string) => atLine(line.line, line.source_ref, '', new ImportError(message));
    const failed =
      (what: string) =>
      (error: unknown): never => {
        if (error instanceof ImportError || error instanceof InvalidInputError) throw atLine(line.line, line.source_ref, what, error);
        if (isStorageFull(error)) throw new StorageFullError(`Manifest line ${line.line} (${line.source_ref}): ${STORAGE_FULL}`, { cause: error });
        throw error;
      };
    const image = await this.readObject(line.source_ref, manifest).catch(failed(''));
    const info = await inspectImage(image).catch(failed(''));
    if (size && (info.width !== size.width || info.height !== size.height)) {
      throw refuse(`the image is ${info.width}x${info.height}, but the dataset's images are ${size.width}x${size.height}.`);
    }
    let maskFile: string | null = null;
    // A normal image has no anomaly to outline: Lookout's own manifests point
    // normal entries at a placeholder ("dummy") mask, which is not read.
    if (line.mask_ref && line.label === 'anomaly') {
      const mask = await this.readObject(line.mask_ref, manifest).catch(failed('mask: '));
      const maskInfo = await inspectImage(mask).catch(failed('mask: '));
      if (maskInfo.format !== 'png') throw refuse('the mask must be a PNG image.');
      if (maskInfo.width !== info.width || maskInfo.height !== info.height) throw refuse('the mask and the image differ in size.');
      maskFile = await this.engine.stores.images.put(mask, 'png').catch(failed('mask: '));
    }
    const imageFile = await this.engine.stores.images.put(image, info.format === 'png' ? 'png' : 'jpg').catch(failed(''));
    return { line: line.line, image_file: imageFile, mask_file: maskFile, width: info.width, height: info.height, created_at: this.engine.now() };
  }

  private async readObject(ref: string, manifest: S3Location | undefined): Promise<Buffer> {
    const location = this.engine.s3.resolveRef(ref, manifest);
    return this.objects.read(location, { bytes: this.engine.limits.maxImageBytes, name: 'maxImageBytes' });
  }
}

function limitName(type: DatasetType): string {
  return type === 'train' ? "maxTrainImages, Lookout's limit" : "maxTestImages, Lookout's limit";
}
