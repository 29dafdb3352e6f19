import type { Db } from './database';

export type ModelStatus =
  | 'TRAINING'
  | 'TRAINED'
  | 'TRAINING_FAILED'
  | 'STARTING_HOSTING'
  | 'HOSTED'
  | 'HOSTING_FAILED'
  | 'STOPPING_HOSTING'
  | 'SYSTEM_UPDATING'
  | 'DELETING';

export interface ModelRow {
  project: string;
  version: number;
  arn: string;
  description: string | null;
  status: ModelStatus;
  status_message: string | null;
  created_at: number;
  output_bucket: string;
  output_prefix: string | null;
  kms_key_id: string | null;
  /** JSON of { F1Score, Precision, Recall }. */
  performance: string | null;
  evaluation_manifest_key: string | null;
  evaluation_result_key: string | null;
  evaluation_end: number | null;
  min_inference_units: number | null;
  max_inference_units: number | null;
}

export class ModelStore {
  constructor(private readonly db: Db) {}

  /** The next version number of a project: one more than any it ever had. */
  nextVersion(project: string): number {
    const row = this.db.prepare('SELECT last_version FROM model_versions WHERE project = ?').get(project) as { last_version: number } | undefined;
    const next = (row?.last_version ?? 0) + 1;
    this.db.prepare('INSERT INTO model_versions (project, last_version) VALUES (?, ?) ON CONFLICT (project) DO UPDATE SET last_version = excluded.last_version').run(project, next);
    return next;
  }

  /** Forgets a deleted project's version counter, so a new project of that name starts at 1. */
  forgetProject(project: string): void {
    this.db.prepare('DELETE FROM model_versions WHERE project = ?').run(project);
  }

  insert(row: ModelRow): void {
    this.db
      .prepare(
        `INSERT INTO models (project, version, arn, description, status, status_message, created_at, output_bucket, output_prefix, kms_key_id,
           performance, evaluation_manifest_key, evaluation_result_key, evaluation_end, min_inference_units, max_inference_units)
         VALUES (@project, @version, @arn, @description, @status, @status_message, @created_at, @output_bucket, @output_prefix, @kms_key_id,
           @performance, @evaluation_manifest_key, @evaluation_result_key, @evaluation_end, @min_inference_units, @max_inference_units)`,
      )
      .run(row);
  }

  get(project: string, version: number): ModelRow | undefined {
    return this.db.prepare('SELECT * FROM models WHERE project = ? AND version = ?').get(project, version) as ModelRow | undefined;
  }

  latest(project: string): ModelRow | undefined {
    return this.db.prepare('SELECT * FROM models WHERE project = ? ORDER BY version DESC LIMIT 1').get(project) as ModelRow | undefined;
  }

  page(project: string, afterVersion: number, limit: number): ModelRow[] {
    return this.db.prepare('SELECT * FROM models WHERE project = ? AND version > ? ORDER BY version LIMIT ?').all(project, afterVersion, limit) as ModelRow[];
  }

  countOf(project: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM models WHERE project = ?').get(project) as { n: number }).n;
  }

  withStatus(...statuses: ModelStatus[]): ModelRow[] {
    return this.db.prepare(`SELECT * FROM models WHERE status IN (${statuses.map(() => '?').join(',')})`).all(...statuses) as ModelRow[];
  }

  /** Sets the status only if the model is still in `from` (null: any); returns whether it did. */
  transition(project: string, version: number, from: ModelStatus[] | null, to: ModelStatus, message: string | null): boolean {
    const guard = from ? ` AND status IN (${from.map(() => '?').join(',')})` : '';
    const result = this.db
      .prepare(`UPDATE models SET status = ?, status_message = ? WHERE project = ? AND version = ?${guard}`)
      .run(to, message, project, version, ...(from ?? []));
    return result.changes === 1;
  }

  update(project: string, version: number, fields: Partial<Omit<ModelRow, 'project' | 'version'>>): void {
    const keys = Object.keys(fields);
    if (keys.length === 0) return;
    this.db.prepare(`UPDATE models SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE project = @project AND version = @version`).run({ ...fields, project, version });
  }

  delete(project: string, version: number): void {
    this.db.prepare('DELETE FROM models WHERE project = ? AND version = ?').run(project, version);
  }
}
