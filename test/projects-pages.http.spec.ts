import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { Project } from '../src/projects/project.entities.js';
import { csrfFrom, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/**
 * The projects pages (issue 17) on the demo seed: every RAG status present, the list with its
 * filters, the project page with its inline SVG timeline (no script: CSP), the lead's report form
 * through the form pipeline (422 with Chinese field messages), the officer's review and acceptance
 * buttons, the file's projects tab, the overdue-report line on the officer's home, the export.
 */
let t: TestApp;
let binhaiLead: Enterprise;
let greenId: number;
let nankaiId: number;

beforeAll(async () => {
  t = await startTestApp();
  binhaiLead = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  const projects = await t.dataSource.getRepository(Project).find({ order: { id: 'ASC' } });
  greenId = projects.find((p) => p.leadEnterpriseId === binhaiLead.id)!.id;
  nankaiId = projects.find((p) => p.name.startsWith('生物医药'))!.id;
});
afterAll(async () => {
  await t?.close();
});

describe('demo seed', () => {
  it.each([
    ['green', 'project.rag.reason.onTrack'], ['green', 'project.rag.reason.completed'], ['amber', 'project.rag.reason.reportMissing'],
    ['amber', 'project.rag.reason.overdue'], ['red', 'project.rag.reason.overdueLong'], ['red', 'project.rag.reason.underspend'],
  ])('has a %s project (%s)', async (rag, reason) => {
    expect(await t.dataSource.getRepository(Project).countBy({ rag, ragReason: reason })).toBeGreaterThan(0);
  });
});

describe('the projects page', () => {
  it.each([
    ['manager', '/projects', '重点项目', 6],
    ['officer.binhai', '/projects', '重点项目', 4],
    ['officer.nankai', '/projects', '重点项目', 2],
    ['officer.binhai', '/projects?rag=red', '重点项目', 1],
    ['manager', '/projects?rag=amber&type=challenge', '重点项目', 1],
    ['manager', '/projects?districtCode=120104&status=completed', '重点项目', 1],
  ])('%s %s lists %s rows', async (user, path, title, rows) => {
    const agent = await signIn(t, user);
    const page = await agent.get(path).expect(200);
    expect(page.text).toContain(title);
    expect((page.text.match(/data-testid="project-row"/g) ?? []).length).toBe(rows);
  });

  it('the enterprise sees its own projects only, under "我的重点项目"', async () => {
    const agent = await signIn(t, binhaiLead.uscc);
    const page = await agent.get('/projects').expect(200);
    expect(page.text).toContain('我的重点项目');
    expect((page.text.match(/data-testid="project-row"/g) ?? []).length).toBe(1);
    expect(page.text).not.toContain('data-testid="export-csv"');
  });

  it('a bad filter is a 400 page, not a 500', async () => {
    const agent = await signIn(t, 'manager');
    await agent.get('/projects?rag=purple').expect(400);
  });

  it('the sidebar has the entry for staff and enterprises', async () => {
    for (const user of ['manager', 'officer.binhai', binhaiLead.uscc]) {
      const page = await (await signIn(t, user)).get('/').expect(200);
      expect(page.text).toContain('href="/projects"');
    }
  });
});

describe('the project page', () => {
  it('shows milestones, tranches, reports and an inline SVG timeline without script', async () => {
    const page = await (await signIn(t, 'officer.binhai')).get(`/projects/${greenId}`).expect(200);
    for (const id of ['milestones', 'tranches', 'reports', 'timeline']) expect(page.text).toContain(`data-testid="${id}"`);
    expect((page.text.match(/data-testid="timeline-row"/g) ?? []).length).toBe(3);
    expect(page.text).toMatch(/<svg[^>]*data-testid="timeline"/);
    expect(page.text).not.toMatch(/<script(?![^>]*src=)/);
    expect(page.text).toContain('验收通过');
  });

  it('hidden from another district: 404', async () => {
    await (await signIn(t, 'officer.nankai')).get(`/projects/${greenId}`).expect(404);
    await (await signIn(t, 'officer.binhai')).get(`/projects/${nankaiId}`).expect(404);
  });

  it.each([
    ['empty', {}, ['month', 'progress', 'spend'], /请填写/],
    ['hostile', { month: '2026-13', progress: '150', spend: '-5' }, ['month', 'progress', 'spend'], /月份格式|不能大于|不能小于/],
  ])('the lead\'s report form, %s → 422 with Chinese field messages', async (_l, body, fields, pattern) => {
    const agent = await signIn(t, binhaiLead.uscc);
    const page = await agent.get(`/projects/${greenId}`).expect(200);
    expect(page.text).toContain('data-testid="report-form"');
    const res = await agent.post(`/projects/${greenId}/reports`).type('form').send({ _csrf: csrfFrom(page.text), ...body }).expect(422);
    for (const f of fields) expect(res.text).toContain(`id="r-${f}-error"`);
    expect(res.text).toMatch(pattern);
    expect(res.text).not.toMatch(/constraint\.|validation\.|must be/);
  });

  it('a month already reported comes back on the form (409 → 422 field message)', async () => {
    const agent = await signIn(t, binhaiLead.uscc);
    const page = await agent.get(`/projects/${greenId}`).expect(200);
    const month = /<td>(\d{4}-\d{2})<\/td>/.exec(page.text)![1];
    const res = await agent.post(`/projects/${greenId}/reports`).type('form').send({ _csrf: csrfFrom(page.text), month, progress: '10', spend: '1' });
    expect([409, 422]).toContain(res.status);
    expect(res.text).toContain('该月份的进展已经报送');
  });

  it('the officer reviews a report and accepts a milestone through the page (PRG)', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get(`/projects/${greenId}`).expect(200);
    const review = /action="(\/projects\/\d+\/reports\/\d+\/review)"[\s\S]*?name="version" value="(\d+)"/.exec(page.text)!;
    await agent.post(review[1]!).type('form').send({ _csrf: csrfFrom(page.text), version: review[2], action: 'accept' }).expect(303);
    const accept = /action="(\/projects\/\d+\/milestones\/\d+\/accept)"[\s\S]*?name="version" value="(\d+)"/.exec(page.text)!;
    await agent.post(accept[1]!).type('form').send({ _csrf: csrfFrom(page.text), version: accept[2], actualOn: '1999-01-01' }).expect(303); // refused: before the start → flash
    const after = await agent.get(`/projects/${greenId}`).expect(200);
    expect(after.text).toContain('实际完成日期不能早于项目开始日期');
  });
});

