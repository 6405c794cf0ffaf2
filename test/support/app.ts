import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { businessToday, now } from '../../src/common/clock.js';
import { prepareDatabase } from '../../src/database/prepare-database.js';
import type { DemoLogin } from '../../src/database/seed/demo-seed.js';

export const DEMO_PASSWORD = 'Test-Demo-2026';
let counter = 0;

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  dataSource: DataSource;
  demo: DemoLogin[];
  config: AppConfig;
  close(): Promise<void>;
}

/** Runs statements on the PostgreSQL server of `adminUrl` (CREATE/DROP DATABASE cannot run in a transaction). */
async function onServer(adminUrl: string, statements: string[]): Promise<void> {
  const admin = new DataSource({ type: 'postgres', url: adminUrl, extra: { max: 1 } });
  await admin.initialize();
  try {
    for (const sql of statements) await admin.query(sql);
  } finally {
    await admin.destroy();
  }
}

/** The same server URL with another database name. */
function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh PostgreSQL database for one test app, created through the connection of
 * TEST_DATABASE_URL (whose role needs CREATEDB) and dropped again by drop().
 */
export async function createPgTestDatabase(adminUrl: string, template?: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `ect_test_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  const create = () => onServer(adminUrl, [`DROP DATABASE IF EXISTS "${name}"`, template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`]);
  // A backend still leaving the template ("is being accessed by other users") is gone a moment later.
  for (let attempt = 1; ; attempt++) {
    try {
      await create();
      break;
    } catch (err) {
      if (!template || attempt >= 5 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
  return {
    url: withDatabase(adminUrl, name),
    name,
    // WITH (FORCE) ends connections a test may have left open (PostgreSQL 13+).
    // Retried once: FORCE cannot end a backend of another role (an autovacuum worker that happens to be
    // on the database), which the role of the suite may not signal; a leftover test database is harmless.
    drop: async () => {
      const drop = () => onServer(adminUrl, [`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);
      await drop().catch(async () => {
        await new Promise((r) => setTimeout(r, 1000));
        await drop().catch(() => undefined);
      });
    },
  };
}

/**
 * The migrated and seeded database a test app starts from, built once per Jest worker process and
 * configuration and copied for every app after the first: migrating and seeding costs ~2 s per app on
 * SQLite and ~7 s on PostgreSQL, a copy ~10 ms and ~0.2 s (CREATE DATABASE … TEMPLATE). Built by
 * prepareDatabase, the path the cluster supervisor takes in production; the demo logins it returned
 * are kept beside it. Only inside a Jest run (test/support/global-setup.mjs names the run's directory,
 * global-teardown.mjs removes it and drops the PostgreSQL templates); elsewhere every app migrates and
 * seeds its own database.
 */
interface Template {
  /** SQLite: the template file; PostgreSQL: the template database's name. */
  source: string;
  demo: DemoLogin[];
}

async function templateFor(config: AppConfig, pgAdminUrl: string | null): Promise<Template | null> {
  const dir = process.env.ECT_TEST_TEMPLATE_DIR;
  if (!dir || !existsSync(dir)) return null;
  // The seed dates its data from the app's clock: a test that pinned it (pinClock) gets a template of
  // that instant, every other test one of today's business date.
  const instant = now().getTime();
  const clock = Math.abs(instant - Date.now()) > 1000 ? `pinned ${instant}` : businessToday();
  const key = createHash('sha256').update(JSON.stringify([pgAdminUrl ? 'pg' : 'sqlite', config.demoSeed, config.demoPassword, clock])).digest('hex').slice(0, 10);
  // One per worker process: Jest runs one file at a time in a worker, so no two apps build one template.
  const id = `${process.pid}_${key}`;
  const manifest = join(dir, `${id}.json`);
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as Template;
  let source: string;
  let prepare: AppConfig;
  if (pgAdminUrl) {
    source = `ect_tpl_${dir.slice(-6).replace(/[^a-zA-Z0-9]/g, '')}_${id}`.toLowerCase();
    await onServer(pgAdminUrl, [`DROP DATABASE IF EXISTS "${source}"`, `CREATE DATABASE "${source}"`]);
    prepare = loadConfig({ ...configEnv(config), DATABASE_URL: withDatabase(pgAdminUrl, source) });
  } else {
    source = join(dir, `${id}.sqlite`);
    for (const part of ['', '-wal', '-shm']) rmSync(`${source}${part}`, { force: true });
    prepare = loadConfig({ ...configEnv(config), DATABASE_URL: `sqlite:${source}` });
  }
  const demo = (await prepareDatabase(prepare)) ?? [];
  // No connection may be open on a template while it is copied: autovacuum stays off it too.
  if (pgAdminUrl) await onServer(pgAdminUrl, [`ALTER DATABASE "${source}" WITH ALLOW_CONNECTIONS false`]);
  const template: Template = { source, demo };
  // Written last and atomically: a manifest names only a finished template.
  writeFileSync(`${manifest}.tmp`, JSON.stringify(template));
  renameSync(`${manifest}.tmp`, manifest);
  return template;
}

/** The settings prepareDatabase reads, as the environment loadConfig takes. */
function configEnv(config: AppConfig): Record<string, string> {
  return { NODE_ENV: 'test', DEMO_SEED: String(config.demoSeed), DEMO_PASSWORD: config.demoPassword, LOG_LEVEL: 'silent' };
}

/**
 * A real application on a real database built by the migrations (one database per test file),
 * started through the same createApp/configureApp path as production, seeded with the demo data.
 * SQLite: a fresh file. TEST_DATABASE_URL=postgres://… runs the same suite against PostgreSQL:
 * each app gets its own fresh database on that server (ect_test_<pid>_<n>), dropped on close.
 * Both start as a copy of the run's template (templateFor) when there is one; createApp then finds
 * no migration pending and the demo data present, as a restarted server does.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = join(process.cwd(), '.test-data', `${process.pid}-${Date.now()}-${++counter}`);
  mkdirSync(dir, { recursive: true });
  const pgAdminUrl = process.env.TEST_DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL) ? process.env.TEST_DATABASE_URL : null;
  const sqliteFile = join(dir, 'test.sqlite');
  const baseEnv = {
    NODE_ENV: 'test',
    DEMO_SEED: 'true',
    DEMO_PASSWORD,
    UPLOAD_DIR: join(dir, 'uploads'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(process.env.TX_GUARD ? { TX_GUARD: process.env.TX_GUARD } : {}),
    ...(process.env.TX_GUARD_SURVEY ? { TX_GUARD_SURVEY: process.env.TX_GUARD_SURVEY } : {}),
    // TEST_DB_POOL_MAX=1 runs a PostgreSQL suite on one pooled connection per app (docs/development.md).
    ...(process.env.TEST_DB_POOL_MAX ? { DB_POOL_MAX: process.env.TEST_DB_POOL_MAX } : {}),
    ...env,
  };
  // A test that names its own database gets exactly that database, untouched.
  const ownDatabase = Boolean(env.DATABASE_URL) || Boolean(process.env.TEST_DATABASE_URL && !pgAdminUrl);
  const template = ownDatabase ? null : await templateFor(loadConfig({ ...baseEnv, DATABASE_URL: `sqlite:${sqliteFile}` }), pgAdminUrl);
  const pg = pgAdminUrl && !env.DATABASE_URL ? await createPgTestDatabase(pgAdminUrl, template?.source) : null;
  if (template && !pg) {
    copyFileSync(template.source, sqliteFile);
    // A write-ahead log the template's last connection did not fold back belongs to the copy too.
    if (existsSync(`${template.source}-wal`)) copyFileSync(`${template.source}-wal`, `${sqliteFile}-wal`);
  }
  const config = loadConfig({
    DATABASE_URL: pg?.url ?? process.env.TEST_DATABASE_URL ?? `sqlite:${sqliteFile}`,
    ...baseEnv,
  });
  let created: Awaited<ReturnType<typeof createApp>>;
  try {
    created = await createApp(config);
  } catch (err) {
    await pg?.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { app, demoLogins } = created;
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    http: app.getHttpServer(),
    dataSource,
    demo: demoLogins ?? template?.demo ?? [],
    config,
    async close() {
      try {
        await app.close();
      } finally {
        await pg?.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The hidden CSRF field of a rendered page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

/** A browser-like agent (cookies kept) signed in through the login form. */
export async function signIn(t: TestApp, username: string, password = DEMO_PASSWORD) {
  const agent = request.agent(t.http);
  const page = await agent.get('/login').expect(200);
  const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password, next: '/' });
  if (res.status !== 303) throw new Error(`sign-in of ${username} failed with ${res.status}`);
  return agent;
}

/** A bearer token from the JSON API. */
export async function tokenFor(t: TestApp, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await request(t.http).post('/api/v1/auth/token').send({ username, password });
  if (res.status !== 200) throw new Error(`token for ${username} failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** Fetches a page with the agent and returns its CSRF token, for posting a form on it. */
export async function csrfOf(agent: ReturnType<typeof request.agent>, path = '/'): Promise<string> {
  const page = await agent.get(path).expect(200);
  return csrfFrom(page.text);
}
