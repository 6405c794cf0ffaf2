import { describe, expect, it } from '@jest/globals';
import { createEvaluator, evaluate, evaluateAll } from './evaluate.js';
import { PROGRAMS, type Program } from './facts.js';
import { CRITERIA_BY_PROGRAM } from './labels.js';
import { DEFAULT_RULE_SETS } from './rule-sets.js';
import { API_EXAMPLE, apiExampleFacts } from './testing/api-example.js';
import { AS_OF, drop, fy, golden, large, type Draft, plain } from './testing/fixtures.js';

const evalAll = (facts: Draft | ReturnType<typeof apiExampleFacts>, programs?: Program[], locale: 'zh-CN' | 'en' = 'zh-CN') =>
  evaluate({ asOf: AS_OF, programs, facts }, DEFAULT_RULE_SETS, { locale });

describe('evaluate: the api.md example', () => {
  const res = evaluate({ asOf: API_EXAMPLE.asOf, programs: API_EXAMPLE.programs, facts: apiExampleFacts() }, DEFAULT_RULE_SETS);

  it('answers in the api.md response shape', () => {
    expect(res.asOf).toBe('2026-03-31');
    expect(res.evaluationYear).toBe(2026);
    expect(res.results.map((r) => r.program)).toEqual([...PROGRAMS]);
    for (const r of res.results) {
      expect(['eligible', 'ineligible', 'incomplete']).toContain(r.outcome);
      expect(r.ruleSet).toEqual({ version: 'default', provisional: r.program === 'gazelle' });
      for (const c of r.criteria) {
        expect(Object.keys(c).slice(0, 6)).toEqual(['code', 'outcome', 'actual', 'required', 'threshold', 'explanation']);
        expect(c.explanation.length).toBeGreaterThan(0);
        expect(c.required.length).toBeGreaterThan(0);
      }
    }
    expect(Object.keys(res.ladder)).toEqual(['highestEligibleTier', 'nextTier', 'gap']);
    expect(JSON.parse(JSON.stringify(res))).toEqual(res);
  });

  it.each(PROGRAMS.map((p) => [p]))('every criterion code of %s appears, in order', (program) => {
    const r = res.results.find((x) => x.program === program)!;
    expect(r.criteria.map((c) => c.code)).toEqual(CRITERIA_BY_PROGRAM[program]);
  });

  // Golden update (corrected rules): the example's USCC 91120116MA05XXXXXX is a placeholder that fails
  // its check character (TS-REG unmet) and it does not say whether it is in a restricted category
  // (TS-INDUSTRY missing); the 2025 listing (never removed) still blocks every rung.
  it('gives plausible outcomes: the abnormal-operation listing of 2025 blocks every rung', () => {
    const outcomes = Object.fromEntries(res.results.map((r) => [r.program, r.outcome]));
    expect(outcomes).toEqual({
      'tech-sme': 'ineligible',
      'young-eagle': 'ineligible',
      gazelle: 'ineligible',
      'leader-candidate': 'ineligible',
      leader: 'ineligible',
      'high-tech': 'incomplete',
      'super-deduction': 'eligible',
    });
    const ye = res.results[1]!;
    expect(ye.criteria.filter((c) => c.outcome !== 'met' && !c.partOf).map((c) => c.code)).toEqual(['YE-CREDIT']);
    expect(res.ladder).toMatchObject({ highestEligibleTier: null, nextTier: 'tech-sme' });
    expect(res.ladder.gap.map((g) => [g.code, g.outcome])).toEqual([
      ['TS-REG', 'unmet'],
      ['TS-INDUSTRY', 'missing'],
      ['TS-CREDIT', 'unmet'],
    ]);
  });

  it('high-tech: one year of figures leaves R&D undecided and the score a range', () => {
    const htr = res.results.find((r) => r.program === 'high-tech')!;
    const byCode = Object.fromEntries(htr.criteria.map((c) => [c.code, c.outcome]));
    expect(byCode).toMatchObject({ 'HT-STAFF': 'met', 'HT-PS': 'met', 'HT-RD': 'missing', 'HT-SCORE': 'uncertain' });
    expect(htr.score).toMatchObject({ min: 39, max: 90 });
  });

  it('super-deduction amount: rules.md caps "other" (api.md shows 1,030,000 for illustration)', () => {
    const sd = res.results.find((r) => r.program === 'super-deduction')!;
    expect(sd.amount).toMatchObject({ base: 968_888.89, rate: 1, extraDeduction: 968_888.89, eitRate: 0.25, taxSaving: 242_222.22 });
  });
});

