import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { Api, CONTACT, THIS_YEAR, TIER_DOCS } from './applications.fixtures.js';
import { csrfFrom, signIn, startTestApp, type TestApp } from './support/app.js';

/**
 * Issue 18, point 1: an enterprise that fails its programme is told before it submits (today's evaluation,
 * each unmet criterion with required and actual values) and must confirm on the page; the JSON face still
 * submits and answers with the frozen outcome; every reviewer's action panel opens with that outcome.
 */
let t: TestApp;
let api: Api;
let A: Enterprise;
let firms: Enterprise[];

/** A young-eagle draft with every document, each of another Binhai firm (one open application per firm and tier). */
const draft = async (firm = firms.shift()!) => {
  const body = { enterpriseId: firm.id, type: 'tier-recognition', tier: 'young-eagle', year: THIS_YEAR, form: { ...CONTACT, mainProducts: '工业视觉检测设备' } };
  const id: number = (await api.post('/api/v1/applications', 'officer.binhai', body).expect(201)).body.id;
  await api.uploadAll(id, 'officer.binhai', TIER_DOCS);
  return id;
};
const status = async (id: number) => (await api.get(`/api/v1/applications/${id}`, 'admin').expect(200)).body.status;
/** The action panel's HTML (the card with id="actions"), so a test can say what sits at its top. */
const panel = (html: string) => html.slice(html.indexOf('id="actions"'), html.indexOf('id="documents"'));

beforeAll(async () => {
  t = await startTestApp();
  api = new Api(t);
  // Binhai firms without any application yet (the demo seeds some; one open application per firm and tier).
  const busy = new Set((await t.dataSource.query('SELECT DISTINCT enterprise_id AS id FROM application')).map((r: { id: number }) => Number(r.id)));
  firms = (await t.dataSource.getRepository(Enterprise).find({ where: { districtCode: '120116' }, order: { id: 'ASC' } })).filter((f) => !busy.has(f.id)).slice(0, 5);
  A = firms.shift()!;
  // Founded long ago: the young-eagle age criterion (YE-AGE) fails whatever else the file holds.
  for (const f of [A, ...firms]) await t.dataSource.getRepository(Enterprise).update(f.id, { establishedOn: '2005-03-01' });
  await api.login('officer.binhai', 'manager', 'admin', A.uscc);
  api.tokens.entA = api.tokens[A.uscc];
});

afterAll(async () => {
  await t?.close();
});

