import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { csrfFrom, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/** The labelled rule-set form (issue 18 point 10): fields derived from the parameter spec, the JSON kept as the advanced view. */

let t: TestApp;
let admin: string;

const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string) => request(t.http)[method](path).set('Authorization', `Bearer ${admin}`);

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x60;/g, '`').replace(/&#x3D;/g, '=').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The labelled form's part of the page (the advanced JSON view cut off). */
const labelled = (html: string) => html.slice(html.indexOf('data-testid="rule-set-form"'), html.indexOf('data-testid="rule-set-advanced"'));

/** What a browser posts for the labelled form as rendered: every text input and select, ticked boxes only. */
function formBody(html: string): Record<string, string | string[]> {
  const form = labelled(html);
  const body: Record<string, string | string[]> = {};
  const put = (name: string, value: string) => {
    const prev = body[name];
    body[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  };
  for (const m of form.matchAll(/<input ([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    const value = unescape(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
    if (!name || / disabled/.test(attrs)) continue;
    if (/type="checkbox"/.test(attrs)) {
      if (/ checked/.test(attrs)) put(unescape(name), value);
    } else put(unescape(name), value);
  }
  for (const m of form.matchAll(/<select [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    put(unescape(m[1]!), unescape(/<option value="([^"]*)" selected>/.exec(m[2]!)?.[1] ?? ''));
  }
  return body;
}

/** One parameter's block on the form. */
function block(html: string, path: string): string {
  const start = html.indexOf(`data-param="${path}"`);
  expect(start).toBeGreaterThan(-1);
  const rest = html.slice(start + 10);
  const end = rest.search(/data-param="|<h4 /);
  return rest.slice(0, end < 0 ? undefined : end);
}

/** Visible text: tags, scripts and attributes removed. */
const visibleText = (html: string) => unescape(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' '));
const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/g;

async function draftOf(program: string) {
  const list = await api('get', '/api/v1/rule-sets').expect(200);
  const active = list.body.items.find((r: { program: string; status: string }) => r.program === program && r.status === 'active');
  return { active, draft: (await api('post', `/api/v1/rule-sets/${active.id}/drafts`).expect(201)).body };
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await tokenFor(t, 'admin');
});
afterAll(async () => {
  await t?.close();
});

describe('the labelled rule-set form', () => {
  // One parameter of each programme: its path, label, unit; the draft marks it provisional, so the badge shows.
  it.each<[string, string, string, string]>([
    ['tech-sme', 'maxEmployees', '职工总数上限', '人'],
    ['young-eagle', 'revenueMin', '营业收入下限', '万元'],
    ['gazelle', 'rdIntensityMin', '研发投入强度下限', '%'],
    ['leader-candidate', 'ipItemsMin', '知识产权最少件数', '件'],
    ['leader', 'recognitionValidityYears', '认定有效期', '年'],
    ['high-tech', 'minAgeDays', '注册成立最少天数', '天'],
    ['super-deduction', 'eitRate', '企业所得税税率', '%'],
    ['ip-pledge', 'interestSubsidyCap', '贴息上限', '万元'],
    ['innovative-sme', 'scorePassMark', '评价合格分', '分'],
    ['srdi-sme', 'rdMin', '研发费用下限', '万元'],
    ['little-giant', 'debtRatioMax', '资产负债率上限', '%'],
    ['rd-post-subsidy', 'rate', '补助比例（占研发费用增量）', '%'],
  ])('%s: %s is labelled 「%s」 in %s with the provisional badge, and no raw key shows', async (program, path, label, unit) => {
    const agent = await signIn(t, 'admin');
    const { draft } = await draftOf(program);
    await api('patch', `/api/v1/rule-sets/${draft.id}`).send({ provisional: [...new Set([...draft.provisional, path])], rowVersion: draft.rowVersion }).expect(200);
    const page = await agent.get(`/admin/rule-sets/${draft.id}`).expect(200);
    const field = block(page.text, path);
    expect(field).toContain(`>${label}</span>`);
    expect(field).toContain(`（${unit}）`);
    expect(field).toContain('data-provisional>暂定<');
    expect(field).toMatch(new RegExp(`name="prov" value="${path}" checked`));
    expect(visibleText(labelled(page.text)).match(CAMEL)).toBeNull();
    expect(page.text).not.toContain('ruleSet.');
    await api('delete', `/api/v1/rule-sets/${draft.id}`).expect(204);
  });

  it('shows the criterion a parameter feeds, booleans as checkboxes and bands as rows', async () => {
    const agent = await signIn(t, 'admin');
    const { draft } = await draftOf('high-tech');
    const page = await agent.get(`/admin/rule-sets/${draft.id}`).expect(200);
    expect(block(page.text, 'rdTiers')).toContain('HT-RD');
    expect(block(page.text, 'score.growthBands')).toMatch(/name="f:score\.growthBands\.4\.strict" value="true" checked/);
    expect(block(page.text, 'rdTiers')).toContain('name="f:rdTiers.0.min" value="5"');
    expect(block(page.text, 'rdTiers')).toContain('name="f:rdTiers.2.maxSales" value=""');
    expect(page.text).toMatch(/name="automatic" value="true"/);
    await api('delete', `/api/v1/rule-sets/${draft.id}`).expect(204);
  });

  it('a percentage and an amount in 万元 typed on the form are stored exactly as the engine expects; the rest unchanged', async () => {
    const agent = await signIn(t, 'admin');
    const { draft } = await draftOf('gazelle');
    const page = await agent.get(`/admin/rule-sets/${draft.id}`).expect(200);
    expect(block(page.text, 'rdIntensityMin')).toContain('value="3"');
    const body = { ...formBody(page.text), _csrf: csrfFrom(page.text), 'f:rdIntensityMin': '7', 'f:ventureMin': '600', 'f:growthMin': '29' };
    await agent.post(`/admin/rule-sets/${draft.id}`).type('form').send(body).expect(303);
    const saved = (await api('get', `/api/v1/rule-sets/${draft.id}`).expect(200)).body;
    expect(saved.params).toEqual({ ...draft.params, rdIntensityMin: 0.07, ventureMin: 6_000_000, growthMin: 0.29 });
    expect(saved.params.rdIntensityMin).toBe(0.07);
    expect([...saved.provisional].sort()).toEqual([...draft.provisional].sort());
    await api('delete', `/api/v1/rule-sets/${draft.id}`).expect(204);
  });

  it('the super-deduction rate table and the 92/365 share survive a save unchanged', async () => {
    const agent = await signIn(t, 'admin');
    const { draft } = await draftOf('super-deduction');
    const page = await agent.get(`/admin/rule-sets/${draft.id}`).expect(200);
    await agent.post(`/admin/rule-sets/${draft.id}`).type('form').send({ ...formBody(page.text), _csrf: csrfFrom(page.text) }).expect(303);
    const saved = (await api('get', `/api/v1/rule-sets/${draft.id}`).expect(200)).body;
    expect(saved.params).toEqual(draft.params);
    expect(saved.params.q4Share).toBe(92 / 365);
    await api('delete', `/api/v1/rule-sets/${draft.id}`).expect(204);
  });

  it('an invalid value re-renders 422 with a Chinese field message, keeping every typed value; nothing is saved', async () => {
    const agent = await signIn(t, 'admin');
    const { draft } = await draftOf('gazelle');
    const page = await agent.get(`/admin/rule-sets/${draft.id}`).expect(200);
    const body = { ...formBody(page.text), _csrf: csrfFrom(page.text), 'f:rdIntensityMin': '150', 'f:revenueMin': '1500', note: '试改' };
    const res = await agent.post(`/admin/rule-sets/${draft.id}`).type('form').send(body).expect(422);
    expect(block(res.text, 'rdIntensityMin')).toContain('须为 0 到 100 之间的百分数');
    expect(block(res.text, 'rdIntensityMin')).toContain('value="150"');
    expect(block(res.text, 'revenueMin')).toContain('value="1500"');
    expect(res.text).toContain('value="试改"');
    expect(res.text).toContain('<strong>研发投入强度下限</strong>：须为 0 到 100 之间的百分数');
    // The engine's cross-field check comes back on its field too.
    const cross = await agent.post(`/admin/rule-sets/${draft.id}`).type('form').send({ ...body, 'f:rdIntensityMin': '3', 'f:rdMinYears': '9' }).expect(422);
    expect(block(cross.text, 'rdMinYears')).toContain('最少年数不能超过统计年数');
    expect((await api('get', `/api/v1/rule-sets/${draft.id}`).expect(200)).body.params).toEqual(draft.params);
    await api('delete', `/api/v1/rule-sets/${draft.id}`).expect(204);
  });

  it('a bad row in a table is placed on its row; a cleared row is deleted', async () => {
    const agent = await signIn(t, 'admin');
    const { draft } = await draftOf('high-tech');
    const page = await agent.get(`/admin/rule-sets/${draft.id}`).expect(200);
    const base = { ...formBody(page.text), _csrf: csrfFrom(page.text) };
    const bad = await agent.post(`/admin/rule-sets/${draft.id}`).type('form').send({ ...base, 'f:rdTiers.1.min': 'x' }).expect(422);
    expect(bad.text).toContain('<strong>研发费用占比分档（按上年销售收入） · 第 2 行</strong>：须为数字');
    await agent.post(`/admin/rule-sets/${draft.id}`).type('form').send({ ...base, 'f:rdTiers.0.maxSales': '', 'f:rdTiers.0.min': '' }).expect(303);
    const saved = (await api('get', `/api/v1/rule-sets/${draft.id}`).expect(200)).body;
    expect(saved.params.rdTiers).toEqual(draft.params.rdTiers.slice(1));
    await api('delete', `/api/v1/rule-sets/${draft.id}`).expect(204);
  });

  it('a stale version re-renders 409 with the conflict message and the typed values', async () => {
    const agent = await signIn(t, 'admin');
    const { draft } = await draftOf('young-eagle');
    const page = await agent.get(`/admin/rule-sets/${draft.id}`).expect(200);
    await api('patch', `/api/v1/rule-sets/${draft.id}`).send({ note: '他人先保存', rowVersion: draft.rowVersion }).expect(200);
    const res = await agent.post(`/admin/rule-sets/${draft.id}`).type('form').send({ ...formBody(page.text), _csrf: csrfFrom(page.text), 'f:revenueMin': '20' }).expect(409);
    expect(res.text).toContain('alert-warning');
    expect(res.text).toContain('该记录已被他人修改');
    expect(block(res.text, 'revenueMin')).toContain('value="20"');
    expect((await api('get', `/api/v1/rule-sets/${draft.id}`).expect(200)).body.params.revenueMin).toBe(100000);
    await api('delete', `/api/v1/rule-sets/${draft.id}`).expect(204);
  });

  it('the advanced (JSON) view still saves', async () => {
    const agent = await signIn(t, 'admin');
    const { draft } = await draftOf('young-eagle');
    const page = await agent.get(`/admin/rule-sets/${draft.id}`).expect(200);
    expect(page.text).toContain('高级（JSON）');
    expect(page.text).toContain('name="p_contestMinRank"');
    await agent.post(`/admin/rule-sets/${draft.id}`).type('form')
      .send({ _csrf: csrfFrom(page.text), rowVersion: draft.rowVersion, p_revenueMin: '123456', p_contestMinRank: JSON.stringify({ national: 'third', provincial: 'second' }) })
      .expect(303);
    const saved = (await api('get', `/api/v1/rule-sets/${draft.id}`).expect(200)).body;
    expect(saved.params).toEqual({ ...draft.params, revenueMin: 123456, contestMinRank: { national: 'third', provincial: 'second' } });
    // And the form shows it in its units.
    const again = await agent.get(`/admin/rule-sets/${draft.id}`).expect(200);
    expect(block(again.text, 'revenueMin')).toContain('value="12.3456"');
    await api('delete', `/api/v1/rule-sets/${draft.id}`).expect(204);
  });

  it('a published rule set shows the same labelled layout read-only, in English too', async () => {
    const list = await api('get', '/api/v1/rule-sets').expect(200);
    const active = list.body.items.find((r: { program: string; status: string }) => r.program === 'gazelle' && r.status === 'active');
    const agent = await signIn(t, 'manager');
    const zh = await agent.get(`/admin/rule-sets/${active.id}`).expect(200);
    const field = block(zh.text, 'revenueMin');
    expect(field).toContain('>营业收入下限</span>');
    expect(field).toContain('data-provisional>暂定<');
    expect(field).toMatch(/name="f:revenueMin" value="1000" aria-labelledby="lbl-revenueMin" readonly>/);
    expect(field).not.toContain('name="prov"');
    expect(labelled(zh.text)).not.toContain('type="submit"');
    await agent.post('/locale').type('form').send({ _csrf: csrfFrom(zh.text), locale: 'en', next: `/admin/rule-sets/${active.id}` }).expect(303);
    const en = await agent.get(`/admin/rule-sets/${active.id}`).expect(200);
    expect(block(en.text, 'revenueMin')).toContain('>Minimum operating revenue</span>');
    expect(block(en.text, 'revenueMin')).toContain(' (10k yuan)');
    expect(block(en.text, 'rdIntensityMin')).toContain('data-provisional>Provisional<');
    expect(en.text).toContain('Advanced (JSON)');
    // Every programme's page in English: labelled, no raw parameter key.
    for (const r of list.body.items.filter((x: { status: string }) => x.status === 'active')) {
      const page = await agent.get(`/admin/rule-sets/${r.id}`).expect(200);
      expect([r.program, visibleText(labelled(page.text)).match(CAMEL)]).toEqual([r.program, null]);
      expect(page.text).not.toContain('ruleSet.');
    }
    await agent.post('/locale').type('form').send({ _csrf: csrfFrom(en.text), locale: 'zh-CN', next: '/' }).expect(303);
  });
});
