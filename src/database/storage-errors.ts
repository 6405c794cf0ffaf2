/**
 * Database failures that are not the request's fault and not a bug: the disk is full, the
 * database is read-only, or it stayed locked longer than the busy timeout. They answer 503 with
 * a clear message (JSON or an error page) and a Retry-After, instead of a generic 500; the
 * process keeps running and recovers by itself when the condition ends (no crash loop).
 */
import { lookupTable } from '../common/own-key.js';
export type StorageProblem = 'full' | 'read-only' | 'busy' | 'unavailable';

const SQLITE: Record<string, StorageProblem> = lookupTable<Record<string, StorageProblem>>({
  SQLITE_FULL: 'full',
  SQLITE_READONLY: 'read-only',
  SQLITE_READONLY_DBMOVED: 'read-only',
  SQLITE_READONLY_DIRECTORY: 'read-only',
  SQLITE_READONLY_RECOVERY: 'read-only',
  SQLITE_READONLY_CANTLOCK: 'read-only',
  SQLITE_READONLY_ROLLBACK: 'read-only',
  SQLITE_BUSY: 'busy',
  SQLITE_BUSY_SNAPSHOT: 'busy',
  SQLITE_BUSY_RECOVERY: 'busy',
  SQLITE_BUSY_TIMEOUT: 'busy',
  SQLITE_LOCKED: 'busy',
  SQLITE_IOERR: 'unavailable',
  SQLITE_CANTOPEN: 'unavailable',
});

/**
 * PostgreSQL SQLSTATEs: 53100 disk full, 25006 read-only transaction, 57P03 cannot connect now,
 * 55P03 lock not available, 40P01 deadlock detected and 40001 serialization failure (the
 * transaction was rolled back: retrying succeeds), 53300 too many connections.
 */
const POSTGRES: Record<string, StorageProblem> = lookupTable<Record<string, StorageProblem>>({
  '53100': 'full',
  '25006': 'read-only',
  '55P03': 'busy',
  '40P01': 'busy',
  '40001': 'busy',
  '57P03': 'unavailable',
  '53300': 'unavailable',
  '08006': 'unavailable',
  '08001': 'unavailable',
});

/** node-postgres's pool when no connection came free within connectionTimeoutMillis (typeorm-options.ts); it has no code. */
export const POOL_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

/** The storage problem behind an error (TypeORM's QueryFailedError keeps the driver error), or null. */
export function storageProblem(err: unknown): StorageProblem | null {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    if (e instanceof Error && e.message === POOL_TIMEOUT_MESSAGE) return 'busy';
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (SQLITE[code]) return SQLITE[code];
      if (code.startsWith('SQLITE_IOERR')) return 'unavailable';
      if (POSTGRES[code]) return POSTGRES[code];
      if (code === 'ECONNREFUSED' || code === 'ENOSPC' || code === 'EROFS') return code === 'ENOSPC' ? 'full' : code === 'EROFS' ? 'read-only' : 'unavailable';
    }
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return null;
}

export const STORAGE_MESSAGES: Record<StorageProblem, string> = lookupTable<Record<StorageProblem, string>>({
  full: 'The database has no space left: changes cannot be saved right now. Reading still works; try again later.',
  'read-only': 'The database is read-only at the moment: changes cannot be saved. Reading still works; try again later.',
  busy: 'The database is busy: try again in a moment.',
  unavailable: 'The database is not available right now: try again later.',
});

/**
 * Database errors that are the input's fault, not the server's: a number beyond the column's range
 * (PostgreSQL `integer` ids such as 2147483648 in a path — SQLite's integers are 64-bit), text longer
 * than a `varchar` (PostgreSQL enforces the length, SQLite does not), malformed values. They answer
 * 400 with this message instead of 500. PostgreSQL class 22 ("data exception"); SQLite MISMATCH/TOOBIG.
 */
export function dataException(err: unknown): string | null {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code === '22003') return 'A number is out of range';
      if (code === '22001') return 'A text is longer than allowed';
      if (/^22(P02|007|008|023|P05|021|018|004|025|019)$/.test(code)) return 'A value has an invalid format';
      if (code === 'SQLITE_MISMATCH') return 'A value has the wrong type';
      if (code === 'SQLITE_TOOBIG') return 'A value is too large';
    }
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return null;
}
