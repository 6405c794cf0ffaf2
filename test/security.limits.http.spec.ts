import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { get as httpGet, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { MoreThan } from 'typeorm';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { EnterpriseExportService } from '../src/enterprises/enterprise-export.service.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { MAX_IMPORT_ROWS } from '../src/imports/import-file.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/**
 * Resource limits (docs/security.md §4): an import far beyond the row cap is refused after reading
 * cap + 1 rows, in a streaming reader that gives way to other requests. The figures are printed
 * for the docs; the assertions leave room for a loaded machine (the target is 50 ms).
 */

let t: TestApp;
let admin: string;
let dir: string;

function uscc(n: number): string {
  const first17 = `91120116MA${String(n).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}

/** Written with exceljs's streaming writer: a few MB, never the whole workbook in memory. */
async function bigXlsx(path: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('数据');
  ws.addRow(['统一社会信用代码', '企业名称', '所属区']).commit();
  for (let i = 1; i <= rows; i++) ws.addRow([uscc(i), `天津测试企业${i}`, '滨海新区']).commit();
  ws.commit();
  await wb.commit();
}

/** The test app's port (listening once, for raw HTTP clients). */
function listeningPort(): number {
  const server = t.http.listening ? t.http : t.http.listen(0);
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  t = await startTestApp({ UPLOAD_MAX_MB: '50' });
  admin = await tokenFor(t, 'admin');
  dir = mkdtempSync(join(tmpdir(), 'limits-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('imports: row cap, streaming, event loop', () => {
  it('an XLSX of 300,000 rows is refused with the row-cap message while /health keeps answering', async () => {
    const path = join(dir, 'big.xlsx');
    await bigXlsx(path, 300_000);
    const file = readFileSync(path);
    // Raw HTTP with a body built beforehand: the test client, which shares this process and its
    // event loop, adds next to nothing to the measured delay.
    const port = listeningPort();
    const health = () => new Promise<number>((resolve, reject) => {
      const started = performance.now();
      httpGet({ host: '127.0.0.1', port, path: '/health' }, (r) => {
        r.resume();
        r.on('end', () => (r.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`health ${r.statusCode}`))));
      }).on('error', reject);
    });
    const boundary = `----limits${Date.now()}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    await health(); // warm
    // The machine's own noise (2 cores shared with other test runs): the same pings for 1.5 s
    // without an import. The bound below is 200 ms above it.
    const idle = monitorEventLoopDelay({ resolution: 10 });
    idle.enable();
    for (const until = performance.now() + 1500; performance.now() < until;) {
      await health();
      await new Promise((r) => setTimeout(r, 20));
    }
    idle.disable();
    const noiseMs = idle.max / 1e6;
    // exceljs parks sheets in temporary files; none may be left behind after a refused import.
    const parked = join(dir, 'tmp');
    mkdirSync(parked);
    const tmpBefore = process.env.TMPDIR;
    process.env.TMPDIR = parked;

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 20);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const upload = new Promise<{ status: number; body: { details?: unknown } }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1', port, path: '/api/v1/imports?kind=enterprises', method: 'POST',
        headers: { Authorization: `Bearer ${admin}`, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': body.length },
      }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      });
      req.on('error', reject);
      req.end(body);
    });
    const latencies: number[] = [];
    let done = false;
    const res = upload.then((r) => { done = true; return r; });
    while (!done) {
      latencies.push(await health());
      await new Promise((r) => setTimeout(r, 20));
    }
    const answer = await res;
    const elapsed = performance.now() - started;
    delay.disable();
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 100));
    if (tmpBefore === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpBefore;
    expect(readdirSync(parked)).toEqual([]);

    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{ field: 'file', message: `has more than ${MAX_IMPORT_ROWS} rows` }]);
    const maxDelay = delay.max / 1e6;
    const report = {
      fileMB: +(statSync(path).size / 1048576).toFixed(1), rows: 300_000, elapsedMs: Math.round(elapsed),
      maxEventLoopDelayMs: Math.round(maxDelay), idleMaxEventLoopDelayMs: Math.round(noiseMs), p99EventLoopDelayMs: Math.round(delay.percentile(99) / 1e6),
      healthRequests: latencies.length, maxHealthMs: Math.round(Math.max(...latencies)), rssGrowthMB: Math.round((rssPeak - rssBefore) / 1048576),
    };
    console.log(`import row-cap figures: ${JSON.stringify(report)}`);
    // What this guards is the shape, not a speed: the refused parse used to block the loop for 8.7 s in one
    // piece. Now it yields — /health answers at least once a second throughout and no single stall reaches
    // a second. (The 50 ms target is measured by `npm run bench`, not here: a shared 2-core CI machine
    // put the max stall anywhere from 60 to 260 ms.)
    expect(latencies.length).toBeGreaterThan(Math.max(1, Math.floor(elapsed / 1000)));
    expect(maxDelay).toBeLessThan(1000 + noiseMs);
    expect(report.rssGrowthMB).toBeLessThan(200);
  }, 120_000);

  it('a CSV beyond the cap is refused the same way (streamed)', async () => {
    const lines = ['统一社会信用代码,企业名称,所属区'];
    for (let i = 1; i <= MAX_IMPORT_ROWS + 10; i++) lines.push(`${uscc(i)},天津测试企业${i},滨海新区`);
    const res = await request(t.http).post('/api/v1/imports?kind=enterprises').set('Authorization', `Bearer ${admin}`)
      .attach('file', Buffer.from(lines.join('\n')), { filename: 'big.csv', contentType: 'text/csv' });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'file', message: `has more than ${MAX_IMPORT_ROWS} rows` }]);
  }, 60_000);
});

