import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { AnnualFinancials } from '../src/enterprises/annual-financials.entity.js';
import { EXPORT_HEADERS } from '../src/enterprises/enterprise-export.service.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { IpAsset } from '../src/enterprises/ip-asset.entity.js';
import { ImportJob } from '../src/imports/import-job.entity.js';
import { Job } from '../src/jobs/job.entity.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { businessYear } from '../src/common/clock.js';

let t: TestApp;
const tokens: Record<string, string> = {};
let binhai: Enterprise; // a demo enterprise in 120116
let nankai: Enterprise; // a demo enterprise in 120104

const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string, who: string) => request(t.http)[method](path).set('Authorization', `Bearer ${tokens[who]}`);

/** A valid USCC in a district: 91 + district + "MA" + 7 digits + check character. */
function uscc(district: string, n: number): string {
  const first17 = `91${district}MA${String(n).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}

const csv = (rows: (string | number)[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\r\n')}\r\n`);

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const importFile = (who: string, kind: string, file: Buffer, name: string, dryRun?: boolean) =>
  api('post', `/api/v1/imports?kind=${kind}${dryRun === undefined ? '' : `&dryRun=${dryRun}`}`, who).attach('file', file, { filename: name, contentType: 'application/octet-stream' });

/** A binary response body (supertest leaves unknown types unparsed otherwise). */
const binary = (res: request.Test) => res.buffer(true).parse((r, cb) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => cb(null, Buffer.concat(chunks)));
});

beforeAll(async () => {
  t = await startTestApp();
  const repo = t.dataSource.getRepository(Enterprise);
  binhai = await repo.findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  nankai = await repo.findOneOrFail({ where: { districtCode: '120104' }, order: { id: 'ASC' } });
  for (const who of ['admin', 'manager', 'officer.binhai', 'officer.nankai']) tokens[who] = await tokenFor(t, who);
  tokens.ent = await tokenFor(t, binhai.uscc);
});
afterAll(async () => {
  await t?.close();
});

const ENTERPRISE_HEADER = ['统一社会信用代码', '企业名称', '所属区', '功能区', '成立日期', '行业代码', '征收方式', '技术领域', '注册资本（万元）', '地址', '标签', '研发辅助账'];

describe('import templates', () => {
  it.each([
    ['enterprises', ['*统一社会信用代码', '*企业名称', '*所属区']],
    ['financials', ['*统一社会信用代码', '*年度', '营业收入（元）', '研发费用（元）', '职工总数']],
    ['ip-assets', ['*统一社会信用代码', '*类别', '*编号', '*状态']],
  ])('%s: an XLSX with the Chinese headers (required ones starred)', async (kind, expected) => {
    const res = await binary(api('get', `/api/v1/imports/templates/${kind}`, 'officer.binhai')).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const headers = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    for (const h of expected) expect(headers).toContain(h);
  });

  it('an empty template imported as is is a valid (empty) dry run', async () => {
    const tpl = await binary(api('get', '/api/v1/imports/templates/enterprises', 'officer.binhai')).expect(200);
    const res = await importFile('officer.binhai', 'enterprises', tpl.body as Buffer, 'template.xlsx').expect(201);
    expect(res.body).toMatchObject({ status: 'planned', counts: { total: 0, create: 0, update: 0, unchanged: 0, error: 0 } });
  });
});

