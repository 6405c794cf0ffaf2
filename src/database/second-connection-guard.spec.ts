import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { guardSecondConnections, outsideTransaction, SecondConnectionError } from './second-connection-guard.js';
import { RefreshingCache } from './refreshing-cache.js';
import { installSqliteSerialisation } from './sqlite-serial.js';

async function open(): Promise<DataSource> {
  const ds = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
  await ds.query('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  installSqliteSerialisation(ds);
  return ds;
}

let strict: DataSource;
let logging: DataSource;
let off: DataSource;
const logged: string[] = [];

beforeAll(async () => {
  strict = guardSecondConnections(await open(), 'throw');
  logging = guardSecondConnections(await open(), 'log', (m) => logged.push(m));
  off = guardSecondConnections(await open(), 'off');
});
afterAll(async () => {
  for (const ds of [strict, logging, off]) await ds.destroy();
});

describe('a statement inside a transaction', () => {
  it.each([
    ['through the transaction\'s EntityManager', (ds: DataSource) => ds.transaction((em) => em.query('SELECT 1'))],
    ['through a query builder of the transaction\'s EntityManager', (ds: DataSource) => ds.transaction((em) => em.createQueryBuilder().select('t.id').from('t', 't').getRawMany())],
    ['through a nested transaction of its EntityManager (a savepoint)', (ds: DataSource) => ds.transaction((em) => em.transaction((inner) => inner.query('SELECT 1')))],
    ['after the transaction committed', async (ds: DataSource) => { await ds.transaction((em) => em.query('SELECT 1')); return ds.query('SELECT 1'); }],
    ['by work the callback left behind, run after it ended while another transaction is open', async (ds: DataSource) => {
      let leftBehind!: Promise<unknown>;
      await ds.transaction(async () => {
        leftBehind = new Promise((r) => setTimeout(r, 20)).then(() => ds.query('SELECT 1'));
      });
      await ds.transaction(async (em) => {
        await new Promise((r) => setTimeout(r, 60));
        return em.query('SELECT 2');
      });
      return leftBehind;
    }],
    ['deliberately outside the span', (ds: DataSource) => ds.transaction(() => outsideTransaction(() => ds.query('SELECT 1')))],
    ['a reference cache loaded for the first time inside it (refreshing-cache.ts)', (ds: DataSource) => {
      const cache = new RefreshingCache(() => ds.query('SELECT 1 AS one'), 1000);
      return ds.transaction(() => cache.get());
    }],
  ])('%s passes', async (_name, run) => {
    await expect(run(strict)).resolves.toBeDefined();
  });

  it.each([
    ['through the DataSource', (ds: DataSource) => ds.transaction(() => ds.query('SELECT 1'))],
    ['through the DataSource\'s manager', (ds: DataSource) => ds.transaction(() => ds.manager.query('SELECT 1'))],
    ['through a query builder of the DataSource', (ds: DataSource) => ds.transaction(() => ds.createQueryBuilder().select('t.id').from('t', 't').getRawMany())],
    ['in a second transaction opened inside the first', (ds: DataSource) => ds.transaction(() => ds.transaction((em) => em.query('SELECT 1')))],
    ['after an await inside the callback', (ds: DataSource) => ds.transaction(async (em) => { await em.query('SELECT 1'); return ds.query('SELECT 2'); })],
  ])('%s fails with TX_GUARD=throw', async (_name, run) => {
    await expect(run(strict)).rejects.toThrow(SecondConnectionError);
  });

  it('is reported and runs with TX_GUARD=log, and is not looked at with off', async () => {
    logged.length = 0;
    await expect(logging.transaction(() => logging.query('SELECT 1 AS one'))).resolves.toEqual([{ one: 1 }]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/second pooled connection/);
    await expect(off.transaction(() => off.query('SELECT 1 AS one'))).resolves.toEqual([{ one: 1 }]);
  });
});