describe('before submit, on the page', () => {
  let id: number;
  let agent: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    id = await draft(A);
    agent = await signIn(t, A.uscc);
  });

  it('the draft shows today\'s evaluation, each unmet criterion with required and actual, and the confirmation box', async () => {
    const page = await agent.get(`/applications/${id}`).expect(200);
    const actions = panel(page.text);
    expect(actions).toContain('data-testid="presubmit-warning" data-outcome="ineligible"');
    expect(actions).toContain('不符合条件');
    const age = /<tr data-criterion="YE-AGE">([\s\S]*?)<\/tr>/.exec(actions)?.[1] ?? '';
    expect(age).toContain('不满足');
    expect(age).toContain('2005'); // the founding date, readable (actual-value.ts), never JSON
    expect(age).not.toMatch(/[{}[\]]/);
    expect(actions).toContain('我已知悉未满足的条件，仍要提交');
    expect(actions).toMatch(/<form[^>]*data-action="submit"[\s\S]*name="acknowledgeUnmet"/);
  });

  it.each([
    ['without the box', {}, 422],
    ['with the box unticked', { acknowledgeUnmet: '' }, 422],
  ])('submit %s → 422, the form again with the field message, still a draft', async (_case, extra, code) => {
    const page = await agent.get(`/applications/${id}`).expect(200);
    const res = await agent.post(`/applications/${id}/transitions`).type('form').send({ _csrf: csrfFrom(page.text), action: 'submit', ...extra }).expect(code);
    expect(res.text).toContain('请勾选“我已知悉未满足的条件，仍要提交”后再提交。');
    expect(res.text).toMatch(/class="form-check-input is-invalid"[^>]*name="acknowledgeUnmet"/);
    expect(res.text).toContain('data-testid="presubmit-warning"');
    expect(await status(id)).toBe('draft');
  });

  it('submit with the box ticked → submitted, the frozen evaluation says ineligible', async () => {
    const page = await agent.get(`/applications/${id}`).expect(200);
    const res = await agent.post(`/applications/${id}/transitions`).type('form').send({ _csrf: csrfFrom(page.text), action: 'submit', acknowledgeUnmet: 'true' }).expect(303);
    expect(res.headers.location).toBe(`/applications/${id}`);
    const view = (await api.get(`/api/v1/applications/${id}`, 'entA').expect(200)).body;
    expect(view.status).toBe('submitted');
    expect(view.evaluation).toMatchObject({ trigger: 'submit', outcome: 'ineligible' });
    const after = await agent.get(`/applications/${id}`).expect(200);
    expect(after.text).not.toContain('data-testid="presubmit-warning"');
  });

  it('a missing document is still the first answer (no confirmation asked before the veto)', async () => {
    const firm = firms.shift()!;
    const body = { enterpriseId: firm.id, type: 'tier-recognition', tier: 'young-eagle', year: THIS_YEAR, form: { ...CONTACT, mainProducts: '传感器' } };
    const other: number = (await api.post('/api/v1/applications', 'officer.binhai', body).expect(201)).body.id;
    const own = await signIn(t, firm.uscc);
    const page = await own.get(`/applications/${other}`).expect(200);
    expect(page.text).toContain('data-testid="presubmit-warning"');
    await own.post(`/applications/${other}/transitions`).type('form').send({ _csrf: csrfFrom(page.text), action: 'submit' }).expect(303);
    const after = await own.get(`/applications/${other}`).expect(200);
    expect(after.text).toContain('不能提交：还缺少 3 项必备材料');
  });

  it('in English after switching', async () => {
    const firm = firms.shift()!;
    const other = await draft(firm);
    const own = await signIn(t, firm.uscc);
    const page = await own.get(`/applications/${other}`).expect(200);
    await own.post('/locale').type('form').send({ _csrf: csrfFrom(page.text), locale: 'en', next: '/' }).expect(303);
    const en = await own.get(`/applications/${other}`).expect(200);
    expect(en.text).toContain('I know the conditions below are not met and still want to submit');
    const res = await own.post(`/applications/${other}/transitions`).type('form').send({ _csrf: csrfFrom(en.text), action: 'submit' }).expect(422);
    expect(res.text).toContain('Tick “I know the conditions below are not met and still want to submit” to submit.');
  });
});

describe('the JSON face keeps its contract', () => {
  it('an ineligible application is submitted without any confirmation; the answer carries the outcome', async () => {
    const id = await draft();
    const body = await api.act(id, 'officer.binhai', 'submit');
    expect(body.status).toBe('submitted');
    expect(body.evaluation.outcome).toBe('ineligible');
    expect(body.evaluation.result.criteria).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'YE-AGE', outcome: 'unmet' })]));
  });
});

describe('the reviewer\'s action panel', () => {
  let id: number;
  let enterpriseUser: string;
  beforeAll(async () => {
    const firm = firms[0]!;
    id = await draft();
    await api.act(id, 'officer.binhai', 'submit');
    enterpriseUser = firm.uscc;
  });

  const reviewPanel = async (who: string) => {
    const agent = await signIn(t, who);
    const actions = panel((await agent.get(`/applications/${id}`).expect(200)).text);
    const top = actions.indexOf('data-testid="review-evaluation"');
    const firstAction = actions.indexOf('data-action=');
    return { actions, top, firstAction };
  };

  it.each([
    ['officer.binhai', 'submitted', null],
    ['officer.binhai', 'district-review', 'accept'],
    ['manager', 'municipal-review', 'recommend'],
  ])('%s in %s: the frozen outcome and the unmet criteria above the buttons', async (who, state, step) => {
    if (step) await api.act(id, 'officer.binhai', step);
    expect(await status(id)).toBe(state);
    const { actions, top, firstAction } = await reviewPanel(who);
    expect(top).toBeGreaterThan(-1);
    expect(top).toBeLessThan(firstAction);
    expect(actions).toContain('data-outcome="ineligible"');
    expect(actions).toContain('提交时冻结的评估');
    expect(actions).toContain('<tr data-criterion="YE-AGE">');
  });

  it('the enterprise sees no reviewer panel (its own page keeps the evaluation card)', async () => {
    const agent = await signIn(t, enterpriseUser);
    const page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).not.toContain('data-testid="review-evaluation"');
    expect(page.text).toContain('data-testid="evaluation-outcome"');
  });

  it('JSON: the application detail carries the frozen outcome for the reviewer', async () => {
    const res = await request(t.http).get(`/api/v1/applications/${id}`).set('Authorization', `Bearer ${api.tokens['officer.binhai']}`).expect(200);
    expect(res.body.evaluation.outcome).toBe('ineligible');
  });
});
