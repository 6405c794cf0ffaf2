import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { QueryRunner } from 'typeorm';
import { startTestApp, tokenFor, type TestApp } from './support/app.js';

/**
 * PostgreSQL's connection pool, exhausted: a request that finds no free connection within
 * DB_POOL_WAIT_MS answers 503 "busy" with Retry-After (node-postgres would wait for ever), and the
 * next request after a connection comes free is served. The app runs on one pooled connection here.
 */
const onPostgres = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? '') ? describe : describe.skip;

onPostgres('a full connection pool (PostgreSQL)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ DB_POOL_MAX: '1', DB_POOL_WAIT_MS: '500' });
    token = await tokenFor(t, 'officer.binhai');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('waits DB_POOL_WAIT_MS for a connection, then answers 503 busy; once one is free the same request is served', async () => {
    const holder: QueryRunner = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      // Past the 1 s user cache, so that the request itself needs the database.
      await new Promise((r) => setTimeout(r, 1100));
      const busy = await request(t.http).get('/api/v1/enterprises?pageSize=1').set('Authorization', `Bearer ${token}`).expect(503);
      expect(busy.headers['retry-after']).toBe('30');
      expect(busy.body).toMatchObject({ statusCode: 503, message: 'The database is busy: try again in a moment.' });
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    await request(t.http).get('/api/v1/enterprises?pageSize=1').set('Authorization', `Bearer ${token}`).expect(200);
  });
});
