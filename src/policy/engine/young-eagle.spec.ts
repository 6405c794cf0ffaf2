import { describe, expect, it } from '@jest/globals';
import type { IpAssetFact, Outcome, QualificationFact } from './facts.js';
import { crit, drop, fy, golden, outcomeOf, run, type Draft, plain } from './testing/fixtures.js';

const valid = (kind: IpAssetFact['kind'], n = 1, extra: Partial<IpAssetFact> = {}): IpAssetFact[] =>
  Array.from({ length: n }, (_, i) => ({ kind, number: `${kind}-${i}`, status: 'valid', ...extra }));

/** Golden facts stripped of every path (no IP, no qualifications) plus the given ones. */
const pathFacts = (ip: IpAssetFact[], quals: QualificationFact[]) =>
  golden((f) => {
    f.ipAssets = ip;
    f.qualifications = quals;
  });

describe('young-eagle criteria', () => {
  // N = 2026: the window is 2018-01-01 … 2025-12-31.
  it.each<[string | undefined, Outcome]>([
    ['2018-01-01', 'met'],
    ['2017-12-31', 'unmet'],
    ['2025-12-31', 'met'],
    ['2026-01-01', 'unmet'],
    ['2022-06-15', 'met'],
    [undefined, 'missing'],
    ['2019-02-30', 'missing'],
  ])('YE-AGE established %s', (on, outcome) => {
    expect(outcomeOf('young-eagle', golden((f) => (f.enterprise.establishedOn = on)), 'YE-AGE')).toBe(outcome);
  });

  it('YE-AGE reports the window', () => {
    const c = crit(run('young-eagle', golden()), 'YE-AGE');
    expect(c).toMatchObject({ actual: '2019-05-20', required: '2018-01-01..2025-12-31', threshold: { from: '2018-01-01', to: '2025-12-31' } });
  });

  it('YE-AGE explains an enterprise established in year N', () => {
    const c = crit(run('young-eagle', golden((f) => (f.enterprise.establishedOn = '2026-01-10')), { locale: 'en' }), 'YE-AGE');
    expect(plain(c.explanation)).toBe('Established 2026-01-10, after 2025-12-31 (enterprises established in the evaluation year are not eligible)');
  });

  it.each<[number | undefined, Outcome]>([
    [100_000, 'met'],
    [99_999, 'unmet'],
    [99_999.99, 'unmet'],
    [0, 'unmet'],
    [undefined, 'missing'],
  ])('YE-REVENUE operating revenue N-1 %s', (revenue, outcome) => {
    const f = golden((f) => {
      if (revenue === undefined) drop(f, 2025, 'operatingRevenue');
      else fy(f, 2025).operatingRevenue = revenue;
    });
    expect(outcomeOf('young-eagle', f, 'YE-REVENUE')).toBe(outcome);
  });

  it('YE-REVENUE reports the shortfall in yuan', () => {
    const c = crit(run('young-eagle', golden((f) => (fy(f, 2025).operatingRevenue = 80_000))), 'YE-REVENUE');
    expect(c.shortfall).toEqual({ amount: 20_000, unit: 'yuan' });
    expect(plain(c.explanation)).toBe('2025 年营业收入 8 万元，需达到 10 万元：还差 2 万元');
  });
});

