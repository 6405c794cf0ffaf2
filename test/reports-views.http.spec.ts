import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import request from 'supertest';
import { todayIso } from '../src/common/format.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { csrfFrom, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/**
 * The dashboard as people and spreadsheets see it: server-rendered SVG charts (well-formed, inside
 * the CSP), a data table beside every chart that says what the chart shows, the print view, the
 * XLSX export (Chinese headers, one sheet per table, the same figures as the JSON API), the
 * target editor and the forecast button.
 */
let t: TestApp;
let manager: string;
let admin: string;

const api = (path: string, token = manager) => request(t.http).get(path).set('Authorization', `Bearer ${token}`);

const decode = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");
const text = (html: string) => decode(html.replace(/<[^>]+>/g, '')).trim();

/** The table of a report on the page: header labels and cell texts. */
function pageTable(html: string, id: string): { headers: string[]; rows: string[][] } {
  const m = new RegExp(`<table[^>]*id="table-${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!m) throw new Error(`no table ${id}`);
  const headers = [...m[1]!.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((x) => text(x[1]!));
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(m[1]!)![1]!;
  const rows = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!)));
  return { headers, rows };
}

/** The chart of the block holding a table: the SVG text of the last image before it. */
function chartBeside(html: string, id: string): string {
  const at = html.indexOf(`id="table-${id}"`);
  const blockStart = html.lastIndexOf('<div class="row g-3 mb-3 report-block">', at);
  const m = /<img src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html.slice(blockStart, at));
  if (at < 0 || !m) throw new Error(`no chart beside ${id}`);
  return Buffer.from(decode(m[1]!), 'base64').toString('utf8');
}

function wellFormed(svg: string): { texts: string[] } {
  const parser = new SaxesParser();
  const texts: string[] = [];
  let inText = false;
  parser.on('opentag', (tag) => {
    if (tag.name === 'script' || tag.name === 'foreignObject') throw new Error(`unexpected <${tag.name}> in a chart`);
    inText = tag.name === 'text' || tag.name === 'tspan';
  });
  parser.on('text', (x) => {
    if (inText && x.trim()) texts.push(x.trim());
  });
  parser.on('closetag', () => {
    inText = false;
  });
  parser.write(svg).close();
  return { texts };
}

beforeAll(async () => {
  t = await startTestApp();
  [manager, admin] = await Promise.all([tokenFor(t, 'manager'), tokenFor(t, 'admin')]);
  await request(t.http).post('/api/v1/evaluations/batch').set('Authorization', `Bearer ${admin}`).send({}).expect(202);
  await t.app.get(JobsService).drain();
  await request(t.http).post('/api/v1/reports/forecast').set('Authorization', `Bearer ${admin}`).expect(202);
  await t.app.get(JobsService).drain();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the dashboard page', () => {
  it('renders every report with a server-rendered SVG chart beside its data table, inside the CSP', async () => {
    const agent = await signIn(t, 'manager');
    const res = await agent.get('/reports').expect(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("script-src 'self'");
    // No inline styles or scripts of our own; charts are images (an image's SVG is its own document).
    expect(res.text).not.toMatch(/\sstyle=/);
    expect([...res.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="/static/js/app.js" defer>']);
    // The only inline SVGs are the navigation's icon references (<svg class="app-icon"><use …>), never a chart.
    expect([...res.text.matchAll(/<svg\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !tag.includes('class="app-icon"'))).toEqual([]);
    for (const id of ['pipeline', 'close', 'targets', 'applications', 'workload', 'expiring', 'super-deduction', 'loans', 'forecast']) expect(res.text).toContain(`id="${id}"`);
    const images = [...res.text.matchAll(/<img src="data:image\/svg\+xml;base64,([^"]+)" alt="([^"]+)" width="(\d+)" height="(\d+)">/g)];
    expect(images.length).toBeGreaterThanOrEqual(10);
    for (const [, b64, alt] of images) {
      const svg = Buffer.from(decode(b64!), 'base64').toString('utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      wellFormed(svg);
      expect(decode(alt!)).toMatch(/^图表：.+数据表。$/);
    }
    // Every chart has a data table right beside it.
    const blocks = [...res.text.matchAll(/<div class="row g-3 mb-3 report-block">([\s\S]*?)<\/table>/g)];
    for (const [, block] of blocks) if (block!.includes('<img')) expect(block).toContain('<table');
  });

  it('the heat table and funnel say what the JSON says, and the charts carry the same labels and values', async () => {
    const agent = await signIn(t, 'manager');
    const html = (await agent.get('/reports').expect(200)).text;
    const json = (await api('/api/v1/reports/pipeline').expect(200)).body;
    const heat = pageTable(html, 'pipeline-heat');
    expect(heat.headers).toEqual(['区', '科技型中小企业', '雏鹰企业', '瞪羚企业', '领军（培育）企业', '科技领军企业', '合计', '在库档案']);
    const tiers = json.tiers as string[];
    const expected = (json.countsByTierAndDistrict as { districtName: string; counts: Record<string, number>; total: number; files: number }[])
      .map((d) => [d.districtName, ...tiers.map((x) => String(d.counts[x])), String(d.total), String(d.files)]);
    expect(heat.rows).toEqual([...expected, ['合计', ...tiers.map((x) => String(json.totalsByTier[x])), String(json.totalsByTier.total), String(json.totalsByTier.files)]]);
    const heatSvg = wellFormed(chartBeside(html, 'pipeline-heat')).texts;
    for (const row of expected) expect(heatSvg).toContain(row[0]);
    for (const tier of heat.headers.slice(1, 6)) expect(heatSvg).toContain(tier);

    const funnel = pageTable(html, 'pipeline-funnel');
    const funnelSvg = wellFormed(chartBeside(html, 'pipeline-funnel')).texts;
    for (const [name, count] of funnel.rows) expect(funnelSvg).toContain(`${name}: ${count}`);
  });

  it('the other tables match their JSON endpoints', async () => {
    const agent = await signIn(t, 'manager');
    const html = (await agent.get('/reports').expect(200)).text;
    const sd = (await api('/api/v1/reports/super-deduction').expect(200)).body;
    const sdTable = pageTable(html, 'super-deduction');
    expect(sdTable.rows).toHaveLength(sd.byDistrict.length + 1);
    expect(sdTable.rows.map((r) => r[1])).toEqual([...sd.byDistrict.map((d: { evaluated: number }) => String(d.evaluated)), String(sd.totals.evaluated)]);
    expect(sdTable.rows.at(-1)![3]).toMatch(/ 万元$/);

    const workload = (await api('/api/v1/reports/workload').expect(200)).body;
    expect(pageTable(html, 'workload').rows.map((r) => [r[0], r[2]])).toEqual(workload.officers.map((o: { name: string; files: number }) => [o.name, String(o.files)]));
    // Bars only when some officer has a task or a visit; otherwise a sentence instead of empty axes (issue 18.6).
    type Officer = { name: string; openTasks: number; overdueTasks: number; visits: number };
    if ((workload.officers as Officer[]).some((o) => o.openTasks || o.overdueTasks || o.visits)) {
      const workSvg = wellFormed(chartBeside(html, 'workload')).texts;
      for (const o of workload.officers) expect(workSvg).toContain(o.name);
    } else {
      const at = html.indexOf('id="table-workload"');
      expect(html.slice(html.lastIndexOf('report-block', at), at)).toContain('暂无数据，未绘制图表。');
    }

    const expiring = (await api('/api/v1/reports/expiring').expect(200)).body;
    expect(pageTable(html, 'expiring-month').rows).toEqual(expiring.byMonth.map((m: { month: string; hnte: number; recognitions: number }) => [m.month, String(m.hnte), String(m.recognitions)]));

    const close = (await api('/api/v1/reports/close-to-next-rung').expect(200)).body;
    const closeTable = pageTable(html, 'close');
    expect(closeTable.rows.map((r) => r[1])).toEqual(close.items.map((i: { name: string }) => i.name));

    const fc = (await api('/api/v1/reports/forecast').expect(200)).body;
    expect(pageTable(html, 'forecast-rung').rows.map((r) => r.slice(1))).toEqual(fc.byRung.map((r: { eligibleNow: number; projected: number; newEntrants: number }) => [String(r.eligibleNow), String(r.projected), String(r.newEntrants)]));
    // The forecast's assumptions are stated on the page.
    for (const phrase of ['假设一', '近 3 年营业收入的平均同比增长率', '-30%', '50%', '研发投入强度', '科技人员占比保持不变']) expect(html).toContain(phrase);

    const targets = (await api('/api/v1/reports/targets').expect(200)).body;
    expect(pageTable(html, 'targets-hnte').rows.map((r) => [r[0], r[2]])).toEqual(targets.metrics[0].trend.map((p: { year: number; actual: number }) => [String(p.year), String(p.actual)]));
  });

  it('follows the filters and the officer’s scope on the page', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const html = (await agent.get('/reports?block=binhai').expect(200)).text;
    expect(pageTable(html, 'pipeline-heat').rows.map((r) => r[0])).toEqual(['滨海新区', '合计']);
    expect(html).not.toContain('南开区</th>');
    expect(html).not.toContain('action="/reports/forecast"');
    const manager = await signIn(t, 'manager');
    const ring = (await manager.get('/reports?block=ring&year=2025').expect(200)).text;
    expect(pageTable(ring, 'pipeline-heat').rows.map((r) => r[0])).toEqual(['东丽区', '西青区', '津南区', '北辰区', '合计']);
    expect(ring).toContain('option value="ring" selected');
  });

  it('speaks English to an English user, charts included', async () => {
    await t.dataSource.query(t.dataSource.options.type === 'postgres' ? "UPDATE app_user SET locale = 'en' WHERE username = $1" : "UPDATE app_user SET locale = 'en' WHERE username = ?", ['officer.nankai']);
    const agent = await signIn(t, 'officer.nankai');
    const html = (await agent.get('/reports').expect(200)).text;
    expect(html).toContain('Cultivation pipeline dashboard');
    expect(pageTable(html, 'pipeline-heat').headers).toEqual(['District', 'Tech-based SME', 'Young eagle', 'Gazelle', 'Leader candidate', 'Leading enterprise', 'Total', 'Files']);
    const svg = wellFormed(chartBeside(html, 'pipeline-heat')).texts;
    expect(svg).toContain('Nankai');
    expect(svg).toContain('Gazelle');
  });

  it('has a print view without forms or buttons, with the filters and the time stated', async () => {
    const agent = await signIn(t, 'manager');
    const res = await agent.get('/reports/print?districtCode=120116').expect(200);
    expect(res.text).toContain('生成时间');
    expect(res.text).toContain('滨海新区');
    expect(res.text).not.toContain('report-filters');
    expect(res.text).not.toContain('action="/reports/forecast"');
    expect(res.text).not.toContain('rel="next"');
    expect(res.text).toContain('<img src="data:image/svg+xml;base64,');
  });
});

describe('the XLSX export', () => {
  it('opens, has a sheet per table with Chinese headers, and the JSON figures', async () => {
    const agent = await signIn(t, 'manager');
    const res = await agent.get('/reports/export.xlsx').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*\.xlsx"; filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('说明');
    expect(names).toEqual(expect.arrayContaining([`${todayIso().slice(0, 4)} 年各区各梯度企业数`, '临近晋级企业名单', '各业务人员工作量', '各区加计扣除与减税估算']));
    expect(names.length).toBeGreaterThanOrEqual(12);

    const json = (await api('/api/v1/reports/pipeline').expect(200)).body;
    const heat = wb.worksheets[1]!;
    expect(heat.getRow(1).values).toEqual([undefined, '区', '科技型中小企业', '雏鹰企业', '瞪羚企业', '领军（培育）企业', '科技领军企业', '合计', '在库档案']);
    expect(heat.actualRowCount).toBe(1 + 16 + 1);
    json.countsByTierAndDistrict.forEach((d: { districtName: string; counts: Record<string, number>; total: number; files: number }, i: number) => {
      expect(heat.getRow(i + 2).values).toEqual([undefined, d.districtName, ...json.tiers.map((x: string) => d.counts[x]), d.total, d.files]);
    });

    const sd = (await api('/api/v1/reports/super-deduction').expect(200)).body;
    const sdSheet = wb.getWorksheet('各区加计扣除与减税估算')!;
    expect(sdSheet.getRow(1).values).toEqual([undefined, '区', '已评价企业', '符合加计扣除', '加计扣除额（万元）', '减免所得税（万元）']);
    sd.byDistrict.forEach((d: { evaluated: number; extraDeduction: number; taxSaving: number }, i: number) => {
      const row = sdSheet.getRow(i + 2).values as unknown[];
      expect([row[2], row[4], row[5]]).toEqual([d.evaluated, Math.round(d.extraDeduction / 100) / 100, Math.round(d.taxSaving / 100) / 100]);
    });
    expect(sdSheet.getColumn(4).numFmt).toBe('#,##0.00');

    const close = (await api('/api/v1/reports/close-to-next-rung?pageSize=200').expect(200)).body;
    // The sheet holds the whole list (up to 1,000 rows), the API one page of it: compare with the total.
    expect(wb.getWorksheet('临近晋级企业名单')!.actualRowCount).toBe(1 + Math.min(close.total, 1000));
  });

  it('exports one report through the API, scoped for an officer', async () => {
    const token = await tokenFor(t, 'officer.nankai');
    const res = await request(t.http).get('/api/v1/reports/export.xlsx?section=workload').set('Authorization', `Bearer ${token}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    // In the user's language (officer.nankai reads English since the test above).
    expect(wb.worksheets.map((w) => w.name)).toEqual(['About', 'Workload per officer']);
    expect(wb.worksheets[1]!.getRow(1).values).toEqual([undefined, 'Officer', 'District', 'Files', 'Open tasks', 'Overdue tasks', 'Visits (90 days)']);
    const names = wb.worksheets[1]!.getColumn(1).values.slice(2);
    expect(names).not.toContain('李明（滨海新区）');
    await request(t.http).get('/api/v1/reports/export.xlsx?section=nope').set('Authorization', `Bearer ${token}`).expect(400);
  });
});

