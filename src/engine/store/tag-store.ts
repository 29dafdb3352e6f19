import type { Db } from './database';

export interface Tag {
  Key: string;
  Value: string;
}

/** Statements prepared once per store: better-sqlite3 compiles SQL on prepare. */
function prepareStatements(db: Db) {
  return {
    list: db.prepare<[string], Tag>('SELECT key AS Key, value AS Value FROM tags WHERE arn = ? ORDER BY key'),
    upsert: db.prepare<[string, string, string]>('INSERT INTO tags (arn, key, value) VALUES (?, ?, ?) ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value'),
    delete: db.prepare<[string, string]>('DELETE FROM tags WHERE arn = ? AND key = ?'),
    deleteAll: db.prepare<[string]>('DELETE FROM tags WHERE arn = ?'),
  };
}

export class TagStore {
  private readonly sql: ReturnType<typeof prepareStatements>;

  constructor(db: Db) {
    this.sql = prepareStatements(db);
  }

  list(arn: string): Tag[] {
    return this.sql.list.all(arn);
  }

  /** Adds or overwrites tags, as TagResource does. */
  put(arn: string, tags: Tag[]): void {
    for (const tag of tags) this.sql.upsert.run(arn, tag.Key, tag.Value);
  }

  remove(arn: string, keys: string[]): void {
    for (const key of keys) this.sql.delete.run(arn, key);
  }

  /** How many tags the resource would have with `keys` added. */
  countWith(arn: string, keys: string[]): number {
    const existing = new Set(this.list(arn).map((t) => t.Key));
    for (const key of keys) existing.add(key);
    return existing.size;
  }

  removeAll(arn: string): void {
    this.sql.deleteAll.run(arn);
  }
}
