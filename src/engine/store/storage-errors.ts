/**
 * Error codes that mean the storage has no space left: the disk, the user's
 * quota, or SQLite's report of either. SQLite turns ENOSPC on its database and
 * journal files into SQLITE_FULL, but a failure to grow its shared-memory
 * index (the `-shm` file, whose blocks it allocates up front) comes back as
 * SQLITE_IOERR_SHMSIZE, which on a full disk is the first error a reader of a
 * freshly opened database meets. Other I/O errors (SQLITE_IOERR_*, EIO) are
 * not about space: they stay internal errors, logged with their cause.
 */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE']);

/** Whether a raw error (a better-sqlite3 SqliteError or a Node system error) says the storage is full. */
export function isStorageFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && FULL_CODES.has(code);
}