describe('exports are audited when they start, and marked finished or aborted', () => {
  type Entry = { id: number; action: string; entity: string; entityId: string; actorUsername: string; after: Record<string, unknown> | null };
  const entriesSince = async (since: number): Promise<Entry[]> =>
    (await t.dataSource.getRepository(AuditEntry).find({ where: { id: MoreThan(since), action: 'export' }, order: { id: 'ASC' } })) as unknown as Entry[];
  /** The finishing entry is written when the response stream ends, which may be just after the client has read it. */
  const entriesAtLeast = async (since: number, n: number): Promise<Entry[]> => {
    for (let i = 0; i < 100; i++) {
      const entries = await entriesSince(since);
      if (entries.length >= n) return entries;
      await new Promise((r) => setTimeout(r, 50));
    }
    return entriesSince(since);
  };
  const lastId = async () => Number((await t.dataSource.query('SELECT MAX(id) AS id FROM audit_entry'))[0]?.id ?? 0);
  const binary = (res: request.Test) => res.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  /** started then finished, linked by one export id. */
  const expectPair = (entries: Entry[], entity: string, who: string) => {
    expect(entries.map((e) => [e.entity, e.after?.phase, e.actorUsername])).toEqual([[entity, 'started', who], [entity, 'finished', who]]);
    expect(entries[0]!.entityId).toBe(entries[1]!.entityId);
  };

  beforeAll(async () => {
    // Enough files that an export takes many chunks (so a client can leave in the middle).
    const repo = t.dataSource.getRepository(Enterprise);
    const model = await repo.findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
    const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...rest } = model as unknown as Record<string, unknown>;
    for (let b = 0; b < 8; b++) {
      await repo.insert(Array.from({ length: 500 }, (_, i) => ({ ...rest, uscc: `X${String(b * 500 + i).padStart(17, '0')}`, name: `导出测试企业${b * 500 + i}` })) as never);
    }
  }, 120_000);

  it.each([
    ['JSON CSV', '/api/v1/enterprises/export?format=csv&districtCode=120116'],
    ['JSON XLSX', '/api/v1/enterprises/export?format=xlsx'],
  ])('%s: the client leaves after the first bytes → started, then aborted (reason client)', async (_n, path) => {
    // A slow database read between chunks (better-sqlite3 answers synchronously, so otherwise the
    // whole file is written before the client's disconnect is even seen).
    const exporter = t.app.get(EnterpriseExportService) as unknown as { chunks: (...a: unknown[]) => AsyncGenerator<unknown[]> };
    const original = exporter.chunks;
    exporter.chunks = async function* slow(...args: unknown[]) {
      for await (const rows of original.apply(this, args)) {
        await new Promise((r) => setTimeout(r, 40));
        yield rows;
      }
    };
    const since = await lastId();
    const port = listeningPort();
    await new Promise<void>((resolve, reject) => {
      const req = httpGet({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${admin}` } }, (res) => {
        expect(res.statusCode).toBe(200);
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    });
    let entries: Entry[] = [];
    for (let i = 0; i < 100 && entries.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      entries = await entriesSince(since);
    }
    expect(entries.map((e) => [e.entity, e.after?.phase, e.after?.reason])).toEqual([['enterprise', 'started', undefined], ['enterprise', 'aborted', 'client']]);
    expect(entries[0]!.entityId).toBe(entries[1]!.entityId);
    expect(Number(entries[1]!.after?.rows)).toBeLessThan(4_000);
    exporter.chunks = original;
  }, 60_000);

  it('HTML: the session download of the list is audited started and finished', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const since = await lastId();
    await binary(agent.get('/enterprises/export.xlsx?q=天津')).expect(200);
    const entries = await entriesAtLeast(since, 2);
    expectPair(entries, 'enterprise', 'officer.binhai');
    expect(entries[0]!.after?.filters).toBe('{"q":"天津"}');
  });

  it('cultivation candidates (JSON and HTML) and the reports workbook (JSON and HTML) are audited too', async () => {
    const agent = await signIn(t, 'manager');
    const manager = await tokenFor(t, 'manager');
    const cases: [string, () => request.Test, string][] = [
      ['cultivation_candidate', () => request(t.http).get('/api/v1/cultivation/candidates/export?format=csv').set('Authorization', `Bearer ${manager}`), 'manager'],
      ['cultivation_candidate', () => binary(agent.get('/cultivation/candidates.xlsx')), 'manager'],
      ['report', () => binary(request(t.http).get('/api/v1/reports/export.xlsx?section=workload').set('Authorization', `Bearer ${manager}`)), 'manager'],
      ['report', () => binary(agent.get('/reports/export.xlsx')), 'manager'],
    ];
    for (const [entity, send, who] of cases) {
      const since = await lastId();
      await send().expect(200);
      let entries: Entry[] = [];
      for (let i = 0; i < 40 && entries.length < 2; i++) {
        entries = await entriesSince(since);
        if (entries.length < 2) await new Promise((r) => setTimeout(r, 25));
      }
      expectPair(entries, entity, who);
    }
  });
});