describe('around the project', () => {
  it('the enterprise file\'s projects tab', async () => {
    const agent = await signIn(t, 'officer.binhai');
    expect((await agent.get(`/enterprises/${binhaiLead.id}`).expect(200)).text).toContain(`href="/enterprises/${binhaiLead.id}/projects"`);
    const page = await agent.get(`/enterprises/${binhaiLead.id}/projects`).expect(200);
    expect(page.text).toContain('data-testid="enterprise-projects"');
    expect(page.text).toContain('工业视觉检测平台研发及产业化');
    expect(page.text).toContain('牵头');
  });

  it('the officer\'s home lists projects with an overdue monthly report', async () => {
    const page = await (await signIn(t, 'officer.binhai')).get('/').expect(200);
    expect(page.text).toContain('逾期未报送月度进展的项目');
    expect(page.text).toContain('data-work="overdueReports"');
    const list = await request(t.http).get('/api/v1/projects?reportOverdue=true').set('Authorization', `Bearer ${await tokenFor(t, 'officer.binhai')}`).expect(200);
    expect(list.body.items.map((i: { name: string }) => i.name)).toContain('高端轴承热处理工艺技术改造');
  });

  it.each([['csv', 'text/csv'], ['xlsx', 'spreadsheetml']])('export %s', async (format, type) => {
    const res = await (await signIn(t, 'manager')).get(`/projects/export?format=${format}&rag=red`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toContain(type);
    if (format === 'csv') {
      const text = (res.body as Buffer).toString('utf8');
      expect(text).toContain('项目名称');
      expect(text.trim().split('\n').length).toBe(3); // header + 2 red projects
    }
  });

  it('the tab of a file in another district is 404; the enterprise sees its own tab', async () => {
    await (await signIn(t, 'officer.nankai')).get(`/enterprises/${binhaiLead.id}/projects`).expect(404);
    const own = await (await signIn(t, binhaiLead.uscc)).get(`/enterprises/${binhaiLead.id}/projects`).expect(200);
    expect(own.text).toContain('工业视觉检测平台研发及产业化');
  });

  it('the enterprise cannot export', async () => {
    await (await signIn(t, binhaiLead.uscc)).get('/projects/export?format=csv').expect(403);
  });
});
