import type { BigIntStats, Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isInside } from '../s3-mapping';
import { isTemporaryName } from './object-key';

/** Past every key that starts with a prefix, in UTF-8 byte order: no UTF-8 text holds the byte 0xFF. */
const AFTER_ALL = Buffer.from([0xff]);

export interface ListingRequest {
  prefix: string;
  delimiter: string;
  /** Only keys (and common prefixes) after these bytes; a common prefix's bound is its bytes and 0xFF. */
  after: Buffer | undefined;
  maxKeys: number;
}

export type ListedItem = { kind: 'object'; key: string; path: string; stats: BigIntStats } | { kind: 'prefix'; prefix: string };

export interface ListingPage {
  items: ListedItem[];
  truncated: boolean;
  /** Where the next page starts: after the last item (for a common prefix, after all its keys). */
  resumeAfter: Buffer | undefined;
}

interface Child {
  name: string;
  /** The key, or for a folder the prefix of its keys (ending in `/`). */
  key: string;
  bytes: Buffer;
  path: string;
  folder: boolean;
}

/**
 * Lists a bucket's keys as S3 does (ListObjectsV2): in UTF-8 byte order,
 * filtered by prefix, rolled up into common prefixes at the delimiter, from
 * a position, one page at a time. The bucket's folders are walked in that
 * order — siblings sorted by their name (a folder's with its `/`), which is
 * the order of all the keys below them — so a page reads only the folders it
 * needs, and a folder that is one common prefix is not read at all.
 *
 * An empty folder is a folder marker (`photos/`, as S3 consoles make them).
 * Temporary files, FIFOs, sockets and devices are not objects; a symbolic link
 * is listed as what it leads to if that lies inside the store, and otherwise
 * not at all.
 */
export async function listBucket(bucketDir: string, storeRoot: string, request: ListingRequest): Promise<ListingPage> {
  const { prefix, delimiter, after, maxKeys } = request;
  const items: ListedItem[] = [];
  let truncated = false;
  let lastPrefix: string | undefined;

  /** Adds an item; false once the page is full and another would follow (the page is then truncated). */
  const add = (item: ListedItem): boolean => {
    if (items.length >= maxKeys) {
      truncated = true;
      return false;
    }
    items.push(item);
    return true;
  };

  /** The common prefix a key rolls up into, if the delimiter occurs after the prefix. */
  const rollUp = (key: string): string | undefined => {
    if (delimiter === '' || !key.startsWith(prefix)) return undefined;
    const at = key.indexOf(delimiter, prefix.length);
    return at < 0 ? undefined : key.slice(0, at + delimiter.length);
  };

  const addPrefix = (common: string): boolean => {
    if (common === lastPrefix) return true;
    if (after && Buffer.compare(after, Buffer.concat([Buffer.from(common), AFTER_ALL])) >= 0) return true;
    lastPrefix = common;
    return add({ kind: 'prefix', prefix: common });
  };

  const addKey = async (key: string, path: string, stats: BigIntStats | null): Promise<boolean> => {
    if (!key.startsWith(prefix)) return true;
    if (after && Buffer.compare(Buffer.from(key), after) <= 0) return true;
    const common = rollUp(key);
    if (common !== undefined) return addPrefix(common);
    const found = stats ?? (await stat(path, { bigint: true }).catch(() => null));
    return found === null || add({ kind: 'object', key, path, stats: found });
  };

  const walk = async (dir: string, dirKey: string, ancestors: Set<string>): Promise<boolean> => {
    const children = await childrenOf(dir, dirKey, storeRoot, ancestors);
    if (children.length === 0 && dirKey !== '') return addKey(dirKey, dir, await stat(dir, { bigint: true }).catch(() => null));
    for (const child of children) {
      // Only folders that can hold a key under the prefix.
      if (!child.key.startsWith(prefix) && !(child.folder && prefix.startsWith(child.key))) continue;
      if (!child.folder) {
        if (!(await addKey(child.key, child.path, null))) return false;
        continue;
      }
      // Every key in it is at or before `after`: skip the folder unread.
      if (after && Buffer.compare(after, child.bytes) > 0 && !startsWith(after, child.bytes)) continue;
      const common = rollUp(child.key);
      if (common !== undefined) {
        if (!addPrefix(common)) return false;
        continue;
      }
      const real = await realpath(child.path).catch(() => null);
      if (real === null || ancestors.has(real)) continue;
      if (!(await walk(child.path, child.key, new Set([...ancestors, real])))) return false;
    }
    return true;
  };

  if (maxKeys > 0) await walk(bucketDir, '', new Set([await realpath(bucketDir)]));
  const last = items[items.length - 1];
  const resumeAfter = !truncated || !last ? undefined : last.kind === 'object' ? Buffer.from(last.key) : Buffer.concat([Buffer.from(last.prefix), AFTER_ALL]);
  return { items, truncated, resumeAfter };
}

/** A folder's entries that are objects or folders, sorted in the byte order of their keys. */
async function childrenOf(dir: string, dirKey: string, storeRoot: string, ancestors: Set<string>): Promise<Child[]> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const children: Child[] = [];
  for (const entry of entries) {
    if (isTemporaryName(entry.name)) continue;
    const path = join(dir, entry.name);
    let folder: boolean;
    if (entry.isDirectory()) folder = true;
    else if (entry.isFile()) folder = false;
    else if (entry.isSymbolicLink()) {
      const kind = await linkKind(path, storeRoot, ancestors);
      if (kind === null) continue;
      folder = kind === 'folder';
    } else continue;
    const key = dirKey + entry.name + (folder ? '/' : '');
    children.push({ name: entry.name, key, bytes: Buffer.from(key), path, folder });
  }
  return children.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
}

/** What a link inside the store leads to: a file or folder inside it, or nothing that is listed. */
async function linkKind(path: string, storeRoot: string, ancestors: Set<string>): Promise<'file' | 'folder' | null> {
  const real = await realpath(path).catch(() => null);
  if (real === null || !isInside(real, storeRoot) || ancestors.has(real)) return null;
  const stats = await stat(real).catch(() => null);
  if (stats?.isDirectory()) return 'folder';
  return stats?.isFile() ? 'file' : null;
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}