describe('evaluate: requests and options', () => {
  it('reports only the requested programmes, in request order, once each', () => {
    const r = evaluate({ asOf: AS_OF, programs: ['high-tech', 'tech-sme', 'high-tech'], facts: golden() }, DEFAULT_RULE_SETS);
    expect(r.results.map((x) => x.program)).toEqual(['high-tech', 'tech-sme']);
  });

  it('defaults to all programmes', () => {
    expect(evalAll(golden()).results).toHaveLength(7);
  });

  it('the ladder does not depend on which programmes were requested', () => {
    expect(evalAll(golden(), ['super-deduction']).ladder).toEqual(evalAll(golden()).ladder);
  });

  it('explanations follow the locale; outcomes do not', () => {
    const zh = evalAll(golden(), undefined, 'zh-CN');
    const en = evalAll(golden(), undefined, 'en');
    expect(en.results.map((r) => r.outcome)).toEqual(zh.results.map((r) => r.outcome));
    expect(plain(zh.results[1]!.criteria[3]!.explanation)).toBe('2025 年营业收入 1,700 万元，不低于 10 万元');
    expect(plain(en.results[1]!.criteria[3]!.explanation)).toBe('Operating revenue 2025 ¥17M, at least ¥100,000');
    expect(en.results[1]!.criteria[3]!.required).toBe('≥ ¥100,000');
  });

  it('batch mode without explanations keeps outcomes and amounts', () => {
    const full = evalAll(golden());
    const lean = evaluate({ asOf: AS_OF, facts: golden() }, DEFAULT_RULE_SETS, { explanations: false });
    expect(lean.results.map((r) => r.outcome)).toEqual(full.results.map((r) => r.outcome));
    expect(lean.results[6]!.amount).toEqual(full.results[6]!.amount);
    expect(lean.results.flatMap((r) => r.criteria).every((c) => c.explanation === '')).toBe(true);
  });

  it('rejects an invalid asOf', () => {
    expect(() => evaluate({ asOf: '2026-02-30', facts: golden() }, DEFAULT_RULE_SETS)).toThrow(RangeError);
  });

  it('an empty file is incomplete or ineligible everywhere, never eligible, and does not throw', () => {
    const r = evaluate({ asOf: AS_OF, facts: { enterprise: {} } }, DEFAULT_RULE_SETS);
    for (const p of r.results) expect(p.outcome).not.toBe('eligible');
    expect(r.ladder.nextTier).toBe('tech-sme');
  });

  it('evaluation year N follows asOf: the same file a year later looks at other years', () => {
    const r = evaluate({ asOf: '2027-01-15', programs: ['young-eagle'], facts: golden() }, DEFAULT_RULE_SETS);
    expect(r.evaluationYear).toBe(2027);
    expect(r.results[0]!.criteria.find((c) => c.code === 'YE-REVENUE')!.outcome).toBe('missing'); // no 2026 figures
  });
});

