import { describe, expect, it } from '@jest/globals';
import type { Outcome, Program } from './facts.js';
import { CRITERIA_BY_PROGRAM } from './labels.js';
import { PARAMS_2026_1 } from './params-2026-1.js';
import { CURRENT_EDITION, DEFAULT_PARAMS, DEFAULT_REFERENCES, DOCUMENT_DATES, PARAM_PROGRAMS, validateParams } from './params.js';
import { DEFAULT_RULE_SETS } from './rule-sets.js';
import { crit, golden, large, outcomeOf, run, type Draft } from './testing/fixtures.js';

/**
 * rules.md as corrected: "unknown is not none" (checked markers), `not-applicable` before a rule
 * set's document date, and every criterion's reference. One case per line, named after the code.
 */

const noIp = (checked: boolean | undefined) => (f: Draft) => ((f.ipAssets = []), (f.enterprise.ipChecked = checked));
const noQuals = (checked: boolean | undefined) => (f: Draft) => ((f.qualifications = []), (f.enterprise.qualificationsChecked = checked));
const noFlags = (checked: boolean | undefined) => (f: Draft) => ((f.enterprise.flags = []), (f.enterprise.creditChecked = checked));

describe('unknown is not none (api.md: ipChecked, qualificationsChecked, creditChecked)', () => {
  it.each<[string, Program, (f: Draft) => void, Outcome, 'golden' | 'large']>([
    ['YE-PATH-IP', 'young-eagle', noIp(true), 'unmet', 'golden'],
    ['YE-PATH-IP', 'young-eagle', noIp(false), 'missing', 'golden'],
    ['YE-PATH-IP', 'young-eagle', noIp(undefined), 'unmet', 'golden'],
    ['YE-PATH-IP', 'young-eagle', (f) => (f.enterprise.ipChecked = false), 'met', 'golden'],
    ['YE-PATH-HIGHTECH', 'young-eagle', noQuals(true), 'unmet', 'golden'],
    ['YE-PATH-HIGHTECH', 'young-eagle', noQuals(false), 'missing', 'golden'],
    ['YE-PATH-VC', 'young-eagle', noQuals(false), 'missing', 'golden'],
    ['YE-PATH-CONTEST', 'young-eagle', noIp(false), 'missing', 'golden'],
    ['LC-IP', 'leader-candidate', noIp(true), 'unmet', 'large'],
    ['LC-IP', 'leader-candidate', noIp(false), 'missing', 'large'],
    ['LD-IP', 'leader', noIp(false), 'missing', 'large'],
    ['LD-IP', 'leader', (f) => (f.enterprise.ipChecked = false), 'met', 'large'],
    ['HT-IP', 'high-tech', noIp(true), 'unmet', 'golden'],
    ['HT-IP', 'high-tech', noIp(false), 'missing', 'golden'],
    ['TS-DIRECT', 'tech-sme', noQuals(true), 'unmet', 'golden'],
    ['TS-DIRECT', 'tech-sme', noQuals(false), 'missing', 'golden'],
    ['TS-CREDIT', 'tech-sme', noFlags(false), 'missing', 'golden'],
    ['YE-CREDIT', 'young-eagle', noFlags(true), 'met', 'golden'],
    ['GZ-CREDIT', 'gazelle', noFlags(false), 'missing', 'golden'],
    ['HT-COMPLIANCE', 'high-tech', noFlags(true), 'met', 'golden'],
    ['HT-COMPLIANCE', 'high-tech', noFlags(false), 'missing', 'golden'],
  ])('%s %#', (code, program, patch, outcome, base) => {
    const f = base === 'golden' ? golden(patch) : large(patch);
    expect(outcomeOf(program, f, code)).toBe(outcome);
  });

  it('GZ-GROWTH: g short and no investment recorded — unmet when checked, missing when not', () => {
    const slow = (checked: boolean) =>
      golden((f) => {
        f.financials = f.financials.map((y) => ({ ...y, operatingRevenue: 10_000_000 }));
        f.qualifications = [];
        f.enterprise.qualificationsChecked = checked;
      });
    expect(outcomeOf('gazelle', slow(true), 'GZ-GROWTH')).toBe('unmet');
    expect(outcomeOf('gazelle', slow(false), 'GZ-GROWTH')).toBe('missing');
  });

  it('a criterion left open by an unchecked subject names what to collect', () => {
    const c = crit(run('high-tech', golden(noIp(false))), 'HT-IP');
    expect(c.missing).toEqual([{ field: 'ipAssets' }]);
    expect(c.explanation).toContain('缺少知识产权核查');
  });

  it('HT-SCORE: IP not checked widens the IP-count item to its top', () => {
    const checked = run('high-tech', golden(noIp(true))).score as { max: number };
    const unchecked = run('high-tech', golden(noIp(false))).score as { max: number };
    expect(unchecked.max).toBeGreaterThan(checked.max);
  });
});

