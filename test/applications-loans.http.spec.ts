import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addMonths, addWorkingDays } from '../src/applications/workflow/working-days.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { IpAsset } from '../src/enterprises/ip-asset.entity.js';
import { CAL, Api, CONTACT, daysFrom, LOAN_DOCS, THIS_YEAR, TODAY } from './applications.fixtures.js';
import { csrfFrom, signIn, startTestApp, type TestApp } from './support/app.js';

/**
 * The IP-pledge loan lifecycle of rules.md §5.2 over HTTP: IPP-* at submission and at registration,
 * valuation, bank terms, credit enhancement, contracts, registration (assets marked pledged),
 * disbursement, repayments, the interest and appraisal-fee subsidies (exact figures with the
 * default parameters: 40% capped at 500,000 per enterprise and year; 50% capped at 50,000),
 * cancellation (assets released), default, risk-fund compensation at the loan's risk grade (rules.md §5.4;
 * the graded shares are covered in test/loan-risk-grade.http.spec.ts) and disposal.
 */
let t: TestApp;
let api: Api;
let B: Enterprise;
let ent: string;
const ip: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp();
  api = new Api(t);
  B = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'DESC' } });
  ent = B.uscc;
  await api.login('admin', 'manager', 'officer.binhai', 'officer.nankai', ent);
  const add = (key: string, body: Record<string, unknown>) => api.addIp(B.id, 'officer.binhai', body).then((id) => (ip[key] = id));
  await add('patent', { kind: 'invention-patent', number: 'ZL2021LOAN0001.1', status: 'valid', grantedOn: '2021-06-30', expiresOn: '2031-06-30' });
  await add('software', { kind: 'software-copyright', number: '2022SRLOAN0002', status: 'valid', grantedOn: '2022-03-01', expiresOn: '2072-03-01' });
  await add('coOwned', { kind: 'utility-model', number: 'ZL2023LOAN0003.2', status: 'valid', grantedOn: '2023-01-10', expiresOn: '2033-01-10', coOwners: ['天津大学'] });
  await add('soon', { kind: 'design-patent', number: 'ZL2016LOAN0004.3', status: 'valid', grantedOn: '2016-09-01', expiresOn: daysFrom(TODAY, 100) });
  await add('pending', { kind: 'invention-patent', number: 'ZL2025LOAN0005.X', status: 'pending' });
});
afterAll(async () => {
  await t?.close();
});

type Asset = { ipAssetId: number; feesPaid: boolean; disputed: boolean; coOwnersConsented?: boolean };
const asset = (key: string, extra: Partial<Asset> = {}): Asset => ({ ipAssetId: ip[key], feesPaid: true, disputed: false, ...extra });

