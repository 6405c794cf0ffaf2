import { describe, expect, it } from '@jest/globals';
import { POOL_TIMEOUT_MESSAGE, storageProblem } from './storage-errors.js';

const coded = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const wrapped = (driverError: unknown) => Object.assign(new Error('QueryFailedError'), { driverError });

describe('storageProblem', () => {
  it.each([
    ['SQLite disk full', coded('SQLITE_FULL'), 'full'],
    ['SQLite read-only file', coded('SQLITE_READONLY'), 'read-only'],
    ['SQLite locked past the busy timeout', coded('SQLITE_BUSY'), 'busy'],
    ['SQLite I/O error of any kind', coded('SQLITE_IOERR_SHORT_READ'), 'unavailable'],
    ['PostgreSQL disk full (53100)', coded('53100'), 'full'],
    ['PostgreSQL deadlock detected (40P01)', coded('40P01'), 'busy'],
    ['PostgreSQL too many connections (53300)', coded('53300'), 'unavailable'],
    ['server refused the connection', coded('ECONNREFUSED'), 'unavailable'],
    ['TypeORM wrapping a driver error', wrapped(coded('SQLITE_FULL')), 'full'],
    ['no pooled connection came free in time', new Error(POOL_TIMEOUT_MESSAGE), 'busy'],
    ['the pool timeout as the cause of another error', Object.assign(new Error('outer'), { cause: new Error(POOL_TIMEOUT_MESSAGE) }), 'busy'],
    ['a unique violation is the request\'s problem, not storage', coded('23505'), null],
    ['a plain bug', new TypeError('x is undefined'), null],
    ['a message that only contains the pool text', new Error(`${POOL_TIMEOUT_MESSAGE} (not really)`), null],
  ])('%s', (_name, error, expected) => {
    expect(storageProblem(error)).toBe(expected);
  });
});