describe('YE-PATH sub-criteria', () => {
  it.each<[string, IpAssetFact[], Outcome]>([
    ['one valid Class I', valid('invention-patent'), 'met'],
    ['two valid Class II', [...valid('utility-model'), ...valid('software-copyright')], 'met'],
    ['one valid Class II', valid('design-patent'), 'unmet'],
    ['trademarks never count', valid('trademark', 5), 'unmet'],
    ['Class I expired the day before asOf', valid('new-drug', 1, { expiresOn: '2026-03-30' }), 'unmet'],
    ['Class I expiring on asOf', valid('ic-layout', 1, { expiresOn: '2026-03-31' }), 'met'],
    ['Class I pending', valid('invention-patent', 1, { status: 'pending' }), 'unmet'],
    ['Class I lapsed', valid('invention-patent', 1, { status: 'lapsed' }), 'unmet'],
    ['Class I invalidated', valid('invention-patent', 1, { status: 'invalidated' }), 'unmet'],
    ['Class I granted after asOf', valid('invention-patent', 1, { grantedOn: '2026-04-02' }), 'unmet'],
    ['no IP', [], 'unmet'],
  ])('YE-PATH-IP %s', (_name, ip, outcome) => {
    expect(outcomeOf('young-eagle', pathFacts(ip, []), 'YE-PATH-IP')).toBe(outcome);
  });

  it('YE-PATH-IP reports the nearer way to close the gap', () => {
    const c = crit(run('young-eagle', pathFacts(valid('utility-model'), []), { locale: 'en' }), 'YE-PATH-IP');
    expect(c.shortfall).toEqual({ count: 1, unit: 'items' });
    expect(c.partOf).toBe('YE-PATH');
  });

  const sw = (kind: QualificationFact['kind'], extra: Partial<QualificationFact> = {}): QualificationFact => ({ kind, on: '2024-01-01', ...extra });
  it.each<[string, QualificationFact[], Outcome]>([
    ['both certificates', [sw('software-enterprise-certificate'), sw('software-product-certificate')], 'met'],
    ['enterprise certificate only', [sw('software-enterprise-certificate')], 'unmet'],
    ['product certificate only', [sw('software-product-certificate')], 'unmet'],
    ['product certificate expired', [sw('software-enterprise-certificate'), sw('software-product-certificate', { validUntil: '2026-03-30' })], 'unmet'],
    ['product certificate valid until asOf', [sw('software-enterprise-certificate'), sw('software-product-certificate', { validUntil: '2026-03-31' })], 'met'],
  ])('YE-PATH-SOFTWARE %s', (_name, quals, outcome) => {
    expect(outcomeOf('young-eagle', pathFacts([], quals), 'YE-PATH-SOFTWARE')).toBe(outcome);
  });

  const award = (level: QualificationFact['level'], rank: QualificationFact['rank']): QualificationFact => ({ kind: 'contest-award', level, rank, on: '2024-09-01' });
  it.each<[string, QualificationFact[], IpAssetFact[], Outcome]>([
    ['national excellence award and one Class II', [award('national', 'excellence')], valid('utility-model'), 'met'],
    ['provincial third prize and one Class I', [award('provincial', 'third')], valid('invention-patent'), 'met'],
    ['provincial excellence award (below third)', [award('provincial', 'excellence')], valid('invention-patent'), 'unmet'],
    ['national first prize but no valid IP', [award('national', 'first')], [], 'unmet'],
    ['national first prize with a trademark only', [award('national', 'first')], valid('trademark'), 'unmet'],
    ['award without rank', [award('national', undefined)], valid('invention-patent'), 'missing'],
    ['award without level', [award(undefined, 'first')], valid('invention-patent'), 'missing'],
    ['award without rank and no IP', [award('national', undefined)], [], 'unmet'],
    ['no award', [], valid('invention-patent'), 'unmet'],
  ])('YE-PATH-CONTEST %s', (_name, quals, ip, outcome) => {
    expect(outcomeOf('young-eagle', pathFacts(ip, quals), 'YE-PATH-CONTEST')).toBe(outcome);
  });

  it.each<[string, QualificationFact[], Outcome]>([
    ['valid HNTE certificate', [{ kind: 'hnte-certificate', on: '2024-01-01' }], 'met'],
    ['Tianjin high-tech certificate', [{ kind: 'tianjin-high-tech-certificate', on: '2025-01-01' }], 'met'],
    ['expired HNTE certificate', [{ kind: 'hnte-certificate', on: '2022-01-01' }], 'unmet'],
    ['Tianjin certificate expired', [{ kind: 'tianjin-high-tech-certificate', on: '2022-01-01', validUntil: '2025-01-01' }], 'unmet'],
    ['none', [], 'unmet'],
  ])('YE-PATH-HIGHTECH %s', (_name, quals, outcome) => {
    expect(outcomeOf('young-eagle', pathFacts([], quals), 'YE-PATH-HIGHTECH')).toBe(outcome);
  });

  it.each<[string, string, QualificationFact['kind']]>([
    ['YE-PATH-AWARD', 'award', 'st-award'],
    ['YE-PATH-RDINST', 'R&D institution', 'rd-institution'],
    ['YE-PATH-PROJECT', 'plan project', 'st-project'],
  ])('%s: national and provincial count, others do not, no level is missing (%s)', (code, _what, kind) => {
    const outcomeFor = (level: QualificationFact['level']) =>
      outcomeOf('young-eagle', pathFacts([], [{ kind, level, on: '2023-01-01' }]), code);
    expect([outcomeFor('national'), outcomeFor('provincial'), outcomeFor('local'), outcomeFor(undefined)]).toEqual([
      'met',
      'met',
      'unmet',
      'missing',
    ]);
    expect(outcomeOf('young-eagle', pathFacts([], []), code)).toBe('unmet');
  });

  it.each<[QualificationFact['level'] | undefined, Outcome]>([
    ['international', 'met'],
    ['enterprise', 'met'],
    ['group', 'met'],
    [undefined, 'met'],
  ])('YE-PATH-STANDARD any level counts (%s)', (level, outcome) => {
    expect(outcomeOf('young-eagle', pathFacts([], [{ kind: 'standard-drafting', level, on: '2024-01-01' }]), 'YE-PATH-STANDARD')).toBe(outcome);
  });

  it.each<[string, QualificationFact[], Outcome]>([
    ['exactly 1,000,000', [{ kind: 'venture-investment', amount: 1_000_000, on: '2023-01-01' }], 'met'],
    ['one yuan below', [{ kind: 'venture-investment', amount: 999_999, on: '2023-01-01' }], 'unmet'],
    ['two smaller rounds do not add up', [{ kind: 'venture-investment', amount: 600_000 }, { kind: 'venture-investment', amount: 600_000 }], 'unmet'],
    ['amount missing', [{ kind: 'venture-investment', on: '2023-01-01' }], 'missing'],
    ['amount missing but another round qualifies', [{ kind: 'venture-investment' }, { kind: 'venture-investment', amount: 2_000_000 }], 'met'],
    ['invested after asOf', [{ kind: 'venture-investment', amount: 2_000_000, on: '2026-05-01' }], 'unmet'],
    ['none', [], 'unmet'],
  ])('YE-PATH-VC %s', (_name, quals, outcome) => {
    expect(outcomeOf('young-eagle', pathFacts([], quals), 'YE-PATH-VC')).toBe(outcome);
  });
});

