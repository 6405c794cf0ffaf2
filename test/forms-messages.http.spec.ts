import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { User } from '../src/auth/user.entity.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/**
 * Every form answers bad input with 422, the typed values and one message per field in the
 * user's language that names the field by its label — never class-validator English or a raw key.
 */
let t: TestApp;
let ent: Enterprise;
/** Ids the table's paths need besides the enterprise's. */
const ids = { user: 0 };

beforeAll(async () => {
  t = await startTestApp();
  ent = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  ids.user = (await t.dataSource.getRepository(User).findOneByOrFail({ username: 'officer.nankai' })).id;
});
afterAll(async () => {
  await t?.close();
});

const LONG = 'x'.repeat(5000);
const HUGE = '99999999999999999999';
type Body = Record<string, string>;
// name, role, page the form is on, where it posts, the posted body (empty or hostile), fields that must carry a message
const FORMS: [string, string, (id: number) => string, (id: number) => string, Body, string[]][] = [
  ['new enterprise, empty', 'officer.binhai', () => '/enterprises/new', () => '/enterprises', {}, ['uscc', 'name']],
  ['new enterprise, hostile', 'officer.binhai', () => '/enterprises/new', () => '/enterprises', { uscc: 'bad', name: LONG, districtCode: '120116', establishedOn: '2025-02-30', registeredCapital: HUGE, taxMode: 'nope' }, ['uscc', 'name', 'establishedOn', 'registeredCapital']],
  ['IP asset, empty', 'officer.binhai', (id) => `/enterprises/${id}`, (id) => `/enterprises/${id}/ip-assets`, {}, ['kind', 'number']],
  ['IP asset, hostile', 'officer.binhai', (id) => `/enterprises/${id}`, (id) => `/enterprises/${id}/ip-assets`, { kind: 'spell', number: LONG, title: LONG, status: 'x', grantedOn: '2024-13-01' }, ['kind', 'number', 'grantedOn']],
  ['qualification, hostile', 'officer.binhai', (id) => `/enterprises/${id}`, (id) => `/enterprises/${id}/qualifications`, { kind: 'golden-star', on: 'yesterday', amount: '-5' }, ['kind', 'on']],
  ['credit record, empty', 'officer.binhai', (id) => `/enterprises/${id}`, (id) => `/enterprises/${id}/credit-flags`, {}, ['kind', 'on']],
  ['new user, empty', 'admin', () => '/admin/users/new', () => '/admin/users', {}, ['username']],
  ['new user, hostile', 'admin', () => '/admin/users/new', () => '/admin/users', { username: LONG, role: 'emperor', email: 'x@', password: 'short' }, ['username']],
  ['password change, empty', 'manager', () => '/account', () => '/account/password', {}, []],
  ['reporting target, hostile', 'admin', () => '/reports/targets', () => '/reports/targets', { metric: 'gold', year: '99999', value: '-1' }, []],
  ['user edit, hostile', 'admin', () => `/admin/users/${ids.user}/edit`, () => `/admin/users/${ids.user}`, { displayName: LONG, role: 'officer', districtCode: '120104' }, ['displayName']],
  ['task, empty', 'officer.binhai', (id) => `/enterprises/${id}`, (id) => `/enterprises/${id}/tasks`, {}, ['title', 'dueOn']],
  ['task, hostile', 'officer.binhai', (id) => `/enterprises/${id}`, (id) => `/enterprises/${id}/tasks`, { title: LONG, dueOn: '2026-02-30' }, ['title', 'dueOn']],
  ['setting, hostile key', 'admin', () => '/admin/reference/settings', () => '/admin/reference/settings', { key: 'nope', effectiveFrom: '2026-01-01', value: '1' }, ['key']],
  ['setting, hostile values', 'admin', () => '/admin/reference/settings', () => '/admin/reference/settings', { key: 'radar.hnteLeadMonths', effectiveFrom: '2025-02-30', value: HUGE, source: LONG }, ['effectiveFrom', 'value', 'source']],
  ['notification settings, hostile', 'officer.binhai', () => '/notifications', () => '/notifications/settings', { email: 'x@', emailEnabled: 'true' }, ['email']],
  ['invitation, empty', 'officer.binhai', () => '/portal/invitations', () => '/portal/invitations', {}, ['uscc']],
  ['invitation, hostile', 'admin', () => '/portal/invitations', () => '/portal/invitations', { uscc: 'bad', suffix: '../x', displayName: LONG, email: 'x@' }, ['uscc', 'suffix', 'displayName', 'email']],
  ['contact, hostile', 'officer.binhai', (id) => `/enterprises/${id}`, (id) => `/enterprises/${id}/contacts`, { name: LONG, email: 'not-an-email', phone: 'call me' }, ['name', 'email']],
];

