import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { businessToday } from '../src/common/date-range.js';
import { CreditFlag } from '../src/enterprises/credit-flag.entity.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { FactCheck } from '../src/enterprises/fact-check.entity.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

let t: TestApp;
/** `?` placeholders for SQLite, `$n` for PostgreSQL (the suite runs on both). */
const portable = (sql: string) => (t.dataSource.options.type === 'postgres' ? (() => { let i = 0; return sql.replace(/\?/g, () => `$${++i}`); })() : sql);
let token: string;
let one: Enterprise; // two demo enterprises in 120116 (officer.binhai's district)
let two: Enterprise;
let nankai: Enterprise; // one in 120104, outside that scope

const csv = (rows: (string | number)[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const api = (method: 'get' | 'post', path: string) => request(t.http)[method](path).set('Authorization', `Bearer ${token}`);
const importFile = (file: Buffer, name: string) => api('post', '/api/v1/imports?kind=credit-lists').attach('file', file, { filename: name, contentType: 'application/octet-stream' });
const commit = (id: number) => api('post', `/api/v1/imports/${id}/commit`).expect(200);
const flagsOf = (e: Enterprise) => t.dataSource.getRepository(CreditFlag).find({ where: { enterpriseId: e.id, kind: 'abnormal-operation' }, order: { id: 'ASC' } });
const dishonestOf = (e: Enterprise) => t.dataSource.getRepository(CreditFlag).find({ where: { enterpriseId: e.id, kind: 'serious-dishonesty' }, order: { id: 'ASC' } });

beforeAll(async () => {
  t = await startTestApp();
  const repo = t.dataSource.getRepository(Enterprise);
  [one, two] = await repo.find({ where: { districtCode: '120116' }, order: { id: 'ASC' }, take: 2 }) as [Enterprise, Enterprise];
  nankai = await repo.findOneOrFail({ where: { districtCode: '120104' }, order: { id: 'ASC' } });
  token = await tokenFor(t, 'officer.binhai');
});
afterAll(async () => {
  await t?.close();
});

/** Chinese aliases of the columns (信用代码 / 名单 / 列入时间 / 移出时间 / 数据来源). */
const FILE = () => csv([
  ['信用代码', '名单', '列入时间', '移出时间', '数据来源'],
  [one.uscc, '经营异常名录', '2025-03-01', '', '信用中国'],
  [two.uscc, '严重违法失信名单', '2024-05-01', '2025-05-01', '市场监管'],
]);

describe('credit-list import', () => {
  let jobId: number;

  it('has an XLSX template with the Chinese headers, required ones starred', async () => {
    const res = await api('get', '/api/v1/imports/templates/credit-lists').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(['*统一社会信用代码', '*名单类型', '*列入日期', '移出日期', '来源', '列入原因']);
  });

  it('a dry run plans the listings and changes nothing', async () => {
    const before = (await flagsOf(one)).length;
    const res = await importFile(FILE(), '信用名单.csv').expect(201);
    expect(res.body).toMatchObject({ status: 'planned', kind: 'credit-lists', counts: { total: 2, create: 2, update: 0, unchanged: 0, error: 0 } });
    expect((await flagsOf(one)).length).toBe(before);
    jobId = res.body.id;
  });

  it('commit creates the listings, records a credit check per enterprise, and audits', async () => {
    await commit(jobId);
    expect((await flagsOf(one)).find((f) => f.flaggedOn === '2025-03-01')).toMatchObject({ removedOn: null, source: 'credit-china' });
    expect((await dishonestOf(two)).find((f) => f.flaggedOn === '2024-05-01')).toMatchObject({ removedOn: '2025-05-01', source: 'market-regulation' });
    for (const e of [one, two]) {
      expect(await t.dataSource.getRepository(FactCheck).countBy({ enterpriseId: e.id, subject: 'credit', source: 'credit-china', checkedOn: businessToday() })).toBe(1);
    }
    const audit = t.dataSource.getRepository(AuditEntry);
    expect(await audit.countBy({ entity: 'credit_flag', action: 'create', enterpriseId: one.id })).toBeGreaterThanOrEqual(1);
    expect(await audit.countBy({ entity: 'import_job', entityId: String(jobId), action: 'import' })).toBe(1);
  });

  it('re-importing the same file changes nothing', async () => {
    const versions = [...(await flagsOf(one)), ...(await dishonestOf(two))].map((f) => [f.id, f.version]);
    const checks = await t.dataSource.getRepository(FactCheck).count();
    const audits = await t.dataSource.getRepository(AuditEntry).count();
    const dry = await importFile(FILE(), '信用名单（再次）.csv').expect(201);
    expect(dry.body).toMatchObject({ status: 'planned', counts: { total: 2, create: 0, update: 0, unchanged: 2, error: 0 } });
    await commit(dry.body.id);
    expect([...(await flagsOf(one)), ...(await dishonestOf(two))].map((f) => [f.id, f.version])).toEqual(versions);
    expect(await t.dataSource.getRepository(FactCheck).count()).toBe(checks);
    expect(await t.dataSource.getRepository(AuditEntry).count()).toBe(audits + 1);
  });

  it('a row with a removal date for a listing on file removes it (XLSX, English headers)', async () => {
    const file = await xlsx([['USCC', 'List', 'Listed on', 'Removed on', 'Source'], [one.uscc, 'abnormal-operation', '2025-03-01', '2025-09-01', 'credit-china']]);
    const dry = await importFile(file, 'removals.xlsx').expect(201);
    expect(dry.body).toMatchObject({ status: 'planned', counts: { total: 1, create: 0, update: 1, unchanged: 0, error: 0 } });
    await commit(dry.body.id);
    const flag = (await flagsOf(one)).find((f) => f.flaggedOn === '2025-03-01')!;
    expect(flag.removedOn).toBe('2025-09-01');
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ entity: 'credit_flag', entityId: String(flag.id), action: 'update' })).toBe(1);
  });

  it('a USCC outside the officer’s scope reads exactly like an unknown one; bad rows are row errors', async () => {
    const first17 = '91120116MA9999999';
    const unknown = first17 + usccCheckChar(first17);
    const res = await importFile(csv([
      ['统一社会信用代码', '名单类型', '列入日期', '移出日期'],
      [nankai.uscc, '经营异常名录', '2025-01-01', ''],
      [unknown, '经营异常名录', '2025-01-01', ''],
      [one.uscc, '经营异常名录', '2025-06-01', '2025-05-01'],
      [one.uscc, '黑名单x', '2025-06-01', ''],
    ]), 'scope.csv').expect(201);
    expect(res.body.status).toBe('invalid');
    expect(res.body.errors).toEqual([
      { row: 2, column: '统一社会信用代码', message: 'no enterprise file with this USCC, or not in your area' },
      { row: 3, column: '统一社会信用代码', message: 'no enterprise file with this USCC, or not in your area' },
      { row: 4, column: '移出日期', message: 'the removal date is before the listing date' },
      expect.objectContaining({ row: 5, column: '名单类型' }),
    ]);
    await api('post', `/api/v1/imports/${res.body.id}/commit`).expect(409);
  });

  it('the import page offers the kind and its template', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get('/enterprises/import').expect(200);
    expect(page.text).toContain('<option value="credit-lists"');
    expect(page.text).toContain('信用名单（经营异常、严重违法失信）');
    expect(page.text).toContain('/enterprises/import/template?kind=credit-lists');
  });

  it('a stored evaluation lists per criterion the sources of the facts it used; the file shows each year’s source', async () => {
    const rec = await api('post', `/api/v1/enterprises/${one.id}/evaluations`).send({}).expect(201);
    const crit = (body: { results: { program: string; criteria: { code: string; sources?: string[] }[] }[] }, program: string, code: string) =>
      body.results.find((r) => r.program === program)!.criteria.find((c) => c.code === code)!;
    expect(crit(rec.body, 'tech-sme', 'TS-CREDIT').sources).toContain('credit-china');
    expect(crit(rec.body, 'tech-sme', 'TS-REG').sources).toEqual([]);
    const shown = await api('get', `/api/v1/evaluations/${rec.body.evaluationId}`).expect(200);
    expect(crit(shown.body.response, 'tech-sme', 'TS-CREDIT').sources).toContain('credit-china');
    const [fig] = await t.dataSource.query(portable('SELECT DISTINCT source FROM annual_financials WHERE enterprise_id = ? AND year < ? AND year >= ?'), [one.id, Number(businessToday().slice(0, 4)), Number(businessToday().slice(0, 4)) - 4]);
    if (fig) expect(crit(shown.body.response, 'tech-sme', 'TS-SIZE').sources).toContain(fig.source);
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get(`/evaluations/${rec.body.evaluationId}`).expect(200);
    expect(page.text).toContain('data-testid="criterion-source">信用中国<');
    const file = await agent.get(`/enterprises/${one.id}`).expect(200);
    const [latest] = await t.dataSource.query(portable("SELECT year, source FROM annual_financials WHERE enterprise_id = ? AND (source <> 'enterprise' OR verified_at IS NOT NULL) ORDER BY year DESC LIMIT 1"), [one.id]);
    expect(latest).toBeDefined();
    const label = { officer: '工作人员核实', import: '批量导入', enterprise: '企业自报' }[String(latest.source)] ?? '';
    expect(file.text).toContain(`data-testid="figure-source-${latest.year}" data-source="${latest.source}" title="来源：${label}；`);
  });
});
