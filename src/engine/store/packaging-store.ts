import type { Db } from './database';

/** Lifecycle of a model packaging job, as Lookout names it: CREATED -> RUNNING -> SUCCEEDED | FAILED. */
export type PackagingJobStatus = 'CREATED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface PackagingJobRow {
  /** Creation order; the cursor of ListModelPackagingJobs. */
  id: number;
  project: string;
  job_name: string;
  model_version: number;
  description: string | null;
  /** JSON of ModelPackagingConfiguration, as DescribeModelPackagingJob answers it (defaults filled in). */
  configuration: string;
  component_name: string;
  component_version: string;
  status: PackagingJobStatus;
  status_message: string | null;
  /** Set once the job SUCCEEDED. */
  component_version_arn: string | null;
  created_at: number;
  updated_at: number;
}

export type NewPackagingJob = Omit<PackagingJobRow, 'id'>;

/** Statements prepared once per store: better-sqlite3 compiles SQL on prepare. */
function prepareStatements(db: Db) {
  return {
    insert: db.prepare<NewPackagingJob>(
      `INSERT INTO model_packaging_jobs (project, job_name, model_version, description, configuration, component_name, component_version,
         status, status_message, component_version_arn, created_at, updated_at)
       VALUES (@project, @job_name, @model_version, @description, @configuration, @component_name, @component_version,
         @status, @status_message, @component_version_arn, @created_at, @updated_at)`,
    ),
    get: db.prepare<[string, string], PackagingJobRow>('SELECT * FROM model_packaging_jobs WHERE project = ? AND job_name = ?'),
    page: db.prepare<[string, number, number], PackagingJobRow>('SELECT * FROM model_packaging_jobs WHERE project = ? AND id > ? ORDER BY id LIMIT ?'),
    component: db.prepare<[string, string], PackagingJobRow>(
      "SELECT * FROM model_packaging_jobs WHERE component_name = ? AND component_version = ? AND status != 'FAILED' LIMIT 1",
    ),
    withStatus: db.prepare<[string], PackagingJobRow>('SELECT * FROM model_packaging_jobs WHERE status IN (SELECT value FROM json_each(?)) ORDER BY id'),
    transition: db.prepare<[PackagingJobStatus, string | null, number, string, string, string]>(
      `UPDATE model_packaging_jobs SET status = ?, status_message = ?, updated_at = ?
       WHERE project = ? AND job_name = ? AND status IN (SELECT value FROM json_each(?))`,
    ),
    succeed: db.prepare<[string, string, number, string, string]>(
      `UPDATE model_packaging_jobs SET status = 'SUCCEEDED', status_message = ?, component_version_arn = ?, updated_at = ?
       WHERE project = ? AND job_name = ? AND status = 'RUNNING'`,
    ),
  };
}

export class PackagingJobStore {
  private readonly sql: ReturnType<typeof prepareStatements>;

  constructor(db: Db) {
    this.sql = prepareStatements(db);
  }

  insert(row: NewPackagingJob): PackagingJobRow {
    const { lastInsertRowid } = this.sql.insert.run(row);
    return { ...row, id: Number(lastInsertRowid) };
  }

  get(project: string, jobName: string): PackagingJobRow | undefined {
    return this.sql.get.get(project, jobName);
  }

  /** A page of a project's jobs in creation order, after the job with id `afterId`. */
  page(project: string, afterId: number, limit: number): PackagingJobRow[] {
    return this.sql.page.all(project, afterId, limit);
  }

  /** The job (not FAILED) that makes or made this component version, if any. */
  componentOwner(componentName: string, componentVersion: string): PackagingJobRow | undefined {
    return this.sql.component.get(componentName, componentVersion);
  }

  withStatus(...statuses: PackagingJobStatus[]): PackagingJobRow[] {
    return this.sql.withStatus.all(JSON.stringify(statuses));
  }

  /** Sets the status only while the job is in one of `from`; returns whether it did. */
  transition(job: Pick<PackagingJobRow, 'project' | 'job_name'>, from: PackagingJobStatus[], to: PackagingJobStatus, message: string, now: number): boolean {
    return this.sql.transition.run(to, message, now, job.project, job.job_name, JSON.stringify(from)).changes === 1;
  }

  /** RUNNING -> SUCCEEDED with the component's ARN; returns whether the job was still RUNNING. */
  succeed(job: Pick<PackagingJobRow, 'project' | 'job_name'>, componentVersionArn: string, message: string, now: number): boolean {
    return this.sql.succeed.run(message, componentVersionArn, now, job.project, job.job_name).changes === 1;
  }
}