describe('YE-PATH aggregate', () => {
  it.each<[string, IpAssetFact[], QualificationFact[], Outcome]>([
    ['one path met', valid('invention-patent'), [], 'met'],
    ['several paths met', valid('invention-patent'), [{ kind: 'st-project', level: 'national' }], 'met'],
    ['no path met', valid('utility-model'), [], 'unmet'],
    ['no path met, one undecided', [], [{ kind: 'st-award' }], 'missing'],
    ['one path met, another undecided', valid('invention-patent'), [{ kind: 'st-award' }], 'met'],
  ])('YE-PATH %s', (_name, ip, quals, outcome) => {
    expect(outcomeOf('young-eagle', pathFacts(ip, quals), 'YE-PATH')).toBe(outcome);
  });

  it('YE-PATH lists the paths met', () => {
    const r = run('young-eagle', pathFacts(valid('invention-patent'), [{ kind: 'st-project', level: 'national' }]));
    expect(crit(r, 'YE-PATH').actual).toEqual(['YE-PATH-IP', 'YE-PATH-PROJECT']);
  });

  it('YE-PATH unmet points at the IP path', () => {
    const c = crit(run('young-eagle', pathFacts(valid('utility-model'), [])), 'YE-PATH');
    expect(c.shortfall).toEqual({ count: 1, unit: 'items' });
    expect(plain(c.explanation)).toBe('九项条件均未满足；最接近的可能是知识产权：现有有效 I 类 0 项、II 类 1 项，再获 1 项 II 类知识产权即可');
  });

  it('YE-PATH reports every sub-code individually, after the aggregate', () => {
    const codes = run('young-eagle', golden()).criteria.map((c) => c.code);
    expect(codes).toEqual([
      'YE-REG',
      'YE-CREDIT',
      'YE-AGE',
      'YE-REVENUE',
      'YE-PATH',
      'YE-PATH-IP',
      'YE-PATH-SOFTWARE',
      'YE-PATH-CONTEST',
      'YE-PATH-HIGHTECH',
      'YE-PATH-AWARD',
      'YE-PATH-RDINST',
      'YE-PATH-STANDARD',
      'YE-PATH-VC',
      'YE-PATH-PROJECT',
    ]);
  });
});

describe('young-eagle programme', () => {
  it.each<[string, (f: Draft) => void, string]>([
    ['golden', () => {}, 'eligible'],
    ['established 2016', (f) => (f.enterprise.establishedOn = '2016-03-01'), 'ineligible'],
    ['registered outside Tianjin', (f) => (f.enterprise.districtCode = '110108'), 'ineligible'],
    ['revenue below 100,000', (f) => (fy(f, 2025).operatingRevenue = 50_000), 'ineligible'],
    ['no path', (f) => ((f.ipAssets = []), (f.qualifications = [])), 'ineligible'],
    ['establishment date unknown', (f) => delete f.enterprise.establishedOn, 'incomplete'],
    ['N-1 revenue missing', (f) => drop(f, 2025, 'operatingRevenue'), 'incomplete'],
    ['only an undecided path', (f) => ((f.ipAssets = []), (f.qualifications = [{ kind: 'venture-investment' }])), 'incomplete'],
    ['unmet beats missing', (f) => ((f.enterprise.establishedOn = '2010-01-01'), drop(f, 2025, 'operatingRevenue')), 'ineligible'],
  ])('YE %s → %s', (_name, patch, outcome) => {
    expect(run('young-eagle', golden(patch)).outcome).toBe(outcome);
  });

  it('YE has no provisional criterion with the default rule set', () => {
    const r = run('young-eagle', golden());
    expect(r.ruleSet.provisional).toBe(false);
    expect(r.criteria.some((c) => c.provisional)).toBe(false);
  });
});
