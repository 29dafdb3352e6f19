import { readFile } from 'node:fs/promises';
import type { EngineContext } from '../engine-context';
import { EngineError } from '../engine-errors';
import type { S3Location } from '../s3-mapping';
import type { DatasetType, EntryRow } from '../store/dataset-store';
import { inspectImage } from './image-rules';
import { ManifestError, parseManifest, type ManifestEntry } from './manifest';

type ImporterDeps = Pick<EngineContext, 'db' | 'stores' | 's3' | 'now' | 'log'>;

/**
 * Imports manifests into datasets in the background, as Lookout does: the
 * request answers *_IN_PROGRESS at once, and the status moves on when every
 * image has been checked and stored. Entries commit in one transaction with
 * the final status, so a dataset never holds half an import.
 */
export class DatasetImporter {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly engine: ImporterDeps) {}

  scheduleCreate(project: string, type: DatasetType, manifest: S3Location | undefined): void {
    this.schedule(async () => {
      if (this.engine.stores.datasets.get(project, type)?.status !== 'CREATE_IN_PROGRESS') return;
      try {
        const text = manifest ? await this.readManifest(manifest) : '';
        const entries = await this.load(parseManifest(text), manifest, undefined);
        this.finish(project, type, 'CREATE_IN_PROGRESS', () => {
          this.engine.stores.datasets.upsertEntries(project, type, entries);
          return ['CREATE_COMPLETE', entries.length === 0 ? 'Dataset created empty.' : `Imported ${entries.length} images.`];
        });
      } catch (error) {
        this.finish(project, type, 'CREATE_IN_PROGRESS', () => ['CREATE_FAILED', this.failureMessage(error)]);
      }
    });
  }

  scheduleUpdate(project: string, type: DatasetType, changes: string): void {
    this.schedule(async () => {
      try {
        const existing = this.engine.stores.datasets.allEntries(project, type);
        const size = existing[0] ? { width: existing[0].width, height: existing[0].height } : undefined;
        const entries = await this.load(parseManifest(changes), undefined, size);
        this.finish(project, type, 'UPDATE_IN_PROGRESS', () => {
          this.engine.stores.datasets.upsertEntries(project, type, entries);
          return ['UPDATE_COMPLETE', `Added or updated ${entries.length} images.`];
        });
      } catch (error) {
        this.finish(project, type, 'UPDATE_IN_PROGRESS', () => ['UPDATE_FAILED_ROLLBACK_COMPLETE', this.failureMessage(error)]);
      }
    });
  }

  /** Resolves when every scheduled import has finished (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * After a crash, imports that were running are gone: say so in their status.
   * Nothing of them was committed, so the dataset's entries are as before.
   */
  recoverInterrupted(): void {
    const message = 'The engine stopped while this import was running; nothing of it was kept. Run it again.';
    for (const dataset of this.engine.stores.datasets.inProgress()) {
      const failed = dataset.status.startsWith('CREATE') ? 'CREATE_FAILED' : 'UPDATE_FAILED_ROLLBACK_COMPLETE';
      this.engine.stores.datasets.setStatus(dataset.project, dataset.type, failed, message, this.engine.now());
    }
  }

  private schedule(job: () => Promise<void>): void {
    // Deferred so the request's own transaction has committed the dataset row.
    const run = new Promise<void>((resolve) => setImmediate(resolve)).then(job);
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private finish(project: string, type: DatasetType, expected: string, decide: () => [string, string]): void {
    this.engine.db.transaction(() => {
      const dataset = this.engine.stores.datasets.get(project, type);
      if (dataset?.status !== expected) return; // deleted or recovered meanwhile
      const [status, message] = decide();
      this.engine.stores.datasets.setStatus(project, type, status, message, this.engine.now());
    })();
  }

  /** The dataset's StatusMessage for a failure; anything but bad input is logged as a bug. */
  private failureMessage(error: unknown): string {
    if (error instanceof ManifestError || error instanceof EngineError) return error.message;
    this.engine.log('a dataset import failed unexpectedly', error);
    return 'The import failed unexpectedly.';
  }

  private async readManifest(location: S3Location): Promise<string> {
    try {
      return await readFile(this.engine.s3.pathOf(location), 'utf8');
    } catch (error) {
      if (error instanceof EngineError) throw error;
      throw new ManifestError(`The manifest s3://${location.bucket}/${location.key} cannot be read.`);
    }
  }

  private async load(entries: ManifestEntry[], manifest: S3Location | undefined, size: { width: number; height: number } | undefined): Promise<EntryRow[]> {
    const rows: EntryRow[] = [];
    for (const entry of entries) {
      const at = (message: string) => new ManifestError(`Manifest line ${entry.line} (${entry.sourceRef}): ${message}`);
      const image = await atLine(entry, '', this.readObject(entry.sourceRef, manifest));
      const info = await atLine(entry, '', inspectImage(image));
      size ??= { width: info.width, height: info.height };
      if (info.width !== size.width || info.height !== size.height) {
        throw at(`the image is ${info.width}x${info.height}, but the dataset's images are ${size.width}x${size.height}.`);
      }
      let maskFile: string | null = null;
      // A normal image has no anomaly to outline: Lookout's own manifests point
      // normal entries at a placeholder ("dummy") mask, which is not read.
      if (entry.maskRef && entry.label === 'anomaly') {
        const mask = await atLine(entry, 'mask: ', this.readObject(entry.maskRef, manifest));
        const maskInfo = await atLine(entry, 'mask: ', inspectImage(mask));
        if (maskInfo.format !== 'png') throw at('the mask must be a PNG image.');
        if (maskInfo.width !== info.width || maskInfo.height !== info.height) throw at('the mask and the image differ in size.');
        maskFile = this.engine.stores.images.put(mask, 'png');
      }
      rows.push({
        source_ref: entry.sourceRef,
        entry: JSON.stringify(entry.json),
        label: entry.label,
        image_file: this.engine.stores.images.put(image, info.format === 'png' ? 'png' : 'jpg'),
        mask_file: maskFile,
        width: info.width,
        height: info.height,
        created_at: this.engine.now(),
      });
    }
    return rows;
  }

  private async readObject(ref: string, manifest: S3Location | undefined): Promise<Buffer> {
    const location = this.engine.s3.resolveRef(ref, manifest);
    try {
      return await readFile(this.engine.s3.pathOf(location));
    } catch (error) {
      if (error instanceof EngineError) throw new Error(error.message);
      throw new Error(`s3://${location.bucket}/${location.key} does not exist.`);
    }
  }
}

/** Prefixes the message of a failed step with the manifest line it is about. */
async function atLine<T>(entry: ManifestEntry, what: string, step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    throw new ManifestError(`Manifest line ${entry.line} (${entry.sourceRef}): ${what}${(error as Error).message}`);
  }
}
