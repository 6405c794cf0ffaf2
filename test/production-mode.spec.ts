import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../src/config/app-config.js';

const SECRET = 'x'.repeat(40);

/** Production refuses to start with demo credentials, without a session secret, or with demo seeding on. */
describe('production-mode refusals', () => {
  const refuse = (env: Record<string, string>, pattern: RegExp) => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...env })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production', ...env });
    } catch (err) {
      expect((err as ConfigError).problems.join('\n')).toMatch(pattern);
    }
  };

  it.each([
    ['no SESSION_SECRET', { DEMO_SEED: 'false' }, /SESSION_SECRET is required/],
    ['a short SESSION_SECRET', { SESSION_SECRET: 'short', DEMO_SEED: 'false' }, /at least 32/],
    ['demo seeding on', { SESSION_SECRET: SECRET, DEMO_SEED: 'true' }, /DEMO_SEED must be off/],
    ['a demo password set', { SESSION_SECRET: SECRET, DEMO_SEED: 'false', DEMO_PASSWORD: 'Demo@2026' }, /DEMO_PASSWORD must not be set/],
  ])('refuses %s', (_name, env, pattern) => refuse(env, pattern));

  it('starts with a real secret and no demo data; demo seeding defaults off in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, PUBLIC_BASE_URL: 'https://ect.example.cn', TRUST_PROXY: 'loopback' });
    expect(config.demoSeed).toBe(false);
    expect(config.secureCookies).toBe(true);
  });
});

describe('configuration validation', () => {
  it.each([
    ['PORT', { PORT: 'eighty' }, /PORT must be a whole number/],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with sqlite: or postgres:\/\//],
    ['DEMO_SEED', { DEMO_SEED: 'maybe' }, /DEMO_SEED must be true or false/],
    ['NODE_ENV', { NODE_ENV: 'staging' }, /NODE_ENV must be/],
    ['DB_POOL_MAX', { DB_POOL_MAX: '0' }, /DB_POOL_MAX must be between 1 and 100/],
    ['DB_POOL_WAIT_MS', { DB_POOL_WAIT_MS: 'soon' }, /DB_POOL_WAIT_MS must be a whole number/],
    ['TX_GUARD', { TX_GUARD: 'loud' }, /TX_GUARD must be throw, log or off/],
  ])('a wrong %s stops the start with a readable message', (_name, env, pattern) => {
    expect(() => loadConfig(env)).toThrow(pattern);
  });

  it('defaults: port 3000, SQLite in data/, demo seed on outside production', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({ port: 3000, database: { type: 'sqlite', location: '/srv/app/data/app.sqlite' }, demoSeed: true });
  });

  it('postgres:// selects PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@localhost/db' }).database).toEqual({ type: 'postgres', location: 'postgres://u:p@localhost/db', poolMax: 10, poolWaitMs: 15_000 });
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@localhost/db', DB_POOL_MAX: '25' }).database.poolMax).toBe(25);
  });

  it.each([
    ['test', 'throw', {}],
    ['development', 'log', {}],
    ['production', 'off', { SESSION_SECRET: SECRET, PUBLIC_BASE_URL: 'https://ect.example.cn', TRUST_PROXY: 'loopback' }],
    ['test (set to log)', 'log', { TX_GUARD: 'log' }],
  ])('TX_GUARD in %s → %s', (nodeEnv, expected, env) => {
    expect(loadConfig({ NODE_ENV: nodeEnv.split(' ')[0], ...env }).txGuard).toBe(expected);
  });
});
