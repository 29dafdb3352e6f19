import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

export type DatasetType = 'train' | 'test';

export interface DatasetRow {
  project: string;
  type: DatasetType;
  status: string;
  status_message: string | null;
  created_at: number;
  updated_at: number;
}

export interface EntryRow {
  source_ref: string;
  /** The manifest line as Lookout returns it from ListDatasetEntries. */
  entry: string;
  label: 'normal' | 'anomaly' | null;
  image_file: string;
  mask_file: string | null;
  width: number;
  height: number;
  created_at: number;
}

export interface EntryFilter {
  labeled?: boolean;
  anomalyClass?: 'normal' | 'anomaly';
  createdBefore?: number;
  createdAfter?: number;
  sourceRefContains?: string;
}

export interface ImageStats {
  Total: number;
  Labeled: number;
  Normal: number;
  Anomaly: number;
}

type EntryPage = EntryRow & { seq: number };

/** Statements prepared once per store: better-sqlite3 compiles SQL on prepare. */
function prepareStatements(db: Db) {
  return {
    insert: db.prepare<DatasetRow>(
      'INSERT INTO datasets (project, type, status, status_message, created_at, updated_at) VALUES (@project, @type, @status, @status_message, @created_at, @updated_at)',
    ),
    get: db.prepare<[string, DatasetType], DatasetRow>('SELECT * FROM datasets WHERE project = ? AND type = ?'),
    ofProject: db.prepare<[string], DatasetRow>('SELECT * FROM datasets WHERE project = ? ORDER BY type DESC'),
    setStatus: db.prepare<[string, string | null, number, string, DatasetType]>(
      'UPDATE datasets SET status = ?, status_message = ?, updated_at = ? WHERE project = ? AND type = ?',
    ),
    inProgress: db.prepare<[], DatasetRow>("SELECT * FROM datasets WHERE status LIKE '%IN_PROGRESS'"),
    delete: db.prepare<[string, DatasetType]>('DELETE FROM datasets WHERE project = ? AND type = ?'),
    firstImageSize: db.prepare<[string, DatasetType], { width: number; height: number }>(
      'SELECT width, height FROM dataset_entries WHERE project = ? AND type = ? ORDER BY seq LIMIT 1',
    ),
    allEntries: db.prepare<[string, DatasetType], EntryRow>('SELECT * FROM dataset_entries WHERE project = ? AND type = ? ORDER BY seq'),
    stats: db.prepare<[string, DatasetType], ImageStats>(
      `SELECT count(*) AS Total, count(label) AS Labeled,
         coalesce(sum(label = 'normal'), 0) AS Normal, coalesce(sum(label = 'anomaly'), 0) AS Anomaly
       FROM dataset_entries WHERE project = ? AND type = ?`,
    ),
    referencedFiles: db.prepare<[], { f: string }>(
      'SELECT image_file AS f FROM dataset_entries UNION SELECT mask_file FROM dataset_entries WHERE mask_file IS NOT NULL',
    ),
  };
}

export class DatasetStore {
  private readonly sql: ReturnType<typeof prepareStatements>;
  /**
   * `entries` statements by their WHERE clause: one per combination of filters
   * present (at most 48), each prepared the first time it is asked for.
   */
  private readonly entryPages = new Map<string, Statement<[Record<string, string | number>], EntryPage>>();

  constructor(private readonly db: Db) {
    this.sql = prepareStatements(db);
  }

  insert(row: DatasetRow): void {
    this.sql.insert.run(row);
  }

  get(project: string, type: DatasetType): DatasetRow | undefined {
    return this.sql.get.get(project, type);
  }

  ofProject(project: string): DatasetRow[] {
    return this.sql.ofProject.all(project);
  }

  setStatus(project: string, type: DatasetType, status: string, message: string | null, now: number): void {
    this.sql.setStatus.run(status, message, now, project, type);
  }

  /** Datasets a crash left in a *_IN_PROGRESS state. */
  inProgress(): DatasetRow[] {
    return this.sql.inProgress.all();
  }

  delete(project: string, type: DatasetType): void {
    this.sql.delete.run(project, type);
  }

  /** The size of the dataset's images (they all have one), or undefined while it has none. */
  firstImageSize(project: string, type: DatasetType): { width: number; height: number } | undefined {
    return this.sql.firstImageSize.get(project, type);
  }

  /** A page of entries in insertion order, after sequence number `afterSeq`. */
  entries(project: string, type: DatasetType, filter: EntryFilter, afterSeq: number, limit: number): EntryPage[] {
    const where = ['project = @project', 'type = @type', 'seq > @afterSeq'];
    const params: Record<string, string | number> = { project, type, afterSeq, limit };
    if (filter.labeled !== undefined) where.push(filter.labeled ? 'label IS NOT NULL' : 'label IS NULL');
    if (filter.anomalyClass) {
      where.push('label = @anomalyClass');
      params.anomalyClass = filter.anomalyClass;
    }
    if (filter.createdBefore !== undefined) {
      where.push('created_at < @createdBefore');
      params.createdBefore = filter.createdBefore;
    }
    if (filter.createdAfter !== undefined) {
      where.push('created_at > @createdAfter');
      params.createdAfter = filter.createdAfter;
    }
    if (filter.sourceRefContains !== undefined) {
      where.push('instr(source_ref, @sourceRefContains) > 0');
      params.sourceRefContains = filter.sourceRefContains;
    }
    const clause = where.join(' AND ');
    let page = this.entryPages.get(clause);
    if (!page) {
      page = this.db.prepare<Record<string, string | number>, EntryPage>(`SELECT * FROM dataset_entries WHERE ${clause} ORDER BY seq LIMIT @limit`);
      this.entryPages.set(clause, page);
    }
    return page.all(params);
  }

  allEntries(project: string, type: DatasetType): EntryRow[] {
    return this.sql.allEntries.all(project, type);
  }

  stats(project: string, type: DatasetType): ImageStats {
    return this.sql.stats.get(project, type)!;
  }

  /** Every image file any entry refers to, to spare them from garbage collection. */
  referencedFiles(): Set<string> {
    return new Set(this.sql.referencedFiles.all().map((r) => r.f));
  }
}
