import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { Qualification } from '../src/enterprises/qualification.entity.js';
import { Recognition } from '../src/ladder/recognition.entity.js';
import { Api, CONTACT, THIS_YEAR, TODAY } from './applications.fixtures.js';
import { signIn, startTestApp, type TestApp } from './support/app.js';

/**
 * IP-pledge risk grading over HTTP (rules.md §5.4): graded at bank review, regraded when an
 * enhancement is arranged, shown with its points on the loan page, `riskGrade` on the loan JSON,
 * and the risk fund's exposure (outstanding × share by grade, bank, district) against SQL.
 */
let t: TestApp;
let api: Api;
let B: Enterprise;
let ent: string;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp();
  api = new Api(t);
  B = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'DESC' } });
  ent = B.uscc;
  // No standing to start with: no HNTE, no tier.
  await t.dataSource.getRepository(Qualification).delete({ enterpriseId: B.id, kind: 'hnte-certificate' });
  await t.dataSource.getRepository(Recognition).delete({ enterpriseId: B.id });
  await api.login('manager', 'officer.binhai', 'officer.nankai', ent);
  const add = async (key: string, body: Record<string, unknown>) => (ids[key] = await api.addIp(B.id, 'officer.binhai', body));
  await add('patent', { kind: 'invention-patent', number: 'ZL2021GRADE001.1', status: 'valid', grantedOn: '2021-06-30', expiresOn: '2041-06-30' });
  await add('sw1', { kind: 'software-copyright', number: '2022SRGRADE002', status: 'valid', grantedOn: '2022-03-01', expiresOn: '2072-03-01' });
  await add('sw2', { kind: 'software-copyright', number: '2022SRGRADE003', status: 'valid', grantedOn: '2022-03-01', expiresOn: '2072-03-01' });
});
afterAll(async () => {
  await t?.close();
});