describe('not-applicable before the first version in force (rules.md §12)', () => {
  it.each<[Program, string, string]>([
    ['tech-sme', '2017-05-02', 'not-applicable'],
    ['tech-sme', '2017-05-03', 'applies'],
    ['young-eagle', '2020-12-31', 'not-applicable'],
    ['young-eagle', '2021-01-01', 'applies'],
    ['gazelle', '2020-12-31', 'not-applicable'],
    ['leader-candidate', '2020-12-31', 'not-applicable'],
    ['leader', '2021-01-01', 'applies'],
    ['high-tech', '2015-12-31', 'not-applicable'],
    ['high-tech', '2016-01-01', 'applies'],
    ['super-deduction', '2015-12-31', 'not-applicable'],
  ])('%s at %s: %s', (program, asOf, expected) => {
    const r = run(program, golden(), { asOf });
    if (expected === 'applies') expect(r.outcome).not.toBe('not-applicable');
    else {
      expect(r).toMatchObject({ outcome: 'not-applicable', criteria: [] });
      expect(r.reason).toContain(DOCUMENT_DATES[program]);
    }
  });

  it('a not-applicable rung is not eligible, and the ladder still answers', () => {
    const r = run('young-eagle', golden(), { asOf: '2019-06-30' });
    expect(r.outcome).toBe('not-applicable');
  });

  it('a rule set without an effective date is always applied (callers that build their own)', () => {
    const rs = structuredClone(DEFAULT_RULE_SETS);
    delete rs['young-eagle'].effectiveFrom;
    expect(run('young-eagle', golden(), { asOf: '2019-06-30', ruleSets: rs }).outcome).not.toBe('not-applicable');
  });
});

describe('references (rules.md §12)', () => {
  it.each(PARAM_PROGRAMS.filter((p) => p !== 'ip-pledge').map((p) => [p] as [Program]))('%s: every criterion code has a reference', (program) => {
    for (const code of CRITERIA_BY_PROGRAM[program]) expect(DEFAULT_REFERENCES[program][code]).toBeTruthy();
  });

  it.each<[Program, string, string]>([
    ['high-tech', 'HT-RD', '国科发火〔2016〕32号 第十一条（五）'],
    ['high-tech', 'HT-COMPLIANCE', '国科发火〔2016〕32号 第十一条（八）'],
    ['young-eagle', 'YE-PATH-IP', '津科规〔2021〕3号'],
    ['super-deduction', 'SD-ACTIVITY', '财税〔2015〕119号 一、（二）'],
    ['super-deduction', 'SD-INDUSTRY', '财税〔2015〕119号 四'],
  ])('%s %s → %s in criteria[].reference', (program, code, reference) => {
    expect(crit(run(program, golden()), code).reference).toBe(reference);
  });

  it('2026.1 results carry no reference (they had none)', () => {
    expect(crit(run('high-tech', golden(), { ruleSets: { ...DEFAULT_RULE_SETS, 'high-tech': { version: '2026.1', params: PARAMS_2026_1['high-tech'], provisional: [] } } }), 'HT-RD').reference).toBeUndefined();
  });

  it('explanations switched off stay empty (no reference appended)', () => {
    expect(crit(run('tech-sme', golden(), { explanations: false }), 'TS-SIZE').explanation).toBe('');
  });
});

describe('rule-set params and editions', () => {
  it.each(PARAM_PROGRAMS.map((p) => [p]))('%s: the corrected defaults and the frozen 2026.1 params both validate', (program) => {
    expect(validateParams(program, DEFAULT_PARAMS[program], 'en')).toEqual([]);
    expect(validateParams(program, PARAMS_2026_1[program], 'en')).toEqual([]);
  });

  it.each<[string, string, (p: Record<string, any>) => void, string]>([
    ['edition beyond the engine', 'gazelle', (p) => (p.edition = CURRENT_EDITION + 1), 'edition'],
    ['edition 0', 'leader', (p) => (p.edition = 0), 'edition'],
    ['reference for an unknown code', 'high-tech', (p) => (p.references = { 'HT-XYZ': '32号' }), 'references.HT-XYZ'],
    ['empty reference', 'tech-sme', (p) => (p.references = { 'TS-REG': ' ' }), 'references.TS-REG'],
    ['edition 1 tech-sme without the negative list', 'tech-sme', (p) => (p.edition = 1), 'negativeList'],
    ['edition 2 super-deduction without the small low-profit rate', 'super-deduction', (p) => delete p.eitRateSmallLowProfit, 'eitRateSmallLowProfit'],
  ])('%s is reported', (_name, program, change, path) => {
    const p = structuredClone(DEFAULT_PARAMS[program as 'tech-sme']) as Record<string, any>;
    change(p);
    expect(validateParams(program as 'tech-sme', p, 'en').map((i) => i.path)).toContain(path);
  });
});
