import type { Db } from './database';

export interface Tag {
  Key: string;
  Value: string;
}

export class TagStore {
  constructor(private readonly db: Db) {}

  list(arn: string): Tag[] {
    return this.db.prepare('SELECT key AS Key, value AS Value FROM tags WHERE arn = ? ORDER BY key').all(arn) as Tag[];
  }

  /** Adds or overwrites tags, as TagResource does. */
  put(arn: string, tags: Tag[]): void {
    const upsert = this.db.prepare('INSERT INTO tags (arn, key, value) VALUES (?, ?, ?) ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value');
    for (const tag of tags) upsert.run(arn, tag.Key, tag.Value);
  }

  remove(arn: string, keys: string[]): void {
    const del = this.db.prepare('DELETE FROM tags WHERE arn = ? AND key = ?');
    for (const key of keys) del.run(arn, key);
  }

  /** How many tags the resource would have with `keys` added. */
  countWith(arn: string, keys: string[]): number {
    const existing = new Set(this.list(arn).map((t) => t.Key));
    for (const key of keys) existing.add(key);
    return existing.size;
  }

  removeAll(arn: string): void {
    this.db.prepare('DELETE FROM tags WHERE arn = ?').run(arn);
  }
}