describe('enterprise import: dry run, commit, re-import', () => {
  const fresh = [uscc('120116', 1), uscc('120116', 2), uscc('120116', 3)];
  const rows = () => [
    ENTERPRISE_HEADER,
    [fresh[0]!, '天津导入一号科技有限公司', '滨海新区', '滨海高新区', '2020/3/5', 'C3911', '查账征收', '电子信息', '500', '天津市滨海新区导入路1号', '导入,雏鹰', '是'],
    [fresh[1]!.toLowerCase(), '天津导入二号科技有限公司', '120116', '', '2021年6月1日', '', '核定征收', 'new-materials', '1,200.5', '', '', '否'],
    [fresh[2]!, '天津导入三号科技有限公司', '滨海', '', '', '', '', '', '', '', '', ''],
    [binhai.uscc, binhai.name, '滨海新区', '', '', '', '', '', '', '天津市滨海新区更新后的地址88号', '', ''],
  ];
  let jobId: number;

  it('reports per-row errors with row number, column and message, and refuses to commit', async () => {
    const bad = [
      ...rows(),
      ['91120116MA0000009X', '校验位错误公司', '滨海新区', '', '', '', '', '', '', '', '', ''],
      [uscc('120116', 4), '日期错误公司', '滨海新区', '', '2025-02-30', 'X99', '', '', '-5', '', '', '也许'],
      [fresh[0]!, '重复行公司', '滨海新区', '', '', '', '', '', '', '', '', ''],
      [uscc('120116', 5), '区名错误公司', '上海市', '', '', '', '', '', '', '', '', ''],
    ];
    const res = await importFile('officer.binhai', 'enterprises', csv(bad), '登记.csv').expect(201);
    expect(res.body).toMatchObject({ status: 'invalid', committable: false, counts: { total: 8, create: 3, update: 1, error: 4 } });
    const errors = res.body.errors as { row: number; column: string; message: string }[];
    expect(errors).toEqual(expect.arrayContaining([
      { row: 6, column: '统一社会信用代码', message: 'not a valid USCC (18 characters with a correct check character)' },
      { row: 7, column: '成立日期', message: 'not a date (YYYY-MM-DD, and a real calendar date)' },
      { row: 7, column: '行业代码', message: 'not a GB/T 4754 industry code such as C3911' },
      { row: 7, column: '注册资本（万元）', message: 'must not be negative' },
      { row: 7, column: '研发辅助账', message: 'must be yes or no (是/否)' },
      { row: 8, column: '统一社会信用代码', message: 'repeats row 2 (a key may appear only once in a file)' },
      { row: 9, column: '所属区', message: 'not a Tianjin district (write the name or the 6-digit code, e.g. 滨海新区 / 120116)' },
    ]));
    await api('post', `/api/v1/imports/${res.body.id}/commit`, 'officer.binhai').expect(409);
    expect(await t.dataSource.getRepository(Enterprise).countBy({ uscc: fresh[0]! })).toBe(0);
  });

  it('a clean dry run changes nothing and says what would be created, updated or unchanged', async () => {
    const res = await importFile('officer.binhai', 'enterprises', csv(rows()), '登记.csv').expect(201);
    expect(res.body).toMatchObject({ status: 'planned', committable: true, kind: 'enterprises', fileName: '登记.csv', counts: { total: 4, create: 3, update: 1, unchanged: 0, error: 0 } });
    expect(res.body.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    const update = res.body.preview.find((p: { key: string }) => p.key === binhai.uscc);
    expect(update).toMatchObject({ action: 'update', changes: [{ field: 'address', to: '天津市滨海新区更新后的地址88号' }] });
    expect(await t.dataSource.getRepository(Enterprise).countBy({ uscc: fresh[0]! })).toBe(0);
    jobId = res.body.id;
  });

  it('commits by id without re-uploading: everything applied, audited, on the timeline', async () => {
    const res = await api('post', `/api/v1/imports/${jobId}/commit`, 'officer.binhai').expect(200);
    expect(res.body).toMatchObject({ status: 'committed', counts: { create: 3, update: 1, unchanged: 0 } });
    const one = await t.dataSource.getRepository(Enterprise).findOneByOrFail({ uscc: fresh[0]! });
    expect(one).toMatchObject({ name: '天津导入一号科技有限公司', districtCode: '120116', zoneCode: 'binhai-hitech', establishedOn: '2020-03-05', industryCode: 'C3911', taxMode: 'audit', highTechField: 'electronic-information', registeredCapital: 5_000_000, tags: '导入,雏鹰', rdLedger: true });
    const two = await t.dataSource.getRepository(Enterprise).findOneByOrFail({ uscc: fresh[1]! });
    expect(two).toMatchObject({ establishedOn: '2021-06-01', taxMode: 'deemed', highTechField: 'new-materials', registeredCapital: 12_005_000, rdLedger: false });
    // The officer who imports becomes the assigned officer of new files, as when creating one by hand.
    expect(one.assignedOfficerId).not.toBeNull();
    const tagged = await api('get', '/api/v1/enterprises?tag=雏鹰', 'officer.binhai').expect(200);
    expect(tagged.body.items.map((e: { uscc: string }) => e.uscc)).toContain(fresh[0]);
    const updated = await t.dataSource.getRepository(Enterprise).findOneByOrFail({ id: binhai.id });
    expect(updated.address).toBe('天津市滨海新区更新后的地址88号');
    const audit = t.dataSource.getRepository(AuditEntry);
    expect(await audit.countBy({ entity: 'import_job', entityId: String(jobId), action: 'import' })).toBe(1);
    expect(await audit.countBy({ entity: 'enterprise', entityId: String(one.id), action: 'create' })).toBe(1);
    const timeline = await api('get', `/api/v1/enterprises/${binhai.id}/timeline?kind=change`, 'officer.binhai').expect(200);
    expect(timeline.body.items[0].text).toContain('天津市滨海新区更新后的地址88号');
    await api('post', `/api/v1/imports/${jobId}/commit`, 'officer.binhai').expect(409);
  });

  it('re-importing the same file changes nothing', async () => {
    const versions = await t.dataSource.getRepository(Enterprise).find({ where: [{ uscc: fresh[0]! }, { id: binhai.id }], select: { id: true, version: true } });
    const auditsBefore = await t.dataSource.getRepository(AuditEntry).count();
    const dry = await importFile('officer.binhai', 'enterprises', csv(rows()), '登记（再次）.csv').expect(201);
    expect(dry.body).toMatchObject({ status: 'planned', counts: { total: 4, create: 0, update: 0, unchanged: 4, error: 0 } });
    expect(dry.body.warnings.join(' ')).toContain(`batch ${jobId}`);
    await api('post', `/api/v1/imports/${dry.body.id}/commit`, 'officer.binhai').expect(200);
    const after = await t.dataSource.getRepository(Enterprise).find({ where: [{ uscc: fresh[0]! }, { id: binhai.id }], select: { id: true, version: true } });
    expect(after).toEqual(versions);
    // Only the job's own entry was added.
    expect(await t.dataSource.getRepository(AuditEntry).count()).toBe(auditsBefore + 1);
  });

  it('English headers, XLSX, and empty cells never clear data', async () => {
    const file = await xlsx([
      ['USCC', 'Name', 'District', 'Address', 'Registered capital'],
      [fresh[2]!, '天津导入三号科技有限公司', '120116', null, 2_000_000],
    ]);
    const res = await importFile('officer.binhai', 'enterprises', file, 'registry.xlsx', false).expect(201);
    expect(res.body).toMatchObject({ status: 'committed', counts: { update: 1 } });
    const three = await t.dataSource.getRepository(Enterprise).findOneByOrFail({ uscc: fresh[2]! });
    expect(three.registeredCapital).toBe(2_000_000);
    expect(await t.dataSource.getRepository(Enterprise).findOneByOrFail({ uscc: fresh[0]! })).toMatchObject({ address: '天津市滨海新区导入路1号' });
  });
});

describe('financials and IP import', () => {
  it('upserts by USCC + year (money in 万元 when the header says so), then re-import is unchanged', async () => {
    const file = csv([
      ['统一社会信用代码', '年度', '营业收入（万元）', '研发费用（元）', '职工总数', '科技人员数'],
      [binhai.uscc, 2023, '1,234.56', '880000', 95, 21],
      [binhai.uscc, 2022, '1000', '700000.5', 90, 20],
    ]);
    const dry = await importFile('officer.binhai', 'financials', file, '税务.csv').expect(201);
    expect(dry.body.counts).toMatchObject({ error: 0 });
    await api('post', `/api/v1/imports/${dry.body.id}/commit`, 'officer.binhai').expect(200);
    const f2023 = await t.dataSource.getRepository(AnnualFinancials).findOneByOrFail({ enterpriseId: binhai.id, year: 2023 });
    expect(f2023).toMatchObject({ operatingRevenue: 12_345_600, rdExpense: 880_000, employees: 95, stStaff: 21, source: 'import' });
    expect(f2023.verifiedAt).not.toBeNull();
    const again = await importFile('officer.binhai', 'financials', file, '税务.csv').expect(201);
    expect(again.body.counts).toMatchObject({ create: 0, update: 0, unchanged: 2 });
    const timeline = await api('get', `/api/v1/enterprises/${binhai.id}/timeline?kind=change`, 'officer.binhai').expect(200);
    expect(timeline.body.items.map((i: { text: string }) => i.text).join('\n')).toContain('营业收入 2023');
  });

  it('imports IP assets with Chinese enumeration labels, keyed by number', async () => {
    const file = csv([
      ['统一社会信用代码', '类别', '编号', '名称', '状态', '授权日期', '到期日', '取得方式', '用于高企申报', '共有人'],
      [binhai.uscc, '发明专利', 'ZL202310999001.1', '一种导入方法', '有效', '2023-05-06', '2043-05-05', '自主研发', '否', ''],
      [binhai.uscc, '软件著作权', '2024SR0999002', '导入系统V1.0', '有效', '2024-01-02', '', '受让', '是', '天津某大学；某研究院'],
    ]);
    const res = await importFile('officer.binhai', 'ip-assets', file, 'ip.csv', false).expect(201);
    expect(res.body).toMatchObject({ status: 'committed', counts: { create: 2 } });
    const sw = await t.dataSource.getRepository(IpAsset).findOneByOrFail({ number: '2024SR0999002' });
    expect(sw).toMatchObject({ kind: 'software-copyright', status: 'valid', acquisition: 'acquired', usedInHighTechApplication: true, coOwners: ['天津某大学', '某研究院'], enterpriseId: binhai.id });
    const again = await importFile('officer.binhai', 'ip-assets', file, 'ip.csv').expect(201);
    expect(again.body.counts).toMatchObject({ create: 0, update: 0, unchanged: 2 });
    const changed = csv([['统一社会信用代码', '类别', '编号', '状态'], [binhai.uscc, '发明专利', 'ZL202310999001.1', '失效']]);
    const upd = await importFile('officer.binhai', 'ip-assets', changed, 'ip2.csv').expect(201);
    expect(upd.body.preview[0]).toMatchObject({ action: 'update', changes: [{ field: 'status', from: 'valid', to: 'lapsed' }] });
  });

  it('scope: an officer imports only into their own district (rows outside are row errors)', async () => {
    const ent = csv([ENTERPRISE_HEADER.slice(0, 3), [uscc('120104', 7), '南开越界公司', '南开区'], [nankai.uscc, nankai.name, '南开区']]);
    const res = await importFile('officer.binhai', 'enterprises', ent, 'x.csv').expect(201);
    // A file of another district answers exactly like a new file placed there (no existence oracle; security.permissions.http.spec.ts).
    expect(res.body.errors).toEqual([
      { row: 2, column: null, message: 'outside your area' },
      { row: 3, column: null, message: 'outside your area' },
    ]);
    const fin = csv([['统一社会信用代码', '年度', '营业收入'], [nankai.uscc, 2023, 1]]);
    const res2 = await importFile('officer.binhai', 'financials', fin, 'y.csv').expect(201);
    expect(res2.body.errors).toEqual([{ row: 2, column: '统一社会信用代码', message: 'no enterprise file with this USCC, or not in your area' }]);
  });

  it('all or nothing: a row that fails at commit time rolls back every other row', async () => {
    const a = uscc('120116', 11);
    const b = uscc('120116', 12);
    await importFile('admin', 'enterprises', csv([ENTERPRISE_HEADER.slice(0, 3), [a, '天津原子性甲公司', '滨海新区'], [b, '天津原子性乙公司', '滨海新区']]), 'ab.csv', false).expect(201);
    const bId = (await t.dataSource.getRepository(Enterprise).findOneByOrFail({ uscc: b })).id;
    const dry = await importFile('admin', 'financials', csv([['统一社会信用代码', '年度', '营业收入'], [a, 2024, 100], [b, 2024, 200]]), 'fin.csv').expect(201);
    expect(dry.body.status).toBe('planned');
    // Between the dry run and the commit, one linked file is deleted: its row can no longer be applied.
    await api('delete', `/api/v1/enterprises/${bId}`, 'admin').expect(204);
    const res = await api('post', `/api/v1/imports/${dry.body.id}/commit`, 'admin').expect(409);
    expect(res.body.details).toEqual([{ field: 'row 3 统一社会信用代码', message: 'no enterprise file with this USCC, or not in your area' }]);
    const aId = (await t.dataSource.getRepository(Enterprise).findOneByOrFail({ uscc: a })).id;
    expect(await t.dataSource.getRepository(AnnualFinancials).countBy({ enterpriseId: aId })).toBe(0);
    expect((await t.dataSource.getRepository(ImportJob).findOneByOrFail({ id: dry.body.id })).status).toBe('planned');
    // dryRun=false with a failing row: 400, and nothing written either.
    const direct = await importFile('admin', 'financials', csv([['统一社会信用代码', '年度', '营业收入'], [a, 2024, 100], [a, 2099, 1]]), 'fin2.csv', false).expect(400);
    expect(direct.body.details[0]).toEqual({ field: 'row 3 年度', message: 'the year must be a whole number from 1990 to ' + businessYear() });
    expect(await t.dataSource.getRepository(AnnualFinancials).countBy({ enterpriseId: aId })).toBe(0);
  });

  it('imports 10,000 rows in one transaction (dry run, commit, idempotent re-import)', async () => {
    const header = ['统一社会信用代码', '企业名称', '所属区', '成立日期', '注册资本（元）', '地址', '标签'];
    const big = [header, ...Array.from({ length: 10_000 }, (_, i) => [uscc('120116', 100_000 + i), `天津批量导入第${i}号科技有限公司`, '滨海新区', '2019-01-01', 1_000_000 + i, `滨海新区测试路${i}号`, '批量'])];
    const file = csv(big);
    const dry = await importFile('admin', 'enterprises', file, 'big.csv').expect(201);
    expect(dry.body.counts).toEqual({ total: 10_000, create: 10_000, update: 0, unchanged: 0, error: 0 });
    await api('post', `/api/v1/imports/${dry.body.id}/commit`, 'admin').expect(200);
    expect(await t.dataSource.getRepository(Enterprise).createQueryBuilder('e').where("e.uscc LIKE '91120116MA01%'").getCount()).toBe(10_000);
    const again = await importFile('admin', 'enterprises', file, 'big.csv').expect(201);
    expect(again.body.counts).toMatchObject({ unchanged: 10_000, create: 0, update: 0 });
  }, 120_000);
});

describe('import pages (HTML)', () => {
  it('upload → dry-run report → commit, with PRG and flash', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get('/enterprises/import').expect(200);
    expect(page.text).toContain('数据导入');
    const csrf = await csrfOf(agent, '/enterprises/import');
    const file = csv([ENTERPRISE_HEADER.slice(0, 3), [uscc('120116', 21), '天津页面导入公司', '滨海新区'], ['BAD', '坏行', '滨海新区']]);
    const res = await agent.post(`/enterprises/import?_csrf=${encodeURIComponent(csrf)}`).field('kind', 'enterprises').attach('file', file, '页面.csv').expect(303);
    expect(res.headers.location).toMatch(/^\/enterprises\/import\/\d+$/);
    const report = await agent.get(res.headers.location!).expect(200);
    expect(report.text).toContain('统一社会信用代码无效');
    expect(report.text).not.toContain('确认导入');
    const good = csv([ENTERPRISE_HEADER.slice(0, 3), [uscc('120116', 21), '天津页面导入公司', '滨海新区']]);
    const res2 = await agent.post(`/enterprises/import?_csrf=${encodeURIComponent(csrf)}`).field('kind', 'enterprises').attach('file', good, '页面.csv').expect(303);
    const report2 = await agent.get(res2.headers.location!).expect(200);
    expect(report2.text).toContain('确认导入');
    const commit = await agent.post(`${res2.headers.location}/commit`).type('form').send({ _csrf: csrf }).expect(303);
    const done = await agent.get(commit.headers.location!).expect(200);
    expect(done.text).toContain('导入完成：新增 1，更新 0，不变 0');
  });

  it('a wrong file type comes back to the import page with a message; managers may not import', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, '/enterprises/import');
    const res = await agent.post(`/enterprises/import?_csrf=${encodeURIComponent(csrf)}`).field('kind', 'enterprises').attach('file', Buffer.from('%PDF-1.4 x'), 'a.csv').expect(303);
    expect(res.headers.location).toBe('/enterprises/import');
    expect((await agent.get('/enterprises/import').expect(200)).text).toContain('导入只接受 CSV 或 XLSX 文件');
    const missing = await agent.post(`/enterprises/import?_csrf=${encodeURIComponent(csrf)}`).field('kind', 'financials').attach('file', csv([['企业名称'], ['x']]), 'a.csv').expect(303);
    expect(missing.headers.location).toBe('/enterprises/import');
    expect((await agent.get('/enterprises/import').expect(200)).text).toContain('缺少必填列');
    const manager = await signIn(t, 'manager');
    await manager.get('/enterprises/import').expect(403);
  });
});

