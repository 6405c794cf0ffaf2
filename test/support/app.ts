import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
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

/**
 * A real application on a real SQLite file built by the migrations (one database per test file),
 * started through the same createApp/configureApp path as production, seeded with the demo data.
 * TEST_DATABASE_URL=postgres://… runs the same suite against PostgreSQL.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = join(process.cwd(), '.test-data', `${process.pid}-${Date.now()}-${++counter}`);
  mkdirSync(dir, { recursive: true });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? `sqlite:${join(dir, 'test.sqlite')}`,
    DEMO_SEED: 'true',
    DEMO_PASSWORD,
    UPLOAD_DIR: join(dir, 'uploads'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const { app, demoLogins } = await createApp(config);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    http: app.getHttpServer(),
    dataSource,
    demo: demoLogins ?? [],
    config,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
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