describe('ladder', () => {
  it('golden: gazelle is the highest rung; the gap to leader-candidate is revenue and IP', () => {
    const { ladder } = evalAll(golden());
    expect(ladder.highestEligibleTier).toBe('gazelle');
    expect(ladder.nextTier).toBe('leader-candidate');
    expect(ladder.gap.map((g) => ({ ...g, explanation: plain(g.explanation) }))).toEqual([
      {
        code: 'LC-REVENUE',
        outcome: 'unmet',
        actual: 17_000_000,
        required: '≥ 2 亿元',
        shortfall: { amount: 183_000_000, unit: 'yuan' },
        explanation: '2025 年营业收入 1,700 万元，需达到 2 亿元：还差 1.83 亿元',
      },
      {
        code: 'LC-IP',
        outcome: 'unmet',
        actual: { items: 7, classI: 2, classII: 5 },
        required: 'I 类 + II 类 ≥ 15 项，或 I 类 ≥ 3 项',
        shortfall: { count: 1, unit: 'class-i-items' },
        explanation: '有效 I 类和 II 类知识产权 7 项（其中 I 类 2 项），需 15 项或 I 类 3 项：还差 8 项，或再获 1 项 I 类',
      },
    ]);
  });

  it('leader: the top rung has no next tier and no gap, even though tech-sme is out of reach', () => {
    const r = evalAll(large());
    expect(r.results[0]!.outcome).toBe('ineligible');
    expect(r.ladder).toEqual({ highestEligibleTier: 'leader', nextTier: null, gap: [] });
  });

  it('rungs are checked independently: failing tech-sme does not hide gazelle', () => {
    const r = evalAll(golden((f) => (f.enterprise.restrictedCategory = true)));
    expect(r.results[0]!.outcome).toBe('ineligible');
    expect(r.ladder.highestEligibleTier).toBe('gazelle');
  });

  it('nothing eligible: the next rung is tech-sme', () => {
    const none = evalAll(golden((f) => f.enterprise.flags.push({ kind: 'serious-dishonesty', on: '2025-02-02' })));
    expect(none.ladder.highestEligibleTier).toBeNull();
    expect(none.ladder.nextTier).toBe('tech-sme');
    expect(none.ladder.gap.map((g) => g.code)).toEqual(['TS-CREDIT']);
  });

  it('gap to tech-sme lists both alternatives when neither is met', () => {
    const f = golden((f) => {
      f.enterprise.flags.push({ kind: 'serious-dishonesty', on: '2025-02-02' });
      fy(f, 2025).stStaff = 9;
      f.qualifications = [];
    });
    expect(evalAll(f).ladder.gap.map((g) => g.code)).toEqual(['TS-CREDIT', 'TS-SCORE', 'TS-DIRECT']);
  });

  it('gap leaves out an alternative when the other is met', () => {
    const f = golden((f) => {
      f.enterprise.flags.push({ kind: 'serious-dishonesty', on: '2025-02-02' });
      fy(f, 2025).stStaff = 9; // score unmet, but the HNTE certificate qualifies directly
    });
    expect(evalAll(f).ladder.gap.map((g) => g.code)).toEqual(['TS-CREDIT']);
  });

  it('gap to young-eagle shows YE-PATH, not its nine sub-codes', () => {
    const f = golden((f) => {
      f.enterprise.establishedOn = '2012-01-01'; // too old for young eagle
      f.ipAssets = [{ kind: 'utility-model', status: 'valid' }];
      f.qualifications = [];
      fy(f, 2025).operatingRevenue = 9e6; // not a gazelle
    });
    const { ladder } = evalAll(f);
    expect(ladder.highestEligibleTier).toBe('tech-sme');
    expect(ladder.nextTier).toBe('young-eagle');
    expect(ladder.gap.map((g) => g.code)).toEqual(['YE-AGE', 'YE-PATH']);
    expect(ladder.gap[1]!.shortfall).toEqual({ count: 1, unit: 'items' });
  });

  it('gap items carry what is missing', () => {
    const f = golden((f) => drop(f, 2024, 'operatingRevenue'));
    const { ladder } = evalAll(f);
    expect(ladder.highestEligibleTier).toBe('young-eagle');
    expect(ladder.nextTier).toBe('gazelle');
    const growth = ladder.gap.find((g) => g.code === 'GZ-GROWTH')!;
    expect(growth.outcome).toBe('missing');
    expect(growth.shortfall).toBeNull();
    expect(growth.missing).toEqual([{ field: 'operatingRevenue', year: 2024 }]);
    expect(plain(growth.explanation)).toBe('无法判断：缺少 2024 年营业收入');
  });
});

describe('batch helpers', () => {
  it('evaluateAll yields one response per request, lazily', () => {
    const requests = [golden(), large()].map((facts) => ({ asOf: AS_OF, facts }));
    const out = [...evaluateAll(requests, DEFAULT_RULE_SETS, { explanations: false })];
    expect(out.map((r) => r.ladder.highestEligibleTier)).toEqual(['gazelle', 'leader']);
    const ev = createEvaluator(DEFAULT_RULE_SETS, { locale: 'en' });
    expect(plain(ev(requests[0]!).results[0]!.criteria[1]!.explanation)).toBe('2025: 100 employees, sales ¥17M, total assets ¥39M, all within the limits');
  });
});
