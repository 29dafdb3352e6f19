import type { Db } from './database';
import type { DatasetType } from './dataset-store';

/** A manifest line as the first pass of an import checked it. */
export interface StagedLine {
  line: number;
  source_ref: string;
  /** The line as ListDatasetEntries will return it. */
  entry: string;
  label: 'normal' | 'anomaly' | null;
  mask_ref: string | null;
}

/** A staged line as the second pass needs it (its entry stays in the table). */
export type PendingLine = Omit<StagedLine, 'entry'>;

/** What the second pass found and stored for a line. */
export interface StagedImage {
  line: number;
  image_file: string;
  mask_file: string | null;
  width: number;
  height: number;
  created_at: number;
}

/*
 * A TEMP table: it belongs to this connection, lives in SQLite's temporary
 * storage (a deleted-on-open file in SQLITE_TMPDIR, TMPDIR or /var/tmp,
 * cached in memory up to its page cache), and a crash discards it, which is
 * exactly what restart recovery assumes of an interrupted import. The primary
 * key finds a source-ref that appears twice.
 */
const SCHEMA = `
  CREATE TEMP TABLE IF NOT EXISTS import_staging (
    import_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    source_ref TEXT NOT NULL,
    entry TEXT NOT NULL,
    label TEXT,
    mask_ref TEXT,
    image_file TEXT,
    mask_file TEXT,
    width INTEGER,
    height INTEGER,
    created_at REAL,
    PRIMARY KEY (import_id, source_ref)
  );
  CREATE UNIQUE INDEX IF NOT EXISTS temp.import_staging_by_line ON import_staging (import_id, line);
`;

function prepareStatements(db: Db) {
  // Before the first temporary table: a discarded import gives its space back, not only to the next import.
  db.pragma('temp.auto_vacuum = FULL');
  // Staging is written once and read once, in order: a small cache does as well as the 16 MB default.
  db.pragma('temp.cache_size = -2000');
  db.exec(SCHEMA);
  return {
    stage: db.prepare<StagedLine & { import_id: number }>(
      `INSERT INTO import_staging (import_id, line, source_ref, entry, label, mask_ref)
       VALUES (@import_id, @line, @source_ref, @entry, @label, @mask_ref) ON CONFLICT DO NOTHING`,
    ),
    page: db.prepare<[number, number, number], PendingLine>(
      'SELECT line, source_ref, label, mask_ref FROM import_staging WHERE import_id = ? AND line > ? ORDER BY line LIMIT ?',
    ),
    setImage: db.prepare<StagedImage & { import_id: number }>(
      `UPDATE import_staging SET image_file = @image_file, mask_file = @mask_file, width = @width, height = @height, created_at = @created_at
       WHERE import_id = @import_id AND line = @line`,
    ),
    count: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM import_staging WHERE import_id = ?'),
    countAfterMerge: db.prepare<{ import_id: number; project: string; type: DatasetType }, { n: number }>(
      `SELECT (SELECT count(*) FROM dataset_entries WHERE project = @project AND type = @type)
            + (SELECT count(*) FROM import_staging s WHERE s.import_id = @import_id AND NOT EXISTS (
                 SELECT 1 FROM dataset_entries e WHERE e.project = @project AND e.type = @type AND e.source_ref = s.source_ref)) AS n`,
    ),
    lastSeq: db.prepare<[string, DatasetType], { s: number }>('SELECT coalesce(max(seq), 0) AS s FROM dataset_entries WHERE project = ? AND type = ?'),
    // Adds entries, replacing any with the same source-ref (UpdateDatasetEntries semantics), in manifest order.
    moveIntoDataset: db.prepare<{ import_id: number; project: string; type: DatasetType; last_seq: number }>(
      `INSERT INTO dataset_entries (project, type, source_ref, entry, label, image_file, mask_file, width, height, created_at, seq)
       SELECT @project, @type, source_ref, entry, label, image_file, mask_file, width, height, created_at,
              @last_seq + row_number() OVER (ORDER BY line)
       FROM import_staging WHERE import_id = @import_id ORDER BY line
       ON CONFLICT (project, type, source_ref) DO UPDATE SET entry = excluded.entry, label = excluded.label,
         image_file = excluded.image_file, mask_file = excluded.mask_file, width = excluded.width, height = excluded.height`,
    ),
    discard: db.prepare<[number]>('DELETE FROM import_staging WHERE import_id = ?'),
  };
}

/**
 * Where an import keeps its entries until they commit, so that its memory
 * does not grow with the dataset and the dataset still changes in one
 * transaction: the lines go in as the manifest streams by (first pass), their
 * stored images are added (second pass), and `moveIntoDataset` copies them
 * into dataset_entries inside the transaction that writes the final status.
 */
export class ImportStaging {
  private readonly sql: ReturnType<typeof prepareStatements>;
  private lastImportId = 0;

  constructor(private readonly db: Db) {
    this.sql = prepareStatements(db);
  }

  newImportId(): number {
    return ++this.lastImportId;
  }

  /** Adds lines in one transaction; returns the first whose source-ref the import already has, if any. */
  stage(importId: number, lines: StagedLine[]): StagedLine | undefined {
    return this.db.transaction(() => lines.find((line) => this.sql.stage.run({ ...line, import_id: importId }).changes === 0))();
  }

  /** Staged lines after `afterLine`, in manifest order. */
  page(importId: number, afterLine: number, limit: number): PendingLine[] {
    return this.sql.page.all(importId, afterLine, limit);
  }

  setImages(importId: number, images: StagedImage[]): void {
    this.db.transaction(() => images.forEach((image) => this.sql.setImage.run({ ...image, import_id: importId })))();
  }

  count(importId: number): number {
    return this.sql.count.get(importId)!.n;
  }

  /** How many entries the dataset would hold with the staged ones added or replacing theirs. */
  countAfterMerge(importId: number, project: string, type: DatasetType): number {
    return this.sql.countAfterMerge.get({ import_id: importId, project, type })!.n;
  }

  /** Copies the staged entries into the dataset; call inside the transaction that writes the final status. */
  moveIntoDataset(importId: number, project: string, type: DatasetType): void {
    const lastSeq = this.sql.lastSeq.get(project, type)!.s;
    this.sql.moveIntoDataset.run({ import_id: importId, project, type, last_seq: lastSeq });
  }

  discard(importId: number): void {
    this.sql.discard.run(importId);
  }
}
