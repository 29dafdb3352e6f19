import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

import type { ModelStatus } from '../models/model-lifecycle';

export type { ModelStatus };

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

type ModelFields = Partial<Omit<ModelRow, 'project' | 'version'>>;

/** The columns `update` may set; a Record so the compiler notices a column added to ModelRow. */
const UPDATABLE_COLUMNS: Record<keyof ModelFields, true> = {
  arn: true,
  description: true,
  status: true,
  status_message: true,
  created_at: true,
  output_bucket: true,
  output_prefix: true,
  kms_key_id: true,
  performance: true,
  evaluation_manifest_key: true,
  evaluation_result_key: true,
  evaluation_end: true,
  min_inference_units: true,
  max_inference_units: true,
};

/**
 * Statements prepared once per store: better-sqlite3 compiles SQL on prepare.
 * Status lists are bound as one JSON array and read with json_each, so a
 * single statement serves any number of statuses.
 */
function prepareStatements(db: Db) {
  return {
    lastVersion: db.prepare<[string], { last_version: number }>('SELECT last_version FROM model_versions WHERE project = ?'),
    setLastVersion: db.prepare<[string, number]>(
      'INSERT INTO model_versions (project, last_version) VALUES (?, ?) ON CONFLICT (project) DO UPDATE SET last_version = excluded.last_version',
    ),
    forgetProject: db.prepare<[string]>('DELETE FROM model_versions WHERE project = ?'),
    insert: db.prepare<ModelRow>(
      `INSERT INTO models (project, version, arn, description, status, status_message, created_at, output_bucket, output_prefix, kms_key_id,
         performance, evaluation_manifest_key, evaluation_result_key, evaluation_end, min_inference_units, max_inference_units)
       VALUES (@project, @version, @arn, @description, @status, @status_message, @created_at, @output_bucket, @output_prefix, @kms_key_id,
         @performance, @evaluation_manifest_key, @evaluation_result_key, @evaluation_end, @min_inference_units, @max_inference_units)`,
    ),
    get: db.prepare<[string, number], ModelRow>('SELECT * FROM models WHERE project = ? AND version = ?'),
    latest: db.prepare<[string], ModelRow>('SELECT * FROM models WHERE project = ? ORDER BY version DESC LIMIT 1'),
    page: db.prepare<[string, number, number], ModelRow>('SELECT * FROM models WHERE project = ? AND version > ? ORDER BY version LIMIT ?'),
    countOf: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM models WHERE project = ?'),
    withStatus: db.prepare<[string], ModelRow>('SELECT * FROM models WHERE status IN (SELECT value FROM json_each(?))'),
    transitionFromAny: db.prepare<[ModelStatus, string | null, string, number]>(
      'UPDATE models SET status = ?, status_message = ? WHERE project = ? AND version = ?',
    ),
    transitionFrom: db.prepare<[ModelStatus, string | null, string, number, string]>(
      'UPDATE models SET status = ?, status_message = ? WHERE project = ? AND version = ? AND status IN (SELECT value FROM json_each(?))',
    ),
    delete: db.prepare<[string, number]>('DELETE FROM models WHERE project = ? AND version = ?'),
  };
}

type UpdateParams = ModelFields & { project: string; version: number };

export class ModelStore {
  private readonly sql: ReturnType<typeof prepareStatements>;
  /** `update` statements by their sorted column list, each prepared the first time it is asked for. */
  private readonly updates = new Map<string, Statement<[UpdateParams]>>();

  constructor(private readonly db: Db) {
    this.sql = prepareStatements(db);
  }

  /** The next version number of a project: one more than any it ever had. */
  nextVersion(project: string): number {
    const row = this.sql.lastVersion.get(project);
    const next = (row?.last_version ?? 0) + 1;
    this.sql.setLastVersion.run(project, next);
    return next;
  }

  /** Forgets a deleted project's version counter, so a new project of that name starts at 1. */
  forgetProject(project: string): void {
    this.sql.forgetProject.run(project);
  }

  insert(row: ModelRow): void {
    this.sql.insert.run(row);
  }

  get(project: string, version: number): ModelRow | undefined {
    return this.sql.get.get(project, version);
  }

  latest(project: string): ModelRow | undefined {
    return this.sql.latest.get(project);
  }

  page(project: string, afterVersion: number, limit: number): ModelRow[] {
    return this.sql.page.all(project, afterVersion, limit);
  }

  countOf(project: string): number {
    return this.sql.countOf.get(project)!.n;
  }

  withStatus(...statuses: ModelStatus[]): ModelRow[] {
    return this.sql.withStatus.all(JSON.stringify(statuses));
  }

  /** Sets the status only if the model is still in `from` (null: any); returns whether it did. */
  transition(project: string, version: number, from: ModelStatus[] | null, to: ModelStatus, message: string | null): boolean {
    const result = from
      ? this.sql.transitionFrom.run(to, message, project, version, JSON.stringify(from))
      : this.sql.transitionFromAny.run(to, message, project, version);
    return result.changes === 1;
  }

  update(project: string, version: number, fields: Partial<Omit<ModelRow, 'project' | 'version'>>): void {
    const keys = Object.keys(fields);
    if (keys.length === 0) return;
    this.updateStatement(keys).run({ ...fields, project, version });
  }

  delete(project: string, version: number): void {
    this.sql.delete.run(project, version);
  }

  private updateStatement(keys: string[]): Statement<[UpdateParams]> {
    for (const key of keys) {
      if (!Object.hasOwn(UPDATABLE_COLUMNS, key)) throw new Error(`ModelStore.update: ${key} is not an updatable column of models`);
    }
    const columns = [...keys].sort();
    const cacheKey = columns.join(',');
    let statement = this.updates.get(cacheKey);
    if (!statement) {
      statement = this.db.prepare<UpdateParams>(`UPDATE models SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE project = @project AND version = @version`);
      this.updates.set(cacheKey, statement);
    }
    return statement;
  }
}