async function draftLoan(assets: Asset[], amount = 5_000_000, termMonths = 12): Promise<number> {
  const res = await api.post('/api/v1/applications', ent, { enterpriseId: B.id, type: 'ip-pledge-loan', year: THIS_YEAR, form: { ...CONTACT, requestedAmount: amount, termMonths, purpose: '研发投入与流动资金', preferredBank: '天津银行', assets } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  await api.uploadAll(res.body.id, ent, ['ip-certificates', 'fee-receipts', 'loan-application']);
  return res.body.id;
}

const pledged = async (key: string) => (await t.dataSource.getRepository(IpAsset).findOneByOrFail({ id: ip[key] })).pledged;

/** From draft to contracts signed, with the given bank terms. */
async function toContracts(id: number, terms: { amount: number; annualRatePercent: number; termMonths: number }, fee = 120_000) {
  await api.act(id, ent, 'submit');
  await api.act(id, 'officer.binhai', 'accept');
  await api.act(id, 'officer.binhai', 'recommend');
  await api.act(id, 'officer.binhai', 'record-valuation', 200, { data: { agency: '天津知识产权评估有限公司', appraisedValue: 12_000_000, appraisalFee: fee, valuedOn: TODAY } });
  await api.act(id, 'officer.binhai', 'approve-loan', 200, { data: { bank: '天津银行', startOn: TODAY, ...terms } });
  await api.act(id, 'officer.binhai', 'sign-contracts', 200, { data: { contractNumber: `JK-${id}`, signedOn: TODAY } });
}

describe('IPP-* at submission', () => {
  it.each([
    ['a pending patent with unpaid fees', () => [asset('pending', { feesPaid: false })], ['assets.ZL2025LOAN0005.X.IPP-VALID', 'assets.ZL2025LOAN0005.X.IPP-TERM']],
    ['a disputed asset', () => [asset('software', { disputed: true })], ['assets.2022SRLOAN0002.IPP-FREE']],
    ['a co-owned asset without the co-owners\' consent', () => [asset('coOwned', { coOwnersConsented: false })], ['assets.ZL2023LOAN0003.2.IPP-COOWNERS']],
    ['an asset that expires before the loan matures', () => [asset('soon')], ['assets.ZL2016LOAN0004.3.IPP-TERM']],
  ])('vetoes %s (409 naming the asset and criterion)', async (_label, assets, fields) => {
    const id = await draftLoan(assets());
    if (assets().some((a) => a.ipAssetId === ip.coOwned)) await api.upload(id, ent, 'co-owner-consent');
    const res = await api.post(`/api/v1/applications/${id}/transitions`, ent, { action: 'submit' });
    expect(res.status).toBe(409);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(fields);
    await api.act(id, ent, 'withdraw');
  });

  it('a co-owned asset needs the co-owners\' written consent among the documents', async () => {
    const id = await draftLoan([asset('coOwned', { coOwnersConsented: true })]);
    const draft = (await api.get(`/api/v1/applications/${id}`, ent)).body;
    expect(draft.missingDocuments).toEqual(['co-owner-consent']);
    await api.upload(id, ent, 'co-owner-consent');
    expect((await api.act(id, ent, 'submit')).evaluation).toMatchObject({ outcome: 'eligible', ruleSets: { 'ip-pledge': expect.any(String) } });
    await api.act(id, ent, 'withdraw');
  });

  it('refuses an IP asset of another enterprise in the form (400)', async () => {
    const other = await t.dataSource.getRepository(IpAsset).findOneOrFail({ where: {}, order: { id: 'ASC' } });
    const res = await api.post('/api/v1/applications', ent, { enterpriseId: B.id, type: 'ip-pledge-loan', year: THIS_YEAR, form: { ...CONTACT, requestedAmount: 1_000_000, termMonths: 12, purpose: 'x', assets: [{ ipAssetId: other.id, feesPaid: true, disputed: false }] } });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'form.assets[0].ipAssetId', message: '所选“知识产权”不在本企业档案中。' }]);
  });
});

