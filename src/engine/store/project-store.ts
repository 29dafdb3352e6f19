import type { Db } from './database';

export interface ProjectRow {
  name: string;
  arn: string;
  created_at: number;
}

/** Statements prepared once per store: better-sqlite3 compiles SQL on prepare. */
function prepareStatements(db: Db) {
  return {
    insert: db.prepare<ProjectRow>('INSERT INTO projects (name, arn, created_at) VALUES (@name, @arn, @created_at)'),
    get: db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE name = ?'),
    page: db.prepare<[string, number], ProjectRow>('SELECT * FROM projects WHERE name > ? ORDER BY name LIMIT ?'),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM projects'),
    delete: db.prepare<[string]>('DELETE FROM projects WHERE name = ?'),
  };
}

export class ProjectStore {
  private readonly sql: ReturnType<typeof prepareStatements>;

  constructor(db: Db) {
    this.sql = prepareStatements(db);
  }

  insert(row: ProjectRow): void {
    this.sql.insert.run(row);
  }

  get(name: string): ProjectRow | undefined {
    return this.sql.get.get(name);
  }

  /** A page in name order, starting after `after`. */
  page(after: string | undefined, limit: number): ProjectRow[] {
    return this.sql.page.all(after ?? '', limit);
  }

  count(): number {
    return this.sql.count.get()!.n;
  }

  delete(name: string): void {
    this.sql.delete.run(name);
  }
}
