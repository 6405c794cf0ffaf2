import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Application } from '../src/applications/application.entity.js';
import { addMonths } from '../src/reports/report-sql.js';
import { todayIso } from '../src/common/format.js';
import { TIERS } from '../src/ladder/tiers.js';
import { csrfFrom, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { sqlOn } from './support/sql.js';

/**
 * Issue 18.6: the dashboard a manager opens first — a KPI strip whose figures agree with SQL counted
 * here independently, collapsible sections, charts without data said in words, applications by their
 * reference numbers, the take-up of offers, and no link an officer cannot follow.
 */
let t: TestApp;
let manager: string;

const decode = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");
const text = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
const int = (s: string) => Number(s.replace(/[^\d.-]/g, ''));
const wan = (yuan: number) => `${(yuan / 10_000).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 万元`;

/** One tile of the strip: its headline, its parts, its hint. */
function tile(html: string, id: string): { value: string; parts: string[]; hint: string; href: string } {
  const m = new RegExp(`<a [^>]*href="([^"]*)" id="kpi-${id}"[^>]*>([\\s\\S]*?)</a>`).exec(html);
  if (!m) throw new Error(`no tile ${id}`);
  const body = m[2]!;
  return {
    href: m[1]!,
    value: text(/class="h2 mb-1 kpi-value">([\s\S]*?)<\/div>/.exec(body)![1]!),
    parts: [...body.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((x) => text(x[1]!)),
    hint: text(/kpi-hint">([\s\S]*?)<\/div>/.exec(body)?.[1] ?? ''),
  };
}

const sql = sqlOn(() => t.dataSource);
const one = async (query: string, params: unknown[] = []) => Number(Object.values((await sql(query, params))[0]!)[0] ?? 0);

beforeAll(async () => {
  t = await startTestApp();
  manager = await tokenFor(t, 'admin');
  // An overdue application, to see how the overdue list names it.
  const app = await t.dataSource.getRepository(Application).findOneOrFail({ where: { status: 'district-review' }, order: { id: 'ASC' } });
  await t.dataSource.getRepository(Application).update(app.id, { dueOn: '2020-01-02' });
  await request(t.http).post('/api/v1/evaluations/batch').set('Authorization', `Bearer ${manager}`).send({}).expect(202);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the KPI strip', () => {
  it('shows six tiles whose figures equal independent SQL counts', async () => {
    const html = (await (await signIn(t, 'manager')).get('/reports').expect(200)).text;
    const year = Number(/<option value="(\d{4})" selected/.exec(html)![1]);
    expect(html.indexOf('data-testid="kpi-strip"')).toBeLessThan(html.indexOf('class="card mb-3 report-filters'));

    const files = await one('SELECT COUNT(*) FROM enterprise WHERE deleted_at IS NULL');
    expect(int(tile(html, 'files').value)).toBe(files);

    // Highest rung of the year per live file, counted here in JS.
    const recs = await sql<{ eid: number; tier: string }>('SELECT r.enterprise_id AS eid, r.tier AS tier FROM recognition r JOIN enterprise e ON e.id = r.enterprise_id AND e.deleted_at IS NULL WHERE r.year = ?', [year]);
    const best = new Map<number, number>();
    for (const r of recs) { const k = TIERS.indexOf(r.tier as never); if (k >= 0) best.set(r.eid, Math.max(best.get(r.eid) ?? -1, k)); }
    const rungs = tile(html, 'rungs');
    expect(rungs.parts.map((p) => int(p))).toEqual(TIERS.map((_, k) => [...best.values()].filter((b) => b === k).length));
    expect(int(rungs.value)).toBe(best.size);

    const waiting = tile(html, 'waiting');
    const district = await one("SELECT COUNT(*) FROM application a JOIN enterprise e ON e.id = a.enterprise_id AND e.deleted_at IS NULL WHERE a.year = ? AND a.status = 'district-review'", [year]);
    const city = await one("SELECT COUNT(*) FROM application a JOIN enterprise e ON e.id = a.enterprise_id AND e.deleted_at IS NULL WHERE a.year = ? AND a.status = 'municipal-review'", [year]);
    expect(waiting.parts).toEqual([`区级审核 ${district}`, `市级审核 ${city}`]);
    expect(int(waiting.value)).toBe(district + city);

    const today = todayIso();
    const until = addMonths(today, 6);
    const expiring = await one(
      `SELECT COUNT(*) FROM (SELECT q.enterprise_id AS eid, q.valid_until AS u FROM qualification q WHERE q.kind = 'hnte-certificate'
         UNION ALL SELECT r.enterprise_id, r.valid_until FROM recognition r WHERE r.tier IN (${TIERS.map(() => '?').join(',')}, 'high-tech')) x
       JOIN enterprise e ON e.id = x.eid AND e.deleted_at IS NULL WHERE x.u >= ? AND x.u <= ?`, [...TIERS, today, until]);
    expect(int(tile(html, 'expiring').value)).toBe(expiring);
    expect(tile(html, 'expiring').hint).toContain(until);

    const extra = await one('SELECT SUM(s.sd_extra_deduction) FROM eligibility_status s JOIN enterprise e ON e.id = s.enterprise_id AND e.deleted_at IS NULL');
    const money = tile(html, 'money');
    expect(money.value).toBe(wan(extra / 100));
    const loans = await sql<{ n: number; amount: number | null }>(
      `SELECT COUNT(*) AS n, SUM(COALESCE(l.disbursed_amount, l.loan_amount, 0)) AS amount FROM pledge_loan l JOIN application a ON a.id = l.application_id
         JOIN enterprise e ON e.id = a.enterprise_id AND e.deleted_at IS NULL WHERE a.status = 'post-loan-monitoring'`);
    expect(money.parts).toEqual([`在贷知识产权质押贷款 ${loans[0]!.n} 笔 ${wan(Number(loans[0]!.amount ?? 0) / 100)}`]);

    // The HNTE tile is the targets section's own figure for the year.
    const targets = (await request(t.http).get(`/api/v1/reports/targets?year=${year}`).set('Authorization', `Bearer ${manager}`).expect(200)).body as { metrics: { metric: string; trend: { year: number; actual: number; target: number | null }[] }[] };
    const point = targets.metrics.find((m) => m.metric === 'hnte')!.trend.find((p) => p.year === year)!;
    expect(int(tile(html, 'hnte').value)).toBe(point.actual);
    expect(tile(html, 'hnte').hint).toBe(point.target ? `目标 ${point.target.toLocaleString('en-US')} 家，完成 ${((point.actual / point.target) * 100).toFixed(1)}%` : '本年度目标未录入');
  });

  it.each([
    ['files', '#pipeline'], ['rungs', '#pipeline'], ['hnte', '#targets'], ['waiting', '#applications'], ['expiring', '#expiring'], ['money', '#super-deduction'],
  ])('the %s tile links to its section %s', async (id, href) => {
    const html = (await (await signIn(t, 'manager')).get('/reports').expect(200)).text;
    expect(tile(html, id).href).toBe(href);
    expect(html).toContain(`id="${href.slice(1)}"`);
  });

  it('speaks English to an English reader', async () => {
    // (The language is kept on the account: another user than the other tests'.)
    const agent = await signIn(t, 'officer.nankai');
    const zh = (await agent.get('/reports').expect(200)).text;
    await agent.post('/locale').type('form').send({ _csrf: csrfFrom(zh), locale: 'en', next: '/reports' }).expect(303);
    const html = (await agent.get('/reports').expect(200)).text;
    expect(tile(html, 'waiting').parts.map((p) => p.replace(/\s*\d+$/, ''))).toEqual(['district review', 'municipal review']);
  });
});

describe('the sections', () => {
  it('are collapsible <details>, the first three open, every one open in the print view, with no inline script', async () => {
    const agent = await signIn(t, 'manager');
    const html = (await agent.get('/reports').expect(200)).text;
    const sections = [...html.matchAll(/<details class="card mb-3 report-section" id="([^"]+)"( open)?>/g)].map((m) => [m[1], !!m[2]]);
    expect(sections.slice(0, 4)).toEqual([['pipeline', true], ['close', true], ['targets', true], ['applications', false]]);
    expect(sections.length).toBeGreaterThan(8);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const print = (await agent.get('/reports/print').expect(200)).text;
    expect([...print.matchAll(/<details class="card mb-3 report-section" id="[^"]+"( open)?>/g)].every((m) => m[1] === ' open')).toBe(true);
  });

  it('say in words that a chart has no data instead of drawing empty axes', async () => {
    const agent = await signIn(t, 'manager');
    // A year long before the demo city: nothing recognised, applied for or targeted.
    const html = (await agent.get('/reports?year=2019').expect(200)).text;
    const blocks = html.split('<div class="row g-3 mb-3 report-block">').slice(1);
    const empty = blocks.filter((b) => b.includes('report-chart-empty'));
    expect(empty.length).toBeGreaterThan(3);
    for (const b of empty) {
      expect(b).toContain('暂无数据，未绘制图表。');
      expect(b.slice(0, b.indexOf('<table'))).not.toContain('<img');
    }
    // Every chart drawn has something in it: no image in a block whose table has only zeros and dashes.
    for (const b of blocks.filter((x) => x.includes('<img src="data:image/svg+xml'))) {
      const cells = [...b.slice(b.indexOf('<tbody>')).matchAll(/<td class="num[^"]*">([^<]*)<\/td>/g)].map((m) => m[1]!.trim());
      expect(cells.some((c) => c !== '0' && c !== '—' && c !== '0.0%' && c !== '0.00 万元')).toBe(true);
    }
  });

  it('names overdue applications by their reference number, never "#id"', async () => {
    const html = (await (await signIn(t, 'manager')).get('/reports').expect(200)).text;
    const table = /<table[^>]*id="table-applications-overdue"[^>]*>([\s\S]*?)<\/table>/.exec(html)![1]!;
    expect(table).toMatch(/<a href="\/applications\/\d+">[A-Z]{2}-\d{4}-\d{5}<\/a>/);
    expect(text(table)).not.toMatch(/#\d/);
  });

  it('show district names, not codes, in the close-to-next-rung and workload tables', async () => {
    const html = (await (await signIn(t, 'manager')).get('/reports').expect(200)).text;
    for (const id of ['close', 'workload']) {
      const table = /<tbody>([\s\S]*?)<\/tbody>/.exec(html.slice(html.indexOf(`id="table-${id}"`)))![1]!;
      expect(text(table)).not.toMatch(/\b12\d{4}\b/);
    }
  });

  it('include the take-up of offers with a link to the full page', async () => {
    const html = (await (await signIn(t, 'manager')).get('/reports').expect(200)).text;
    expect(html).toContain('id="take-up"');
    expect(decode(html)).toMatch(/href="\/reports\/take-up\?year=\d{4}"[^>]*>查看完整兑现率报表</);
  });
});

describe('an officer on the dashboard', () => {
  it('is pointed only to pages that open for them', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const html = (await agent.get('/reports').expect(200)).text;
    const links = [...new Set([...html.matchAll(/<a [^>]*href="(\/[^"#]*)"/g)].map((m) => decode(m[1]!)))]
      .filter((h) => !h.startsWith('/static/') && !h.startsWith('/logout'));
    expect(links.length).toBeGreaterThan(10);
    const refused: string[] = [];
    for (const href of links) {
      const res = await agent.get(href);
      if (res.status === 403 || res.status >= 500) refused.push(`${res.status} ${href}`);
    }
    expect(refused).toEqual([]);
  }, 120_000);
});

/** Visible text of a page (tags and attribute values removed). */
const visible = (html: string) => text(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<title>[\s\S]*?<\/title>/, ''));
/** Catalogue keys that leaked into the text (`figure.fastTrack`, `entity.offer`, …). */
const rawKeys = (html: string) => [...visible(html).matchAll(/\b(?:figure|entity|reports|kpi|tier|status|offer|auditAction|ladders|eligibility|takeUp|timeline|common|district|appType|factSource)\.[a-zA-Z][\w-]*/g)].map((m) => m[0]);

describe('labels, not codes or keys (issue 18.7)', () => {
  const binhai = async () => (await t.dataSource.query("SELECT id FROM enterprise WHERE district_code = '120116' AND deleted_at IS NULL ORDER BY id LIMIT 1"))[0].id as number;

  it.each([
    ['admin'], ['manager'], ['officer.binhai'],
  ])('%s: no catalogue key in the text of the main pages', async (role) => {
    const agent = await signIn(t, role);
    const id = await binhai();
    const leaks: string[] = [];
    for (const path of ['/', '/reports', '/cultivation', '/radar', '/applications', '/enterprises', `/enterprises/${id}`, `/enterprises/${id}/eligibility`, '/admin/users', '/admin/audit']) {
      const res = await agent.get(path);
      if (res.status !== 200) continue;
      for (const k of rawKeys(res.text)) leaks.push(`${path}: ${k}`);
    }
    expect(leaks).toEqual([]);
  }, 60_000);

  it.each([['the file page', ''], ['the KPI page', '/kpis']])('the KPI card on %s names the comparison section’s district', async (_page, suffix) => {
    const html = (await (await signIn(t, 'manager')).get(`/enterprises/${await binhai()}${suffix}`).expect(200)).text;
    const line = /比较范围：[^<]*/.exec(html)![0];
    expect(line).toContain('比较范围：滨海新区');
    expect(line).not.toMatch(/\d{6}/);
  });

  it('the file’s change history words offer fields and values (no keys, no true/false)', async () => {
    const html = (await (await signIn(t, 'manager')).get(`/enterprises/${await binhai()}`).expect(200)).text;
    const offerLines = [...visible(html).matchAll(/项目: — → [^;]+; [^;]+; 快速通道: — → (\S+)/g)];
    expect(offerLines.length).toBeGreaterThan(0);
    for (const m of offerLines) expect(['是', '否']).toContain(m[1]);
    expect(visible(html)).not.toMatch(/: — → (true|false)\b/);
  });

  it('the audit log names entities by label and keeps the code in the title', async () => {
    const html = (await (await signIn(t, 'admin')).get('/admin/audit').expect(200)).text;
    const cells = [...html.matchAll(/<td title="([a-z_]+)">([^<]*) (\S+)<\/td>/g)];
    expect(cells.length).toBeGreaterThan(0);
    for (const [, code, label] of cells) expect(label).not.toBe(code);
    expect(html).not.toMatch(/<td>[a-z_]+ #\d+<\/td>/);
    expect(html).toMatch(/<option value="enterprise"\s*>企业档案<\/option>|<option value="enterprise"\s*>[^<a-z]+<\/option>/);
  });
});

describe('the eligibility page', () => {
  it('shows every configured ladder of the evaluation, with the same standing as the API', async () => {
    const id = (await t.dataSource.query("SELECT id FROM enterprise WHERE district_code = '120116' AND deleted_at IS NULL ORDER BY id LIMIT 1"))[0].id as number;
    const api = (await request(t.http).get(`/api/v1/enterprises/${id}/eligibility`).set('Authorization', `Bearer ${manager}`).expect(200)).body as { ladders: { code: string; highestEligibleRung: string | null; nextRung: string | null }[] };
    const ladders = await t.dataSource.query('SELECT code FROM ladder ORDER BY code') as { code: string }[];
    expect(api.ladders.map((l) => l.code).sort()).toEqual(ladders.map((l) => l.code).sort());
    expect(ladders.length).toBeGreaterThan(1);
    const html = (await (await signIn(t, 'manager')).get(`/enterprises/${id}/eligibility`).expect(200)).text;
    for (const l of api.ladders) {
      expect(html).toContain(`data-testid="ladder-${l.code}"`);
      const next = text(new RegExp(`data-testid="next-${l.code}">([^<]*)<`).exec(html)![1]!);
      expect(next === '已在最高梯度').toBe(l.nextRung === null);
      const highest = text(new RegExp(`data-testid="highest-${l.code}">([^<]*)<`).exec(html)![1]!);
      expect(highest === '—').toBe(l.highestEligibleRung === null);
    }
    expect(html).toContain('天津科技企业梯度培育');
    expect(html).toContain('优质中小企业梯度培育（专精特新）');
  });
});