describe('a loan repaid in full', () => {
  let id: number;

  it('is submitted with its IPP-* check frozen, reviewed by the district, valued', async () => {
    id = await draftLoan([asset('patent'), asset('software')]);
    const submitted = await api.act(id, ent, 'submit');
    expect(submitted.evaluation.result.assets.map((a: { number: string; outcome: string }) => [a.number, a.outcome])).toEqual([['ZL2021LOAN0001.1', 'eligible'], ['2022SRLOAN0002', 'eligible']]);
    await api.act(id, 'officer.binhai', 'accept');
    expect((await api.act(id, 'officer.binhai', 'recommend')).status).toBe('valuation');
    const bad = await api.post(`/api/v1/applications/${id}/transitions`, 'officer.binhai', { action: 'record-valuation', data: { appraisedValue: -1, valuedOn: '2026-02-30' } });
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.details.map((d: { field: string }) => d.field))].sort()).toEqual(['data.agency', 'data.appraisedValue', 'data.valuedOn']);
    await api.post(`/api/v1/applications/${id}/transitions`, 'officer.binhai', { action: 'accept', data: { x: 1 } }).expect(409);
    const valued = await api.act(id, 'officer.binhai', 'record-valuation', 200, { data: { agency: '天津知识产权评估有限公司', appraisedValue: 12_000_000, appraisalFee: 120_000, valuedOn: TODAY } });
    expect(valued).toMatchObject({ status: 'bank-review', dueOn: addWorkingDays(TODAY, 20, CAL), loan: { appraisalAgency: '天津知识产权评估有限公司', appraisedValue: 12_000_000, appraisalFee: 120_000 } });
  });

  it('the bank approves terms that fit the pledged IP (IPP-TERM), then enhancement and contracts', async () => {
    const tooLong = await api.post(`/api/v1/applications/${id}/transitions`, 'officer.binhai', { action: 'approve-loan', data: { bank: '天津银行', amount: 5_000_000, annualRatePercent: 4.35, termMonths: 120, startOn: TODAY } });
    expect(tooLong.status).toBe(409);
    expect(tooLong.body.details).toEqual([{ field: 'assets.ZL2021LOAN0001.1.IPP-TERM', message: 'the IP expires 2031-06-30, before the loan matures' }]);
    const approved = await api.act(id, 'officer.binhai', 'approve-loan', 200, { data: { bank: '天津银行', amount: 5_000_000, annualRatePercent: 4.35, termMonths: 12, startOn: TODAY } });
    expect(approved.loan).toMatchObject({ bank: '天津银行', loanAmount: 5_000_000, annualRatePercent: 4.35, termMonths: 12, startOn: TODAY, maturityOn: addMonths(TODAY, 12) });
    expect((await api.act(id, 'officer.binhai', 'arrange-enhancement', 200, { data: { kind: 'guarantee', provider: '天津市融资担保有限公司' } })).status).toBe('credit-enhancement');
    const signed = await api.act(id, 'officer.binhai', 'sign-contracts', 200, { data: { contractNumber: 'TJB-2026-0088', signedOn: TODAY } });
    // The IP office decides within 3 working days of a complete filing.
    expect(signed).toMatchObject({ status: 'contracts-signed', dueOn: addWorkingDays(TODAY, 3, CAL) });
  });

  it('registration re-checks IPP-* and marks the assets pledged; disbursement starts monitoring until maturity', async () => {
    expect(await pledged('patent')).toBe(false);
    const registered = await api.act(id, 'officer.binhai', 'register-pledge', 200, { data: { registrationNumber: 'Y2026120000123', registeredOn: TODAY } });
    expect(registered.status).toBe('pledge-registered');
    expect(await pledged('patent')).toBe(true);
    expect(await pledged('software')).toBe(true);
    expect(registered.loan.assets.every((a: { pledged: boolean }) => a.pledged)).toBe(true);
    const disbursed = await api.act(id, 'officer.binhai', 'disburse', 200, { data: { disbursedOn: TODAY } });
    expect(disbursed).toMatchObject({ status: 'post-loan-monitoring', dueOn: addMonths(TODAY, 12), loan: { disbursedAmount: 5_000_000, outstandingPrincipal: 5_000_000 } });
  });

  it('records repayments (officers only, never beyond the outstanding principal)', async () => {
    const veto = await api.post(`/api/v1/applications/${id}/transitions`, 'officer.binhai', { action: 'cancel-pledge', data: { cancelledOn: TODAY } });
    expect(veto.status).toBe(409);
    expect(veto.body.details).toEqual([{ field: 'repayments', message: 'principal outstanding: 5000000' }]);
    await api.post(`/api/v1/applications/${id}/repayments`, ent, { paidOn: TODAY, principal: 1, interest: 0 }).expect(403);
    await api.post(`/api/v1/applications/${id}/repayments`, 'manager', { paidOn: TODAY, principal: 1, interest: 0 }).expect(403);
    await api.post(`/api/v1/applications/${id}/repayments`, 'officer.nankai', { paidOn: TODAY, principal: 1, interest: 0 }).expect(404);
    await api.post(`/api/v1/applications/${id}/repayments`, 'officer.binhai', { paidOn: TODAY, principal: 6_000_000, interest: 0 }).expect(400);
    await api.post(`/api/v1/applications/${id}/repayments`, 'officer.binhai', { paidOn: daysFrom(TODAY, 3), principal: 1, interest: 0 }).expect(400);
    await api.post(`/api/v1/applications/${id}/repayments`, 'officer.binhai', { paidOn: TODAY, principal: 2_000_000, interest: 60_000 }).expect(201);
    const after = await api.post(`/api/v1/applications/${id}/repayments`, 'officer.binhai', { paidOn: TODAY, principal: 3_000_000, interest: 48_750 }).expect(201);
    expect(after.body.loan).toMatchObject({ repaidPrincipal: 5_000_000, outstandingPrincipal: 0, interestPaid: 108_750, interestByYear: [{ year: THIS_YEAR, interest: 108_750, granted: false }] });
  });

  it('grants the interest subsidy (40% of 108,750 = 43,500) and the appraisal subsidy (50% of 120,000, capped at 50,000), once each', async () => {
    const preview = await api.get(`/api/v1/applications/${id}/subsidies/preview?kind=interest&year=${THIS_YEAR}`, 'officer.binhai').expect(200);
    expect(preview.body).toMatchObject({ year: THIS_YEAR, base: 108_750, rate: 0.4, cap: 500_000, amount: 43_500, alreadyGranted: 0, provisional: true });
    await api.post(`/api/v1/applications/${id}/subsidies`, ent, { kind: 'interest', year: THIS_YEAR }).expect(403);
    const interest = await api.post(`/api/v1/applications/${id}/subsidies`, 'officer.binhai', { kind: 'interest', year: THIS_YEAR }).expect(201);
    expect(interest.body).toMatchObject({ kind: 'interest', year: THIS_YEAR, base: 108_750, rate: 0.4, cap: 500_000, amount: 43_500, provisional: true });
    await api.post(`/api/v1/applications/${id}/subsidies`, 'manager', { kind: 'interest', year: THIS_YEAR }).expect(409);
    await api.post(`/api/v1/applications/${id}/subsidies`, 'manager', { kind: 'interest', year: THIS_YEAR - 1 }).expect(409); // no interest paid that year
    const appraisal = await api.post(`/api/v1/applications/${id}/subsidies`, 'manager', { kind: 'appraisal' }).expect(201);
    expect(appraisal.body).toMatchObject({ kind: 'appraisal', year: THIS_YEAR, base: 120_000, rate: 0.5, cap: 50_000, amount: 50_000 });
    await api.post(`/api/v1/applications/${id}/subsidies`, 'manager', { kind: 'appraisal' }).expect(409);
  });

  it('repaid: the pledge is cancelled and the assets released', async () => {
    const repaid = await api.act(id, 'officer.binhai', 'cancel-pledge', 200, { data: { cancelledOn: TODAY } });
    expect(repaid).toMatchObject({ status: 'repaid', dueOn: null, loan: { cancelledOn: TODAY } });
    expect(await pledged('patent')).toBe(false);
    expect(await pledged('software')).toBe(false);
    await api.post(`/api/v1/applications/${id}/repayments`, 'officer.binhai', { paidOn: TODAY, principal: 0, interest: 1 }).expect(409);
    expect(repaid.history.filter((h: { kind: string }) => h.kind === 'repayment')).toHaveLength(2);
    expect(repaid.history.filter((h: { kind: string }) => h.kind === 'subsidy').map((h: { data: { amount: number } }) => h.data.amount)).toEqual([43_500, 50_000]);
  });
});