/** The texts of the field messages on a page (hbs escapes quotes). */
function fieldMessages(html: string): string[] {
  const decoded = html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=');
  return [...decoded.matchAll(/<div class="invalid-feedback"[^>]*>([^<]+)<\/div>/g)].map((m) => m[1]!.trim());
}

/** A catalogue key, class-validator's wording or a property name (camelCase) leaking into a message. */
const RAW = /constraint\.|validation\.|formError\.|\belements\b|\bproperty\b|\b[a-z]+[A-Z][a-zA-Z]*\b/;

describe('the JSON face words details[].message in the caller language', () => {
  it.each([
    // Accept-Language, pattern every message matches
    [undefined, /[\u4e00-\u9fff]/],
    ['en', /^(Please fill in "|"[A-Z])/],
    ['zh-CN,zh;q=0.9', /[\u4e00-\u9fff]/],
  ] as const)('Accept-Language %s', async (lang, pattern) => {
    // Runs before the form cases, which switch users to English: admin still has the default setting (Chinese).
    const token = await tokenFor(t, 'admin');
    const req = request(t.http).post('/api/v1/enterprises').set('Authorization', `Bearer ${token}`);
    if (lang) req.set('Accept-Language', lang);
    const res = await req.send({ uscc: 'bad', name: '', registeredCapital: 1e20 }).expect(400);
    expect(Object.keys(res.body).sort()).toEqual(['details', 'error', 'message', 'statusCode']);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['uscc', 'name', 'registeredCapital']));
    for (const d of res.body.details) {
      expect(Object.keys(d).sort()).toEqual(['field', 'message']);
      expect(d.message).toMatch(pattern);
      expect(d.message).not.toMatch(/constraint\.|validation\.|must not be greater/);
    }
  });
});

describe.each([
  ['zh-CN', /^(请填写)?“[^”]*[\u4e00-\u9fff][^”]*”/],
  ['en', /"[A-Z][^"]*"/],
] as const)('form field messages in %s', (locale, labelled) => {
  it.each(FORMS)('%s → 422, a labelled message per field', async (_name, role, page, action, body, fields) => {
    const agent = await signIn(t, role);
    let csrf = await csrfOf(agent, page(ent.id));
    if (locale === 'en') {
      await agent.post('/locale').type('form').send({ _csrf: csrf, locale: 'en', next: page(ent.id) }).expect(303);
      csrf = await csrfOf(agent, page(ent.id));
    }
    const res = await agent.post(action(ent.id)).type('form').send({ _csrf: csrf, ...body }).expect(422);
    const messages = fieldMessages(res.text);
    expect(messages.length).toBeGreaterThanOrEqual(fields.length);
    for (const m of messages) {
      expect(m).toMatch(labelled);
      if (locale === 'zh-CN') expect(m).not.toMatch(/[A-Za-z]{4,}/);
      expect(m).not.toMatch(RAW);
    }
    for (const f of fields) expect(res.text).toMatch(new RegExp(`id="[\\w-]*${f}[\\w-]*-error"|name="${f}"[^>]*aria-invalid|is-invalid[^>]*name="${f}"|name="${f}"`));
  });
});

