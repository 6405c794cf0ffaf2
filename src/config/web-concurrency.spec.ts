import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

describe('WEB_CONCURRENCY', () => {
  it.each<[string, Record<string, string>, number, number]>([
    ['default: one worker per core', {}, 2, 2],
    ['default on one core: a single process', {}, 1, 1],
    ['default is capped at 16', {}, 64, 16],
    ['explicit 1: no supervisor', { WEB_CONCURRENCY: '1' }, 8, 1],
    ['explicit above the cores', { WEB_CONCURRENCY: '4' }, 2, 4],
    ['empty means the default', { WEB_CONCURRENCY: '' }, 2, 2],
    ['in-memory SQLite defaults to 1', { DATABASE_URL: 'sqlite::memory:' }, 8, 1],
    ['PostgreSQL: one per core', { DATABASE_URL: 'postgres://u:p@localhost/db' }, 4, 4],
  ])('%s', (_name, env, cores, expected) => {
    expect(loadConfig(env, '/srv/app', cores).webConcurrency).toBe(expected);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['zero', { WEB_CONCURRENCY: '0' }, /WEB_CONCURRENCY must be between 1 and 64/],
    ['too many', { WEB_CONCURRENCY: '65' }, /WEB_CONCURRENCY must be between 1 and 64/],
    ['not a number', { WEB_CONCURRENCY: 'max' }, /WEB_CONCURRENCY must be a whole number/],
    ['negative', { WEB_CONCURRENCY: '-2' }, /WEB_CONCURRENCY must be a whole number/],
    ['in-memory SQLite with two workers', { DATABASE_URL: 'sqlite::memory:', WEB_CONCURRENCY: '2' }, /WEB_CONCURRENCY must be 1 with DATABASE_URL=sqlite::memory:/],
  ])('rejects %s', (_name, env, message) => {
    expect(() => loadConfig(env, '/srv/app', 2)).toThrow(ConfigError);
    expect(() => loadConfig(env, '/srv/app', 2)).toThrow(message);
  });
});