describe('a defaulted loan, and a pledge that cannot be registered twice', () => {
  let second: number;
  let third: number;

  it('a second loan on the same patent registers; a third one on it is refused at registration (IPP-FREE)', async () => {
    second = await draftLoan([asset('patent')], 10_000_000);
    third = await draftLoan([asset('patent')], 3_000_000);
    await toContracts(second, { amount: 10_000_000, annualRatePercent: 12, termMonths: 12 }, 30_000);
    await toContracts(third, { amount: 3_000_000, annualRatePercent: 5, termMonths: 12 });
    await api.act(second, 'officer.binhai', 'register-pledge', 200, { data: { registrationNumber: 'Y2026120000456', registeredOn: TODAY } });
    expect(await pledged('patent')).toBe(true);
    const refused = await api.post(`/api/v1/applications/${third}/transitions`, 'officer.binhai', { action: 'register-pledge', data: { registrationNumber: 'Y2026120000789', registeredOn: TODAY } });
    expect(refused.status).toBe(409);
    expect(refused.body.details).toEqual([{ field: 'assets.ZL2021LOAN0001.1.IPP-FREE', message: 'unmet' }]);
    expect((await api.act(third, 'officer.binhai', 'reject', 200, { comment: '质押物已被质押，银行终止审批' })).status).toBe('rejected');
    expect(await pledged('patent')).toBe(true); // still pledged for the second loan
  });

  it('the interest subsidy of the year is capped at 500,000 per enterprise over all its loans (456,500 left)', async () => {
    await api.act(second, 'officer.binhai', 'disburse', 200, { data: { disbursedOn: TODAY, amount: 10_000_000 } });
    await api.post(`/api/v1/applications/${second}/repayments`, 'officer.binhai', { paidOn: TODAY, principal: 1_000_000, interest: 1_200_000 }).expect(201);
    const granted = await api.post(`/api/v1/applications/${second}/subsidies`, 'officer.binhai', { kind: 'interest', year: THIS_YEAR }).expect(201);
    // min(40% × 1,200,000 = 480,000, 500,000 − 43,500 granted on the first loan)
    expect(granted.body).toMatchObject({ base: 1_200_000, amount: 456_500 });
    const appraisal = await api.post(`/api/v1/applications/${second}/subsidies`, 'officer.binhai', { kind: 'appraisal' }).expect(201);
    expect(appraisal.body).toMatchObject({ base: 30_000, amount: 15_000 });
  });

  it('default → risk-fund compensation at the grade\'s share (grade D: 3 points, the fund bears nothing) → disposal releases the pledge', async () => {
    await api.post(`/api/v1/applications/${second}/transitions`, 'officer.binhai', { action: 'declare-default', data: { defaultOn: TODAY } }).expect(409);
    const defaulted = await api.act(second, 'officer.binhai', 'declare-default', 200, { comment: '连续两期未付息', data: { defaultOn: TODAY } });
    expect(defaulted).toMatchObject({ status: 'defaulted', dueOn: addWorkingDays(TODAY, 20, CAL), loan: { principalLoss: 9_000_000 } });
    await api.post(`/api/v1/applications/${second}/transitions`, 'officer.binhai', { action: 'compensate' }).expect(403);
    await api.post(`/api/v1/applications/${second}/transitions`, ent, { action: 'withdraw' }).expect(409);
    const compensated = await api.act(second, 'manager', 'compensate', 200, { data: { compensatedOn: TODAY } });
    // Graded at bank review: a Class I patent (3) + loan/appraisal 10M/12M = 83% (0) + no tier, no HNTE (0) + no enhancement (0) = 3 → D.
    expect(compensated.loan.riskGrade).toEqual({ grade: 'D', points: 3, fundShare: 0 });
    expect(compensated.loan).toMatchObject({ principalLoss: 9_000_000, fundCompensation: 0, bankLoss: 9_000_000, compensatedOn: TODAY });
    expect(compensated.history.at(-1).data).toMatchObject({ principalLoss: 9_000_000, fund: 0, bank: 9_000_000, fundShare: 0, riskGrade: 'D' });
    expect(await pledged('patent')).toBe(true);
    const disposed = await api.act(second, 'officer.binhai', 'dispose', 200, { data: { disposedOn: TODAY, proceeds: 2_000_000 } });
    expect(disposed).toMatchObject({ status: 'disposed', loan: { disposalProceeds: 2_000_000 } });
    expect(await pledged('patent')).toBe(false);
  });
});

