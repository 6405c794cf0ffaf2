import { describe, expect, it } from '@jest/globals';
import type { Outcome } from './facts.js';
import { appraisalSubsidy, evaluateIpPledge, interestSubsidy, riskCompensation, type PledgedAsset } from './ip-pledge.js';
import { DEFAULT_PARAMS } from './params.js';

const P = DEFAULT_PARAMS['ip-pledge'];
const PLEDGOR = '91350200776049653A';
const GOOD: PledgedAsset = {
  kind: 'invention-patent',
  number: 'ZL201910000001.1',
  status: 'valid',
  expiresOn: '2039-05-01',
  ownerUscc: PLEDGOR,
  pledged: false,
  disputed: false,
  coOwners: [],
  feesPaid: true,
};

const check = (asset: Partial<PledgedAsset>, code: string, request: { pledgorUscc?: string; loanMaturity?: string } = {}): Outcome => {
  const r = evaluateIpPledge(
    { asOf: '2026-03-31', pledgorUscc: PLEDGOR, loanMaturity: '2029-03-31', ...request, assets: [{ ...GOOD, ...asset }] },
    P,
  );
  return r.assets[0]!.criteria.find((c) => c.code === code)!.outcome;
};

describe('IP-pledge prerequisites (rules.md §5.1)', () => {
  it.each<[string, Partial<PledgedAsset>, { pledgorUscc?: string }, Outcome]>([
    ['owner is the pledgor', {}, {}, 'met'],
    ['owner written in lower case', { ownerUscc: PLEDGOR.toLowerCase() }, {}, 'met'],
    ['owner is someone else', { ownerUscc: '91310110666007217T' }, {}, 'unmet'],
    ['owner unknown', { ownerUscc: undefined }, {}, 'missing'],
    ['pledgor unknown', {}, { pledgorUscc: undefined }, 'missing'],
  ])('IPP-OWNER %s', (_name, asset, request, outcome) => {
    expect(check(asset, 'IPP-OWNER', request)).toBe(outcome);
  });

  it.each<[string, Partial<PledgedAsset>, Outcome]>([
    ['granted, in force, fees paid', {}, 'met'],
    ['pending application', { status: 'pending' }, 'unmet'],
    ['lapsed', { status: 'lapsed' }, 'unmet'],
    ['invalidated', { status: 'invalidated' }, 'unmet'],
    ['expired before asOf', { expiresOn: '2026-03-30' }, 'unmet'],
    ['fees not paid', { feesPaid: false }, 'unmet'],
    ['fee status unknown for a patent', { feesPaid: undefined }, 'missing'],
    ['fee status unknown for a software copyright (no annual fees)', { kind: 'software-copyright', feesPaid: undefined }, 'met'],
    ['a trademark can be pledged', { kind: 'trademark' }, 'met'],
    ['a new drug certificate is not a pledgeable kind', { kind: 'new-drug' }, 'unmet'],
    ['status unknown', { status: undefined }, 'missing'],
  ])('IPP-VALID %s', (_name, asset, outcome) => {
    expect(check(asset, 'IPP-VALID')).toBe(outcome);
  });

  it.each<[string, Partial<PledgedAsset>, Outcome]>([
    ['free', {}, 'met'],
    ['already pledged', { pledged: true }, 'unmet'],
    ['disputed or frozen', { disputed: true }, 'unmet'],
    ['pledge status unknown', { pledged: undefined }, 'missing'],
    ['pledged, dispute unknown', { pledged: true, disputed: undefined }, 'unmet'],
  ])('IPP-FREE %s', (_name, asset, outcome) => {
    expect(check(asset, 'IPP-FREE')).toBe(outcome);
  });

  it.each<[string, Partial<PledgedAsset>, { loanMaturity?: string }, Outcome]>([
    ['loan matures before expiry', {}, {}, 'met'],
    ['loan matures on the expiry date', { expiresOn: '2029-03-31' }, {}, 'met'],
    ['loan matures one day after expiry', { expiresOn: '2029-03-30' }, {}, 'unmet'],
    ['expiry unknown', { expiresOn: undefined }, {}, 'missing'],
    ['maturity unknown', {}, { loanMaturity: undefined }, 'missing'],
  ])('IPP-TERM %s', (_name, asset, request, outcome) => {
    expect(check(asset, 'IPP-TERM', request)).toBe(outcome);
  });

  it.each<[string, Partial<PledgedAsset>, Outcome]>([
    ['solely owned', {}, 'met'],
    ['co-owners absent', { coOwners: undefined }, 'met'],
    ['co-owners consented', { coOwners: ['A', 'B'], coOwnersConsented: true }, 'met'],
    ['co-owners refused', { coOwners: ['A'], coOwnersConsented: false }, 'unmet'],
    ['consent unknown', { coOwners: ['A'] }, 'missing'],
  ])('IPP-COOWNERS %s', (_name, asset, outcome) => {
    expect(check(asset, 'IPP-COOWNERS')).toBe(outcome);
  });
});

describe('evaluateIpPledge', () => {
  it('IPP evaluates every asset and the package as a whole', () => {
    const r = evaluateIpPledge(
      { asOf: '2026-03-31', pledgorUscc: PLEDGOR, loanMaturity: '2029-03-31', assets: [GOOD, { ...GOOD, number: 'X', pledged: true }] },
      P,
      { locale: 'en' },
    );
    expect(r.assets.map((a) => a.outcome)).toEqual(['eligible', 'ineligible']);
    expect(r.outcome).toBe('ineligible');
    expect(r.assets[0]!.criteria.map((c) => c.code)).toEqual(['IPP-OWNER', 'IPP-VALID', 'IPP-FREE', 'IPP-TERM', 'IPP-COOWNERS']);
    expect(r.assets[1]!.criteria[2]!.explanation).toBe('Already pledged (ref. 专利权质押登记办法 第十二条)');
    expect(r.assets[1]!.criteria[2]!.reference).toBe('专利权质押登记办法 第十二条');
  });

  it('IPP with no assets is incomplete; unknowns make it incomplete', () => {
    expect(evaluateIpPledge({ asOf: '2026-03-31', assets: [] }, P).outcome).toBe('incomplete');
    expect(evaluateIpPledge({ asOf: '2026-03-31', pledgorUscc: PLEDGOR, assets: [GOOD] }, P).outcome).toBe('incomplete');
  });

  it('IPP rejects an invalid asOf', () => {
    expect(() => evaluateIpPledge({ asOf: '31/03/2026', assets: [] }, P)).toThrow(RangeError);
  });
});

describe('IP-pledge supports (rules.md §5.3, provisional defaults)', () => {
  it.each<[number, number, number]>([
    [100_000, 0, 40_000],
    [1_250_000, 0, 500_000],
    [2_000_000, 0, 500_000],
    [1_000_000, 300_000, 200_000],
    [1_000_000, 600_000, 0],
    [-5, 0, 0],
  ])('interest subsidy on %d paid (%d already granted this year) is %d', (paid, already, subsidy) => {
    expect(interestSubsidy(paid, P, already)).toBe(subsidy);
  });

  it.each<[number, number]>([
    [60_000, 30_000],
    [100_000, 50_000],
    [150_000, 50_000],
  ])('appraisal subsidy on a fee of %d is %d', (fee, subsidy) => {
    expect(appraisalSubsidy(fee, P)).toBe(subsidy);
  });

  it('risk compensation splits a principal loss 40 / 60', () => {
    expect(riskCompensation(1_000_000.01, P)).toEqual({ fund: 400_000, bank: 600_000.01 });
  });
});
