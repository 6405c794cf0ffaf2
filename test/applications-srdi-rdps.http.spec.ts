import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { AnnualFinancials } from '../src/enterprises/annual-financials.entity.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { RdLedger } from '../src/enterprises/rd-ledger.entity.js';
import { Recognition } from '../src/ladder/recognition.entity.js';
import { validUntil } from '../src/ladder/recognitions.service.js';
import { RdPostSubsidyRound } from '../src/rd-post-subsidy/rd-post-subsidy.entities.js';
import { Offer } from '../src/offers/offer.entity.js';
import { Api, CONTACT, THIS_YEAR, TODAY, daysFrom } from './applications.fixtures.js';
import { csrfFrom, signIn, startTestApp, type TestApp } from './support/app.js';

/**
 * The two application types issue 16 adds, end to end over HTTP: srdi-recognition for each rung
 * (district → 工信局 → [ministry for a little giant] → notice batch → approval recording the 3-year
 * recognition) and rd-post-subsidy (approval → a claim of the round, scaled pro rata to its budget;
 * one application per enterprise and round). Plus the refusals: missing rung (400 in the caller's
 * language), an enterprise approving (403), an officer of another district (404).
 */
let t: TestApp;
let api: Api;
let A: Enterprise; // Binhai (120116), user = its USCC
const N1 = THIS_YEAR - 1;
const NOTICE_START = daysFrom(TODAY, -40);

const SRDI_DOCS: Record<string, string[]> = {
  'innovative-sme': ['audited-statements', 'ip-certificates', 'credit-commitment'],
  'srdi-sme': ['audited-statements', 'ip-certificates', 'credit-commitment', 'srdi-score-sheet', 'srdi-prior-recognition'],
  'little-giant': ['audited-statements', 'ip-certificates', 'credit-commitment', 'srdi-score-sheet', 'srdi-prior-recognition', 'rd-institution-proof'],
};
const RP_DOCS = ['rd-special-audit', 'super-deduction-filing', 'credit-commitment'];

const srdiBody = (rung: string | undefined, form: Record<string, unknown> = {}) => ({
  enterpriseId: A.id, type: 'srdi-recognition', ...(rung ? { rung } : {}), year: THIS_YEAR,
  form: { ...CONTACT, mainProducts: '工业视觉检测设备', nicheMarket: '锂电池极片视觉检测', nicheSince: '2019-06-01', ...form },
});