describe('imports: malformed input is 4xx, never 5xx', () => {
  const good = () => csv([['统一社会信用代码', '企业名称', '所属区'], [uscc('120116', 31), '天津某公司', '滨海新区']]);
  it.each([
    ['no file', () => api('post', '/api/v1/imports?kind=enterprises', 'admin'), 400],
    ['no kind', () => api('post', '/api/v1/imports', 'admin').attach('file', good(), 'a.csv'), 400],
    ['an unknown kind', () => importFile('admin', 'spaceships', good(), 'a.csv'), 400],
    ['dryRun=maybe', () => api('post', '/api/v1/imports?kind=enterprises&dryRun=maybe', 'admin').attach('file', good(), 'a.csv'), 400],
    ['an EXE', () => importFile('admin', 'enterprises', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]), 'a.csv'), 415],
    ['a PDF', () => importFile('admin', 'enterprises', Buffer.from('%PDF-1.4\n'), 'a.xlsx'), 415],
    ['a required column missing', () => importFile('admin', 'financials', csv([['统一社会信用代码', '营业收入'], ['x', 1]]), 'a.csv'), 400],
    ['only blank lines', () => importFile('admin', 'enterprises', Buffer.from('\n\n,,\n'), 'a.csv'), 400],
    ['a broken quote', () => importFile('admin', 'enterprises', Buffer.from('统一社会信用代码,企业名称,所属区\n"abc,d\n'), 'a.csv'), 400],
    ['a corrupt XLSX', () => importFile('admin', 'enterprises', Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(100, 1)]), 'a.xlsx'), 415],
    ['a job id that is not a number', () => api('get', '/api/v1/imports/abc', 'admin'), 404],
    ['an unknown job', () => api('post', '/api/v1/imports/999999/commit', 'admin'), 404],
    ['a template of an unknown kind', () => api('get', '/api/v1/imports/templates/ghosts', 'admin'), 400],
    ['a manager', () => importFile('manager', 'enterprises', good(), 'a.csv'), 403],
    ['an enterprise user', () => importFile('ent', 'enterprises', good(), 'a.csv'), 403],
  ])('%s', async (_n, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
  });

  it("another officer's job is not found", async () => {
    const dry = await importFile('officer.binhai', 'enterprises', good(), 'a.csv').expect(201);
    await api('get', `/api/v1/imports/${dry.body.id}`, 'officer.nankai').expect(404);
    await api('post', `/api/v1/imports/${dry.body.id}/commit`, 'officer.nankai').expect(404);
    await api('get', `/api/v1/imports/${dry.body.id}`, 'admin').expect(200);
  });
});

