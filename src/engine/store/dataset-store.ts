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

export class DatasetStore {
  constructor(private readonly db: Db) {}

  insert(row: DatasetRow): void {
    this.db
      .prepare('INSERT INTO datasets (project, type, status, status_message, created_at, updated_at) VALUES (@project, @type, @status, @status_message, @created_at, @updated_at)')
      .run(row);
  }

  get(project: string, type: DatasetType): DatasetRow | undefined {
    return this.db.prepare('SELECT * FROM datasets WHERE project = ? AND type = ?').get(project, type) as DatasetRow | undefined;
  }

  ofProject(project: string): DatasetRow[] {
    return this.db.prepare('SELECT * FROM datasets WHERE project = ? ORDER BY type DESC').all(project) as DatasetRow[];
  }

  setStatus(project: string, type: DatasetType, status: string, message: string | null, now: number): void {
    this.db
      .prepare('UPDATE datasets SET status = ?, status_message = ?, updated_at = ? WHERE project = ? AND type = ?')
      .run(status, message, now, project, type);
  }

  /** Datasets a crash left in a *_IN_PROGRESS state. */
  inProgress(): DatasetRow[] {
    return this.db.prepare("SELECT * FROM datasets WHERE status LIKE '%IN_PROGRESS'").all() as DatasetRow[];
  }

  delete(project: string, type: DatasetType): void {
    this.db.prepare('DELETE FROM datasets WHERE project = ? AND type = ?').run(project, type);
  }

  /** Adds entries, replacing any with the same source-ref (UpdateDatasetEntries semantics). */
  upsertEntries(project: string, type: DatasetType, entries: EntryRow[]): void {
    const next = (this.db.prepare('SELECT coalesce(max(seq), 0) AS s FROM dataset_entries WHERE project = ? AND type = ?').get(project, type) as { s: number }).s;
    const upsert = this.db.prepare(
      `INSERT INTO dataset_entries (project, type, source_ref, entry, label, image_file, mask_file, width, height, created_at, seq)
       VALUES (@project, @type, @source_ref, @entry, @label, @image_file, @mask_file, @width, @height, @created_at, @seq)
       ON CONFLICT (project, type, source_ref) DO UPDATE SET entry = excluded.entry, label = excluded.label,
         image_file = excluded.image_file, mask_file = excluded.mask_file, width = excluded.width, height = excluded.height`,
    );
    entries.forEach((e, i) => upsert.run({ ...e, project, type, seq: next + i + 1 }));
  }

  /** A page of entries in insertion order, after sequence number `afterSeq`. */
  entries(project: string, type: DatasetType, filter: EntryFilter, afterSeq: number, limit: number): (EntryRow & { seq: number })[] {
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
    return this.db
      .prepare(`SELECT * FROM dataset_entries WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`)
      .all(params) as (EntryRow & { seq: number })[];
  }

  allEntries(project: string, type: DatasetType): EntryRow[] {
    return this.db.prepare('SELECT * FROM dataset_entries WHERE project = ? AND type = ? ORDER BY seq').all(project, type) as EntryRow[];
  }

  stats(project: string, type: DatasetType): ImageStats {
    return this.db
      .prepare(
        `SELECT count(*) AS Total, count(label) AS Labeled,
           coalesce(sum(label = 'normal'), 0) AS Normal, coalesce(sum(label = 'anomaly'), 0) AS Anomaly
         FROM dataset_entries WHERE project = ? AND type = ?`,
      )
      .get(project, type) as ImageStats;
  }

  /** Every image file any entry refers to, to spare them from garbage collection. */
  referencedFiles(): Set<string> {
    const rows = this.db.prepare('SELECT image_file AS f FROM dataset_entries UNION SELECT mask_file FROM dataset_entries WHERE mask_file IS NOT NULL').all() as { f: string }[];
    return new Set(rows.map((r) => r.f));
  }
}
