import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
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
export async function createPgTestDatabase(adminUrl: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `ect_test_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  await onServer(adminUrl, [`DROP DATABASE IF EXISTS "${name}"`, `CREATE DATABASE "${name}"`]);
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
 * A real application on a real database built by the migrations (one database per test file),
 * started through the same createApp/configureApp path as production, seeded with the demo data.
 * SQLite: a fresh file. TEST_DATABASE_URL=postgres://… runs the same suite against PostgreSQL:
 * each app gets its own fresh database on that server (ect_test_<pid>_<n>), dropped on close.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = join(process.cwd(), '.test-data', `${process.pid}-${Date.now()}-${++counter}`);
  mkdirSync(dir, { recursive: true });
  const pgAdminUrl = process.env.TEST_DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL) ? process.env.TEST_DATABASE_URL : null;
  const pg = pgAdminUrl && !env.DATABASE_URL ? await createPgTestDatabase(pgAdminUrl) : null;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: pg?.url ?? process.env.TEST_DATABASE_URL ?? `sqlite:${join(dir, 'test.sqlite')}`,
    DEMO_SEED: 'true',
    DEMO_PASSWORD,
    UPLOAD_DIR: join(dir, 'uploads'),
    LOG_LEVEL: 'silent',
    ...env,
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
    demo: demoLogins ?? [],
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