describe('export', () => {
  const csvRows = (body: Buffer) => parse(body.toString('utf8'), { bom: true }) as string[][];

  it('CSV: Chinese headers, money in 元, one row per enterprise of the list (rows == list total)', async () => {
    const res = await binary(api('get', '/api/v1/enterprises/export?format=csv', 'manager')).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".*\.csv"; filename\*=UTF-8''/);
    const body = res.body as Buffer;
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = csvRows(body);
    expect(rows[0]).toEqual(EXPORT_HEADERS);
    const list = await api('get', '/api/v1/enterprises?pageSize=1', 'manager').expect(200);
    expect(rows.length - 1).toBe(list.body.total);
    const one = rows.find((r) => r[0] === uscc('120116', 1))!;
    expect(one.slice(0, 12)).toEqual([uscc('120116', 1), '天津导入一号科技有限公司', '滨海新区', '滨海高新区', '2020-03-05', 'C3911', '查账征收', '电子信息', '5000000.00', '天津市滨海新区导入路1号', '导入,雏鹰', '是']);
    const withFigures = rows.find((r) => r[0] === binhai.uscc)!;
    expect(withFigures[EXPORT_HEADERS.indexOf('营业收入（元）')]).toMatch(/^\d+\.\d{2}$/);
  });

  it('honours the filters and the scope of the list', async () => {
    const filtered = await binary(api('get', '/api/v1/enterprises/export?format=csv&districtCode=120104&tier=tech-sme', 'admin')).expect(200);
    const rows = csvRows(filtered.body as Buffer).slice(1);
    const list = await api('get', '/api/v1/enterprises?districtCode=120104&tier=tech-sme&pageSize=1', 'admin').expect(200);
    expect(rows.length).toBe(list.body.total);
    expect(rows.every((r) => r[2] === '南开区' && r[12] === '科技型中小企业')).toBe(true);
    const officer = await binary(api('get', '/api/v1/enterprises/export', 'officer.nankai')).expect(200);
    const officerRows = csvRows(officer.body as Buffer).slice(1);
    expect(officerRows.length).toBe((await api('get', '/api/v1/enterprises?pageSize=1', 'officer.nankai')).body.total);
    expect(new Set(officerRows.map((r) => r[2]))).toEqual(new Set(['南开区']));
  });

  it('XLSX: the same rows, money as numbers formatted in 元', async () => {
    const res = await binary(api('get', '/api/v1/enterprises/export?format=xlsx&districtCode=120116', 'officer.binhai')).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_HEADERS);
    const list = await api('get', '/api/v1/enterprises?districtCode=120116&pageSize=1', 'officer.binhai').expect(200);
    expect(ws.actualRowCount - 1).toBe(list.body.total);
    let found = false;
    ws.eachRow((row) => {
      if (row.getCell(1).value === uscc('120116', 1)) {
        found = true;
        expect(row.getCell(9).value).toBe(5_000_000);
        expect(row.getCell(9).numFmt).toBe('#,##0.00');
      }
    });
    expect(found).toBe(true);
  });

  it('neutralises spreadsheet formulas in text', async () => {
    const file = await api('get', `/api/v1/enterprises/${binhai.id}`, 'admin').expect(200);
    await api('patch', `/api/v1/enterprises/${binhai.id}`, 'admin').send({ address: '=HYPERLINK("http://evil.example","点我")', version: file.body.enterprise.version }).expect(200);
    const res = await binary(api('get', `/api/v1/enterprises/export?q=${binhai.uscc}`, 'admin')).expect(200);
    expect(csvRows(res.body as Buffer)[1]![9]).toBe('\'=HYPERLINK("http://evil.example","点我")');
  });

  it('HTML: the list links to both exports with its filters; the session download works; an enterprise user may not export', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get('/enterprises?tier=tech-sme').expect(200);
    expect(page.text.replace(/&#x3D;/g, '=')).toContain('href="/enterprises/export.csv?tier=tech-sme"');
    expect(page.text.replace(/&#x3D;/g, '=')).toContain('href="/enterprises/export.xlsx?tier=tech-sme"');
    const res = await binary(agent.get('/enterprises/export.csv?tier=tech-sme')).expect(200);
    const rows = csvRows(res.body as Buffer).slice(1);
    expect(rows.length).toBe((await api('get', '/api/v1/enterprises?tier=tech-sme&pageSize=1', 'officer.binhai')).body.total);
    await binary(agent.get('/enterprises/export.xlsx')).expect(200);
    await api('get', '/api/v1/enterprises/export', 'ent').expect(403);
    const entAgent = await signIn(t, binhai.uscc);
    await entAgent.get('/enterprises/export.csv').expect(403);
  });

  it.each([
    ['format=pdf', 400],
    ['sort=password', 400],
    ['districtCode=abc', 400],
    ['deleted=true', 403],
    ['page=abc', 400],
    ['nonsense=1', 400],
  ])('a bad query (%s) → %d before anything is streamed', async (qs, status) => {
    const res = await api('get', `/api/v1/enterprises/export?${qs}`, 'officer.binhai');
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/json');
  });

  it('the assigned-officer filter lists the officers in scope and filters the list', async () => {
    const agent = await signIn(t, 'officer.nankai');
    const page = await agent.get('/enterprises').expect(200);
    expect(page.text).toContain('id="assignedOfficerId"');
    expect(page.text).toContain('张华（南开区）');
    expect(page.text).not.toContain('李明（滨海新区）');
    const officerId = (await t.dataSource.query("SELECT id FROM app_user WHERE username = 'officer.nankai'"))[0].id;
    const list = await api('get', `/api/v1/enterprises?assignedOfficerId=${officerId}&pageSize=200`, 'admin').expect(200);
    expect(list.body.items.every((e: { assignedOfficerId: number }) => e.assignedOfficerId === officerId)).toBe(true);
    const filtered = await agent.get(`/enterprises?assignedOfficerId=${officerId}`).expect(200);
    expect(filtered.text).toMatch(new RegExp(`<option value="${officerId}" selected>`));
  });
});

describe('registered names are stored as given; search folds widths', () => {
  const code = uscc('120116', 61);
  it('an imported （改名） keeps its full-width brackets, and "(改名)" still finds it', async () => {
    const file = csv([ENTERPRISE_HEADER, [code, ' 天津宽窄科技有限公司（改名） ', '滨海新区', '', '', '', '', '', '', '', '', '']]);
    const res = await importFile('officer.binhai', 'enterprises', file, '改名.csv', false).expect(201);
    expect(res.body).toMatchObject({ counts: { create: 1, error: 0 } });
    const stored = await t.dataSource.getRepository(Enterprise).findOneByOrFail({ uscc: code });
    expect(stored.name).toBe('天津宽窄科技有限公司（改名）');
    for (const q of ['宽窄科技有限公司(改名)', '宽窄科技有限公司（改名）', '宽窄科技']) {
      const found = await api('get', `/api/v1/enterprises?q=${encodeURIComponent(q)}`, 'officer.binhai').expect(200);
      expect(found.body.items.map((e: { uscc: string; name: string }) => [e.uscc, e.name])).toContainEqual([code, '天津宽窄科技有限公司（改名）']);
    }
  });
});

describe('after an import commit: a batch re-evaluation, whose completion runs matching (issue 15)', () => {
  const waiting = () => t.dataSource.getRepository(Job).find({ where: { kind: 'batch-evaluation', status: 'queued' } });
  const commitFinancials = async (year: number, revenue: string) => {
    const file = csv([['统一社会信用代码', '年度', '营业收入（万元）', '研发费用（元）', '职工总数', '科技人员数'], [binhai.uscc, year, revenue, '500000', 80, 18]]);
    const dry = await importFile('officer.binhai', 'financials', file, '税务.csv').expect(201);
    await api('post', `/api/v1/imports/${dry.body.id}/commit`, 'officer.binhai').expect(200);
    return Number(dry.body.id);
  };

  it('queues one follow-up (a second import reuses it), gives way to a requested batch (202, no 409), and the batch runs matching', async () => {
    const jobs = t.app.get(JobsService);
    await jobs.drain();
    const first = await commitFinancials(2019, '900');
    const queued = await waiting();
    expect(queued.map((j) => j.params)).toEqual([expect.objectContaining({ trigger: 'import', importJobId: first })]);
    await commitFinancials(2018, '800');
    expect((await waiting()).map((j) => j.id)).toEqual(queued.map((j) => j.id));
    // A batch asked for right after the import: accepted, and the waiting follow-up is replaced by it.
    const started = await api('post', '/api/v1/evaluations/batch', 'admin').send({}).expect(202);
    expect((await waiting()).map((j) => j.id)).toEqual([started.body.id]);
    expect(await t.dataSource.getRepository(Job).findOneByOrFail({ id: queued[0]!.id })).toMatchObject({ status: 'cancelled' });
    // Asked twice by somebody: the second is still refused.
    await api('post', '/api/v1/evaluations/batch', 'admin').send({}).expect(409);
    await jobs.drain();
    const done = await t.dataSource.getRepository(Job).findOneByOrFail({ id: started.body.id });
    expect(done.status).toBe('done');
    expect(done.summary).toHaveProperty('offers');
    // Without a request, the follow-up runs itself, matching included.
    await commitFinancials(2017, '700');
    const [follow] = await waiting();
    await jobs.drain();
    const ran = await t.dataSource.getRepository(Job).findOneByOrFail({ id: follow!.id });
    expect(ran.status).toBe('done');
    expect(ran.summary).toHaveProperty('offers');
  }, 120_000);
});
