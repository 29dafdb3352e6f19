import type { Db } from './database';

export interface ProjectRow {
  name: string;
  arn: string;
  created_at: number;
}

export class ProjectStore {
  constructor(private readonly db: Db) {}

  insert(row: ProjectRow): void {
    this.db.prepare('INSERT INTO projects (name, arn, created_at) VALUES (@name, @arn, @created_at)').run(row);
  }

  get(name: string): ProjectRow | undefined {
    return this.db.prepare('SELECT * FROM projects WHERE name = ?').get(name) as ProjectRow | undefined;
  }

  /** A page in name order, starting after `after`. */
  page(after: string | undefined, limit: number): ProjectRow[] {
    return this.db.prepare('SELECT * FROM projects WHERE name > ? ORDER BY name LIMIT ?').all(after ?? '', limit) as ProjectRow[];
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM projects').get() as { n: number }).n;
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM projects WHERE name = ?').run(name);
  }
}