/** Drafted by the enterprise, through district review and valuation (appraised at 10,000,000), to bank review. */
async function toBankReview(asset: string, amount: number): Promise<number> {
  const res = await api.post('/api/v1/applications', ent, { enterpriseId: B.id, type: 'ip-pledge-loan', year: THIS_YEAR, form: { ...CONTACT, requestedAmount: amount, termMonths: 12, purpose: '研发投入', preferredBank: '天津银行', assets: [{ ipAssetId: ids[asset], feesPaid: true, disputed: false }] } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const id = res.body.id as number;
  await api.uploadAll(id, ent, ['ip-certificates', 'fee-receipts', 'loan-application']);
  await api.act(id, ent, 'submit');
  await api.act(id, 'officer.binhai', 'accept');
  await api.act(id, 'officer.binhai', 'recommend');
  await api.act(id, 'officer.binhai', 'record-valuation', 200, { data: { agency: '天津知识产权评估有限公司', appraisedValue: 10_000_000, appraisalFee: 50_000, valuedOn: TODAY } });
  return id;
}

async function disburse(id: number, amount: number): Promise<void> {
  await api.act(id, 'officer.binhai', 'sign-contracts', 200, { data: { contractNumber: `GR-${id}`, signedOn: TODAY } });
  await api.act(id, 'officer.binhai', 'register-pledge', 200, { data: { registrationNumber: `Y2026GR${id}`, registeredOn: TODAY } });
  await api.act(id, 'officer.binhai', 'disburse', 200, { data: { disbursedOn: TODAY, amount } });
}

describe('graded at bank review', () => {
  it('B at approval (Class I 3 + coverage 40% 3 = 6 → 40%), A once a guarantee is arranged (8 → 30%)', async () => {
    const id = (ids.loanA = await toBankReview('patent', 4_000_000));
    const approved = await api.act(id, 'officer.binhai', 'approve-loan', 200, { data: { bank: '天津银行', amount: 4_000_000, annualRatePercent: 4.35, termMonths: 12, startOn: TODAY } });
    expect(approved.loan.riskGrade).toEqual({ grade: 'B', points: 6, fundShare: 0.4 });
    expect(approved.loan.riskFactors).toMatchObject({ assets: 3, coverage: 3, enterprise: 0, enhancement: 0 });
    const enhanced = await api.act(id, 'officer.binhai', 'arrange-enhancement', 200, { data: { kind: 'guarantee', provider: '天津融资担保' } });
    expect(enhanced.loan.riskGrade).toEqual({ grade: 'A', points: 8, fundShare: 0.3 });
    await disburse(id, 4_000_000);
    await api.post(`/api/v1/applications/${id}/repayments`, 'officer.binhai', { paidOn: TODAY, principal: 1_000_000, interest: 10_000 }).expect(201);
  });

  it('D below 4 points (Class II 1 + coverage 60% 2 = 3): not eligible for the fund', async () => {
    const id = (ids.loanD = await toBankReview('sw1', 6_000_000));
    const approved = await api.act(id, 'officer.binhai', 'approve-loan', 200, { data: { bank: '中国银行', amount: 6_000_000, annualRatePercent: 4, termMonths: 12, startOn: TODAY } });
    expect(approved.loan.riskGrade).toEqual({ grade: 'D', points: 3, fundShare: 0 });
    await disburse(id, 6_000_000);
  });

  it('C with a tech-SME recognition in force (Class II 1 + 60% 2 + standing 1 = 4 → 50%)', async () => {
    await t.dataSource.getRepository(Recognition).save({ enterpriseId: B.id, tier: 'tech-sme', year: THIS_YEAR, batch: null, certificateNumber: null, validFrom: '2020-01-01', validUntil: '2099-12-31', source: 'manual', applicationId: null });
    const id = (ids.loanC = await toBankReview('sw2', 6_000_000));
    const approved = await api.act(id, 'officer.binhai', 'approve-loan', 200, { data: { bank: '中国银行', amount: 6_000_000, annualRatePercent: 4, termMonths: 12, startOn: TODAY } });
    expect(approved.loan.riskGrade).toEqual({ grade: 'C', points: 4, fundShare: 0.5 });
    expect(approved.loan.riskFactors.enterprise).toBe(1);
    await disburse(id, 6_000_000);
  });

  it('the loan page shows the grade with its points', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get(`/applications/${ids.loanA}`).expect(200);
    expect(page.text).toContain('data-testid="risk-grade"');
    expect(page.text).toContain('data-grade="A"');
    expect(page.text).toContain('等级 A');
    expect(page.text).toContain('8 分');
    expect(page.text).toContain('30.0%');
  });
});

describe('the risk fund exposure', () => {
  it('is outstanding × share by grade, bank and district, equal to an independent SQL sum', async () => {
    const res = await api.get('/api/v1/reports/fund-exposure', 'manager').expect(200);
    const grade = (g: string) => res.body.byGrade.find((r: { key: string }) => r.key === g);
    // This file's loans: A 3,000,000 outstanding × 30%; C 6,000,000 × 50%; D 6,000,000 × 0.
    expect(grade('A')).toMatchObject({ loans: 1, outstanding: 3_000_000, exposure: 900_000 });
    expect(grade('C')).toMatchObject({ loans: 1, outstanding: 6_000_000, exposure: 3_000_000 });
    expect(grade('D')).toMatchObject({ loans: 1, outstanding: 6_000_000, exposure: 0 });
    // Independently: every outstanding loan in SQL, ungraded ones at the flat share of the rule set.
    const rows: { grade: string | null; share: string | null; bank: string | null; district: string; fen: number | string }[] = await t.dataSource.query(`
      SELECT l.risk_grade AS grade, l.risk_fund_share AS share, l.bank AS bank, e.district_code AS district,
             COALESCE(l.disbursed_amount, l.loan_amount, 0) - COALESCE((SELECT SUM(r.principal) FROM loan_repayment r WHERE r.application_id = a.id), 0) AS fen
      FROM pledge_loan l JOIN application a ON a.id = l.application_id JOIN enterprise e ON e.id = a.enterprise_id
      WHERE a.type = 'ip-pledge-loan' AND a.status IN ('post-loan-monitoring', 'defaulted') AND e.deleted_at IS NULL`);
    const flat = res.body.flatShare as number;
    const fen = (r: (typeof rows)[number]) => Number(r.fen);
    const exposureFen = (r: (typeof rows)[number]) => fen(r) * (r.grade ? Number(r.share) : flat);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(res.body.totals.loans).toBe(rows.length);
    expect(res.body.totals.outstanding).toBeCloseTo(sum(rows.map(fen)) / 100, 2);
    expect(res.body.totals.exposure).toBeCloseTo(sum(rows.map(exposureFen)) / 100, 2);
    for (const b of res.body.byBank as { key: string; loans: number; exposure: number }[]) {
      const mine = rows.filter((r) => (r.bank ?? '—') === b.key);
      expect([b.key, b.loans]).toEqual([b.key, mine.length]);
      expect(b.exposure).toBeCloseTo(sum(mine.map(exposureFen)) / 100, 2);
    }
    for (const d of res.body.byDistrict as { key: string; loans: number; exposure: number }[]) {
      const mine = rows.filter((r) => r.district === d.key);
      expect([d.key, d.loans]).toEqual([d.key, mine.length]);
      expect(d.exposure).toBeCloseTo(sum(mine.map(exposureFen)) / 100, 2);
    }
    expect(sum(res.body.byGrade.map((g: { loans: number }) => g.loans))).toBe(rows.length);
  });

  it('is scoped: a Nankai officer sees none of the Binhai loans', async () => {
    const res = await api.get('/api/v1/reports/fund-exposure', 'officer.nankai').expect(200);
    expect(res.body.byDistrict.every((d: { district: { code: string } }) => d.district.code === '120104')).toBe(true);
    expect(res.body.byGrade.find((g: { key: string }) => g.key === 'A').loans).toBe(0);
  });

  it('appears on the dashboard and as XLSX sheets', async () => {
    const agent = await signIn(t, 'manager');
    const page = await agent.get('/reports').expect(200);
    expect(page.text).toContain('风险补偿资金敞口');
    const xlsx = await api.get('/api/v1/reports/export.xlsx?section=exposure', 'manager').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect((xlsx.body as Buffer).length).toBeGreaterThan(1000);
  });
});