describe('withdrawal before disbursement', () => {
  it('releases a registered pledge; after disbursement the enterprise can no longer withdraw', async () => {
    const id = await draftLoan([asset('software')], 2_000_000, 24);
    await toContracts(id, { amount: 2_000_000, annualRatePercent: 3.9, termMonths: 24 }, 0);
    await api.act(id, 'officer.binhai', 'register-pledge', 200, { data: { registrationNumber: 'Y2026120000999', registeredOn: TODAY } });
    expect(await pledged('software')).toBe(true);
    expect((await api.act(id, ent, 'withdraw', 200, { comment: '已获其他融资' })).status).toBe('withdrawn');
    expect(await pledged('software')).toBe(false);
    const other = await draftLoan([asset('software')], 1_000_000);
    await toContracts(other, { amount: 1_000_000, annualRatePercent: 3.5, termMonths: 12 });
    await api.act(other, 'officer.binhai', 'register-pledge', 200, { data: { registrationNumber: 'Y2026120001000', registeredOn: TODAY } });
    await api.act(other, 'officer.binhai', 'disburse', 200, { data: { disbursedOn: TODAY } });
    await api.post(`/api/v1/applications/${other}/transitions`, ent, { action: 'withdraw' }).expect(409);
    await api.post(`/api/v1/applications/${other}/transitions`, 'officer.binhai', { action: 'reject', comment: 'x' }).expect(409);
    // A valuation without a fee: its appraisal subsidy comes to 0.
    const zero = await api.get(`/api/v1/applications/${id}/subsidies/preview?kind=appraisal`, 'officer.binhai').expect(200);
    expect(zero.body).toMatchObject({ base: 0, amount: 0 });
  });

  it('hides a loan from other districts and other enterprises', async () => {
    const list = await api.get('/api/v1/applications?type=ip-pledge-loan&pageSize=200', 'officer.nankai').expect(200);
    expect(list.body.items.filter((a: { enterpriseId: number }) => a.enterpriseId === B.id)).toEqual([]);
    expect(list.body.items.every((a: { enterprise: { districtCode: string } }) => a.enterprise.districtCode === '120104')).toBe(true);
    const any = (await api.get('/api/v1/applications?type=ip-pledge-loan', ent)).body.items[0];
    await api.get(`/api/v1/applications/${any.id}`, 'officer.nankai').expect(404);
    await api.post(`/api/v1/applications/${any.id}/subsidies`, 'officer.nankai', { kind: 'appraisal' }).expect(404);
  });
});