describe('targets editor and forecast button (HTML)', () => {
  it('lets an admin add and change a target with a form (422 on bad input, PRG on success); others get 403', async () => {
    await (await signIn(t, 'manager')).get('/reports/targets').expect(403);
    const agent = await signIn(t, 'admin');
    const page = await agent.get('/reports/targets').expect(200);
    expect(page.text).toContain('“十四五”规划目标');
    const csrf = csrfFrom(page.text);
    const bad = await agent.post('/reports/targets').type('form').send({ _csrf: csrf, metric: 'hnte', year: '20x', value: '-5', districtCode: '' }).expect(422);
    expect(bad.text).toContain('“年度”须为 2000 至 2100 之间的整数');
    expect(bad.text).toContain('“目标值”须为不小于 0 的整数');
    expect(bad.text).toContain('value="20x"');
    const ok = await agent.post('/reports/targets').type('form').send({ _csrf: csrf, metric: 'leaders', year: '2030', value: '400', districtCode: '120116', note: '滨海' }).expect(303);
    expect(ok.headers.location).toBe('/reports/targets');
    const list = await agent.get('/reports/targets').expect(200);
    expect(list.text).toContain('已新增 2030 年“科技领军企业数（含培育，累计）”目标');
    const rows: { id: number; version: number }[] = await t.dataSource.query("SELECT id, version FROM target WHERE year = 2030 AND district_code = '120116'");
    expect(rows).toHaveLength(1);
    expect(list.text).toContain(`href="/reports/targets/${rows[0]!.id}/edit"`);
    const edit = await agent.get(`/reports/targets/${rows[0]!.id}/edit`).expect(200);
    const again = await agent.post('/reports/targets').type('form').send({ _csrf: csrfFrom(edit.text), metric: 'leaders', year: '2030', value: '420', districtCode: '120116', version: String(rows[0]!.version) }).expect(303);
    expect(again.headers.location).toBe('/reports/targets');
    const stale = await agent.post('/reports/targets').type('form').send({ _csrf: csrfFrom(edit.text), metric: 'leaders', year: '2030', value: '430', districtCode: '120116', version: String(rows[0]!.version) }).expect(409);
    expect(stale.text).toContain('该记录已被他人修改');
    const report = (await api('/api/v1/reports/targets?year=2030&districtCode=120116').expect(200)).body;
    expect(report.metrics[1].trend.at(-1)).toMatchObject({ year: 2030, target: 420, targetKind: 'set' });
  });

  it('starts a forecast from the page (managers), with a flash message', async () => {
    const agent = await signIn(t, 'manager');
    const page = await agent.get('/reports').expect(200);
    expect(page.text).toContain('action="/reports/forecast"');
    const res = await agent.post('/reports/forecast').type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    expect(res.headers.location).toBe('/reports#forecast');
    const after = await agent.get('/reports').expect(200);
    expect(after.text).toMatch(/预测已开始（任务 \d+）/);
    await t.app.get(JobsService).drain();
    const officer = await signIn(t, 'officer.binhai');
    const officerPage = await officer.get('/reports').expect(200);
    await officer.post('/reports/forecast').type('form').send({ _csrf: csrfFrom(officerPage.text) }).expect(403);
  });
});