beforeAll(async () => {
  t = await startTestApp();
  api = new Api(t);
  A = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  await api.login('admin', 'manager', 'officer.binhai', 'officer.nankai', A.uscc);
  api.tokens.entA = api.tokens[A.uscc];
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('srdi-recognition: creation and refusals', () => {
  it.each([
    ['without a rung (zh)', () => srdiBody(undefined), 'zh-CN', 400, 'rung', /^请选择申报的专精特新梯度层级/],
    ['without a rung (en)', () => srdiBody(undefined), 'en', 400, 'rung', /^Choose the SRDI rung applied for/],
    ['with an unknown rung', () => srdiBody('unicorn'), 'zh-CN', 400, 'rung', null],
    ['with a rung on another type', () => ({ enterpriseId: A.id, type: 'high-tech-certification', rung: 'srdi-sme', year: THIS_YEAR, form: {} }), 'en', 400, 'rung', /SRDI recognitions only/],
    ['with a tier instead of a rung', () => ({ ...srdiBody('srdi-sme'), tier: 'gazelle' }), 'en', 400, 'tier', null],
    ['with a bad niche date', () => srdiBody('srdi-sme', { nicheSince: '2019-13-01' }), 'en', 400, 'form.nicheSince', null],
  ])('refuses an application %s', async (_label, body, lang, status, field, message) => {
    const res = await request(t.http).post('/api/v1/applications').set('Authorization', `Bearer ${api.tokens.entA}`).set('Accept-Language', lang).send(body());
    expect(res.status).toBe(status);
    const detail = res.body.details.find((d: { field: string }) => d.field === field);
    expect(detail).toBeDefined();
    if (message) expect(detail.message).toMatch(message);
  });

  it('GET prefill gives the rung\'s form from the file (SRDI facts with their source)', async () => {
    await api.call('patch', `/api/v1/enterprises/${A.id}/srdi-facts`, 'officer.binhai').send({ nicheMarket: '锂电池极片视觉检测', nicheSince: '2018-03-01', srdiScore: 72, srdiScoreBy: '天津市中小企业服务中心' }).expect(200);
    const res = await api.get(`/api/v1/applications/prefill?enterpriseId=${A.id}&type=srdi-recognition&rung=srdi-sme`, 'entA').expect(200);
    expect(res.body).toMatchObject({ nicheMarket: '锂电池极片视觉检测', nicheSince: '2018-03-01', srdiScore: 72, srdiScoreBy: '天津市中小企业服务中心' });
  });
});

describe.each([
  ['innovative-sme', false],
  ['srdi-sme', false],
  ['little-giant', true],
] as const)('srdi-recognition (%s), end to end', (rung, viaMinistry) => {
  let id: number;

  it('the enterprise drafts it with the rung; the checklist is the rung\'s', async () => {
    const res = await api.post('/api/v1/applications', 'entA', srdiBody(rung)).expect(201);
    expect(res.body).toMatchObject({ type: 'srdi-recognition', rung, tier: null, status: 'draft' });
    expect(res.body.reference).toMatch(new RegExp(`^SR-${THIS_YEAR}-\\d{5}$`));
    expect(res.body.missingDocuments).toEqual(SRDI_DOCS[rung]);
    id = res.body.id;
    await api.post('/api/v1/applications', 'entA', srdiBody(rung)).expect(409); // one open per rung and year
    const listed = (await api.get(`/api/v1/applications?type=srdi-recognition&rung=${rung}`, 'entA').expect(200)).body.items as { id: number; rung: string }[];
    expect(listed.map((a) => [a.id, a.rung])).toEqual([[id, rung]]);
  });

  it('submit freezes the evaluation of the rung\'s programme', async () => {
    await api.uploadAll(id, 'entA', SRDI_DOCS[rung]!);
    const submitted = await api.act(id, 'entA', 'submit');
    expect(submitted.status).toBe('submitted');
    expect(Object.keys(submitted.evaluation.ruleSets)).toEqual([rung]);
    expect(submitted.evaluation.result).toMatchObject({ program: rung });
  });

  it('an officer of another district does not see it (404)', async () => {
    await api.get(`/api/v1/applications/${id}`, 'officer.nankai').expect(404);
    await api.act(id, 'officer.nankai', 'accept', 404);
  });

  it(`district → 工信局${viaMinistry ? ' → ministry' : ''} → notice batch`, async () => {
    await api.act(id, 'officer.binhai', 'accept');
    await api.act(id, 'officer.binhai', 'recommend');
    if (viaMinistry) {
      await api.act(id, 'manager', 'publish-notice', 409); // a little giant goes to the ministry first
      expect((await api.act(id, 'manager', 'recommend')).status).toBe('ministry-review');
    } else {
      // The 工信局 recognises the lower rungs itself: no ministry step is offered, the notice waits for a batch.
      const offered = (await api.get(`/api/v1/applications/${id}`, 'manager').expect(200)).body.allowedActions as { action: string; allowed: boolean; reasonKey: string | null }[];
      expect(offered.filter((a) => ['recommend', 'publish-notice'].includes(a.action))).toEqual([{ action: 'publish-notice', allowed: false, reasonKey: 'application.veto.noNoticeBatch', reason: expect.any(String) }]);
    }
    const batch = await api.post('/api/v1/batches', 'manager', { programme: rung, year: THIS_YEAR, name: `${THIS_YEAR}年第一批` }).expect(201);
    const view = await api.get(`/api/v1/batches/${batch.body.id}`, 'manager').expect(200);
    expect(view.body.candidates.map((a: { id: number }) => a.id)).toEqual([id]);
    await api.post(`/api/v1/batches/${batch.body.id}/applications`, 'manager', { applicationIds: [id] }).expect(200);
    await api.post(`/api/v1/batches/${batch.body.id}/notice`, 'manager', { startsOn: NOTICE_START }).expect(200);
    expect((await api.get(`/api/v1/applications/${id}`, 'entA').expect(200)).body.status).toBe('public-notice');
  });

  it('the enterprise cannot approve (403); the bureau\'s approval records the 3-year recognition, audited', async () => {
    await api.act(id, 'entA', 'approve', 403);
    await api.act(id, 'officer.binhai', 'approve', 403);
    const approved = await api.act(id, 'manager', 'approve');
    expect(approved).toMatchObject({ status: 'approved', decision: { rung, validFrom: TODAY, validUntil: validUntil(TODAY, 3) } });
    const rec = await t.dataSource.getRepository(Recognition).findOneByOrFail({ applicationId: id });
    expect(rec).toMatchObject({ enterpriseId: A.id, tier: rung, validFrom: TODAY, validUntil: validUntil(TODAY, 3), source: 'application' });
    const audit = await t.dataSource.getRepository(AuditEntry).findOneBy({ entity: 'recognition', entityId: String(rec.id), action: 'create' });
    expect(audit).not.toBeNull();
    const srdi = await api.get(`/api/v1/enterprises/${A.id}/srdi-facts`, 'officer.binhai').expect(200);
    expect(srdi.body.recognitions.map((r: { program: string }) => r.program)).toContain(rung);
  });
});

describe('srdi-recognition in the portal', () => {
  it('the enterprise picks the type and a rung where it picks the others; the form is prefilled from the file and saves a draft', async () => {
    const agent = await signIn(t, A.uscc);
    const choose = await agent.get('/applications/new').expect(200);
    expect(choose.text).toContain('<option value="srdi-recognition"');
    expect(choose.text).toContain('<option value="little-giant"');
    const page = await agent.get(`/applications/new?type=srdi-recognition&tier=innovative-sme&year=${THIS_YEAR}`).expect(200);
    expect(page.text).toContain('name="nicheMarket"');
    expect(page.text).toContain('value="锂电池极片视觉检测"'); // from the file's SRDI facts
    const posted = await agent.post('/applications').type('form').send({
      _csrf: csrfFrom(page.text), type: 'srdi-recognition', tier: 'innovative-sme', year: String(THIS_YEAR), enterpriseId: String(A.id),
      contactName: '刘经理', contactPhone: '022-23456789', mainProducts: '视觉检测', nicheMarket: '锂电池极片视觉检测', nicheSince: '2018-03-01',
    });
    expect(posted.status).toBe(303);
    const id = Number(/\/applications\/(\d+)/.exec(posted.headers.location ?? '')?.[1]);
    const view = (await api.get(`/api/v1/applications/${id}`, 'entA').expect(200)).body;
    expect(view).toMatchObject({ type: 'srdi-recognition', rung: 'innovative-sme', status: 'draft', form: { nicheMarket: '锂电池极片视觉检测' } });
    const detail = await agent.get(`/applications/${id}`).expect(200);
    expect(detail.text).toContain('创新型中小企业');
  });
});

describe('offers (免申即享) for the new programmes', () => {
  const offer = async (programme: string) => {
    const o = await t.dataSource.getRepository(Offer).save(t.dataSource.getRepository(Offer).create({
      enterpriseId: A.id, programme, year: THIS_YEAR, status: 'open', fastTrack: false, benefit: null, reason: null, expiresOn: `${THIS_YEAR}-12-31`,
      evaluation: { asOf: TODAY, engineVersion: 'test', ruleSets: {}, programme, outcome: 'eligible', criteria: [], benefit: null },
    } as never)) as unknown as Offer;
    return o;
  };

  it.each([
    ['srdi-sme', 'srdi-recognition', 'srdi-sme', THIS_YEAR],
    ['little-giant', 'srdi-recognition', 'little-giant', THIS_YEAR],
    ['rd-post-subsidy', 'rd-post-subsidy', null, N1],
  ])('accepting a %s offer files a %s application (rung %s, year %i), prefilled', async (programme, type, rung, year) => {
    const o = await offer(programme);
    const res = await api.post(`/api/v1/offers/${o.id}/accept`, 'entA', { version: o.version }).expect(201);
    expect(res.body).toMatchObject({ applicationStatus: 'district-review' });
    const app = (await api.get(`/api/v1/applications/${res.body.applicationId}`, 'entA').expect(200)).body;
    expect(app).toMatchObject({ type, rung, year, status: 'district-review', form: { contactName: expect.any(String) } });
  });
});

/** A stored Binhai file eligible for the post-subsidy of N-1: tech-SME listed, ledger of N-1, R&D growing. */
async function eligibleFile(seed: number, rdPrior: number, rd: number): Promise<number> {
  const { id } = await api.createEnterprise('officer.binhai', '120116', 9100 + seed, `后补助申报测试企业${seed}`);
  const ds = t.dataSource;
  await ds.getRepository(AnnualFinancials).insert([
    { enterpriseId: id, year: N1 - 1, rdExpense: rdPrior, operatingRevenue: 20_000_000 },
    { enterpriseId: id, year: N1, rdExpense: rd, operatingRevenue: 22_000_000 },
  ] as never);
  await ds.getRepository(RdLedger).insert({ enterpriseId: id, year: N1, personnel: rd, source: 'officer' } as never);
  await ds.getRepository(Recognition).insert({ enterpriseId: id, tier: 'tech-sme', year: N1, validFrom: `${N1}-03-01`, validUntil: `${N1}-12-31`, source: 'manual' } as never);
  return id;
}

const rpBody = (enterpriseId: number, year = N1) => ({ enterpriseId, type: 'rd-post-subsidy', year, form: { ...CONTACT } });

describe('rd-post-subsidy applications and the round', () => {
  let small: number;
  let big: number;
  let round: RdPostSubsidyRound;
  const apps: number[] = [];

  beforeAll(async () => {
    small = await eligibleFile(1, 800_000, 1_000_000); // 10% × 200,000 = 20,000
    big = await eligibleFile(2, 100_000, 20_100_000); // 2,000,000 → capped at 1,000,000
    round = await t.dataSource.getRepository(RdPostSubsidyRound).findOneByOrFail({ year: N1 });
    // A budget the two claims oversubscribe: 500,000 yuan.
    await t.dataSource.getRepository(RdPostSubsidyRound).update({ id: round.id }, { budget: 50_000_000 });
  });

  it('the prefill shows the claim computed from the file (rate × growth, capped)', async () => {
    const a = await api.get(`/api/v1/applications/prefill?enterpriseId=${small}&type=rd-post-subsidy&year=${N1}`, 'officer.binhai').expect(200);
    expect(a.body.claim).toMatchObject({ year: N1, outcome: 'eligible', amount: 20_000, rdExpense: 1_000_000, priorRdExpense: 800_000, increase: 200_000, rate: 0.1, capped: false });
    const b = await api.get(`/api/v1/applications/prefill?enterpriseId=${big}&type=rd-post-subsidy&year=${N1}`, 'officer.binhai').expect(200);
    expect(b.body.claim).toMatchObject({ amount: 1_000_000, capped: true });
  });

  it('the officer\'s new-application page shows the computed claim', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const uscc = (await t.dataSource.getRepository(Enterprise).findOneByOrFail({ id: small })).uscc;
    const page = await agent.get(`/applications/new?type=rd-post-subsidy&year=${N1}&uscc=${uscc}`).expect(200);
    expect(page.text).toContain('data-claim');
    expect(page.text).toMatch(/20,000/);
  });

  it.each([
    ['for a year without a round', () => rpBody(small, THIS_YEAR - 2), 400, 'year'],
    ['for the current year (not ended)', () => rpBody(small, THIS_YEAR), 400, 'year'],
  ])('refuses an application %s', async (_label, body, status, field) => {
    const res = await api.post('/api/v1/applications', 'officer.binhai', body());
    expect(res.status).toBe(status);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('the district files, reviews and recommends; a second application for the round is refused (409)', async () => {
    for (const e of [small, big]) {
      const created = await api.post('/api/v1/applications', 'officer.binhai', rpBody(e)).expect(201);
      expect(created.body).toMatchObject({ type: 'rd-post-subsidy', year: N1, rung: null, status: 'draft' });
      expect(created.body.reference).toMatch(new RegExp(`^RP-${N1}-\\d{5}$`));
      expect(created.body.missingDocuments).toEqual(RP_DOCS);
      apps.push(created.body.id);
      await api.uploadAll(created.body.id, 'officer.binhai', RP_DOCS);
      const submitted = await api.act(created.body.id, 'officer.binhai', 'submit');
      expect(submitted.evaluation).toMatchObject({ outcome: 'eligible', ruleSets: { 'rd-post-subsidy': expect.any(String) } });
      await api.act(created.body.id, 'officer.binhai', 'accept');
      await api.act(created.body.id, 'officer.binhai', 'recommend');
    }
    const dup = await request(t.http).post('/api/v1/applications').set('Authorization', `Bearer ${api.tokens['officer.binhai']}`).set('Accept-Language', 'en').send(rpBody(small));
    expect(dup.status).toBe(409);
    expect(dup.body.details[0]).toMatchObject({ field: 'year', message: expect.stringMatching(/already applied in the \d{4} R&D post-subsidy round \(RP-/) });
  });

  it('an officer of another district gets 404; an officer cannot approve (403)', async () => {
    await api.get(`/api/v1/applications/${apps[0]}`, 'officer.nankai').expect(404);
    await api.act(apps[0]!, 'officer.nankai', 'approve', 404);
    await api.act(apps[0]!, 'officer.binhai', 'approve', 403);
  });

  it('approval makes each a claim of the round, scaled pro rata to the budget when oversubscribed', async () => {
    const first = await api.act(apps[0]!, 'manager', 'approve');
    expect(first).toMatchObject({ status: 'approved', decision: { roundId: round.id, requested: 20_000, granted: 20_000, scaled: false } });
    const second = await api.act(apps[1]!, 'manager', 'approve');
    // 1,020,000 requested against 500,000: every amount × 500,000 ÷ 1,020,000, rounded down to the yuan.
    expect(second).toMatchObject({ status: 'approved', decision: { requested: 1_000_000, granted: 490_196, scaled: true, factor: '0.490196' } });
    const claims = (await api.get(`/api/v1/rd-post-subsidy/rounds/${round.id}/claims?pageSize=100`, 'manager').expect(200)).body;
    const mine = claims.items.filter((c: { enterpriseId: number }) => c.enterpriseId === small || c.enterpriseId === big)
      .map((c: { enterpriseId: number; requested: number; granted: number; status: string }) => [c.enterpriseId, c.requested, c.granted, c.status]);
    expect(mine.sort()).toEqual([[small, 20_000, 9_803, 'granted'], [big, 1_000_000, 490_196, 'granted']].sort());
    expect(claims.round).toMatchObject({ scaled: true, factor: '0.490196' });
    const audit = await t.dataSource.getRepository(AuditEntry).countBy({ entity: 'rd_post_subsidy_claim', action: 'create' });
    expect(audit).toBe(2);
    const page = await (await signIn(t, 'manager')).get(`/applications/${apps[1]}`).expect(200);
    expect(page.text).toContain('data-testid="rd-claim"');
    expect(page.text).toContain('按比例核减');
  });

  it('the round calculates over the approved applications, publishes its list and records payments', async () => {
    const r = (await api.get('/api/v1/rd-post-subsidy/rounds', 'manager').expect(200)).body.find((x: { id: number }) => x.id === round.id);
    const calc = await api.post(`/api/v1/rd-post-subsidy/rounds/${round.id}/calculate`, 'manager', { version: r.version }).expect(200);
    expect(calc.body).toMatchObject({ status: 'calculated', totalRequested: 1_020_000, totalGranted: 499_999, scaled: true, factor: '0.490196' });
    const pub = await api.post(`/api/v1/rd-post-subsidy/rounds/${round.id}/publish`, 'manager', { version: calc.body.version }).expect(200);
    expect(pub.body.status).toBe('published');
    const claims = (await api.get(`/api/v1/rd-post-subsidy/rounds/${round.id}/claims?pageSize=100`, 'manager').expect(200)).body.items as { id: number; enterpriseId: number; version: number }[];
    expect(claims.map((c) => c.enterpriseId).sort()).toEqual([small, big].sort());
    const c = claims.find((x) => x.enterpriseId === small)!;
    const paid = await api.post(`/api/v1/rd-post-subsidy/claims/${c.id}/payment`, 'manager', { paidOn: TODAY, reference: 'TJ-PAY-0001', version: c.version }).expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', granted: 9_803 });
    const list = await request(t.http).get(`/rd-post-subsidy/${N1}/list`).expect(200); // public, like the other lists
    expect(list.text).toContain('后补助申报测试企业1');
  });

  it('a published round takes no more applications (409)', async () => {
    const late = await eligibleFile(3, 100_000, 300_000);
    const res = await api.post('/api/v1/applications', 'officer.binhai', rpBody(late));
    expect(res.status).toBe(409);
    expect(res.body.details[0].field).toBe('year');
  });
});