describe('the loan page', () => {
  it('shows the loan, the repayments and the subsidies, and records a repayment through its form', async () => {
    const list = (await api.get('/api/v1/applications?type=ip-pledge-loan&status=post-loan-monitoring', ent)).body.items;
    const id = list[0].id;
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('质押贷款');
    expect(page.text).toContain('登记还款');
    await agent.post(`/applications/${id}/repayments`).type('form').send({ _csrf: csrfFrom(page.text), paidOn: TODAY, principal: '100,000', interest: '3,500' }).expect(303);
    const after = await agent.get(`/applications/${id}`).expect(200);
    expect(after.text).toContain('还款已登记。');
    expect(after.text).toContain('100,000.00 元');
    const entPage = await (await signIn(t, ent)).get(`/applications/${id}`).expect(200);
    expect(entPage.text).not.toContain('登记还款');
  });
});

describe('hostile numbers and characters are input errors, never 5xx', () => {
  it.each([
    ['a repayment of 1e-320 yuan', (id: number) => api.post(`/api/v1/applications/${id}/repayments`, 'officer.binhai', { paidOn: TODAY, principal: 1e-320, interest: 1000 })],
    ['a form with 1e-320 in the R&D detail', () => api.post('/api/v1/applications', ent, { enterpriseId: B.id, type: 'super-deduction-precheck', year: THIS_YEAR - 1, form: { ...CONTACT, rdExpenseDetail: { personnel: 1e-320 } } })],
    ['an e-mail of lone surrogates in a form', () => api.post('/api/v1/applications', ent, { enterpriseId: B.id, type: 'tier-recognition', tier: 'gazelle', year: THIS_YEAR, form: { ...CONTACT, contactEmail: '\ud800\ud800@\ud800.cn', mainProducts: 'x' } })],
    ['an invitation e-mail of lone surrogates', () => api.post('/api/v1/invitations', 'admin', { enterpriseId: B.id, suffix: 'x', email: '\ud800\ud800\ud800' })],
    ['inbox settings with lone surrogates', () => api.call('put', '/api/v1/notifications/settings', 'officer.binhai').send({ email: '\ud800\ud800', emailEnabled: true })],
  ])('%s → 400', async (_label, send) => {
    const monitored = (await api.get('/api/v1/applications?type=ip-pledge-loan&status=post-loan-monitoring', ent)).body.items[0];
    const res = await send(monitored.id);
    expect(res.status).toBe(400);
  });
});
