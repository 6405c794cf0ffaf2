import { describe, expect, it } from '@jest/globals';
import type { SrdiFacts } from '../policy/engine/facts.js';
import { wanToYuan, yuanToWan } from '../policy/self-check.js';
import { applyFact, decodeFact, encodeFact, type SrdiFactName } from './srdi-facts.js';
import { srdiFormFromFacts, srdiFromSelfCheck } from './srdi-self-check.js';

const TODAY = '2026-03-31';

describe('SRDI facts as stored text', () => {
  it.each<[SrdiFactName, unknown, string | null]>([
    ['nicheMarket', ' 工业视觉 ', '工业视觉'],
    ['nicheMarket', '', null],
    ['nicheSince', '2020-01-01', '2020-01-01'],
    ['nicheSince', '2026-04-01', null],
    ['nicheSince', '2020-02-30', null],
    ['strategicEmergingIndustry', true, 'true'],
    ['strategicEmergingIndustry', 'yes', null],
    ['srdiScore', 72.5, '72.5'],
    ['srdiScore', 100, '100'],
    ['srdiScore', 100.01, null],
    ['srdiScore', 72.555, null],
    ['rdInstitution', 'joint', 'joint'],
    ['rdInstitution', 'rented', null],
    ['highValueClassI', 3, '3'],
    ['highValueClassI', 1.5, null],
    ['makerChinaTop500Year', 'never', 'never'],
    ['makerChinaTop500Year', 2024, '2024'],
    ['makerChinaTop500Year', 2027, null],
  ])('%s %j → %j', (fact, value, text) => {
    const r = encodeFact(fact, value, TODAY);
    expect(r.ok ? r.text : null).toBe(text);
  });

  it.each<[SrdiFactName, string, unknown]>([
    ['strategicEmergingIndustry', 'false', false],
    ['srdiScore', '72.5', 72.5],
    ['makerChinaTop500Year', 'never', 'never'],
    ['strategicEmergingIndustry', 'maybe', undefined],
  ])('reads %s %s back as %j', (fact, text, value) => {
    expect(decodeFact(fact, text)).toBe(value);
  });

  it.each<[string, string, boolean, Partial<SrdiFacts>]>([
    ['a verified key link counts', 'keyChainLink', true, { keyChainLink: true }],
    ['an unverified key link stays unknown', 'keyChainLink', false, {}],
    ['never in the top 500 is null', 'makerChinaTop500Year', false, { makerChinaTop500Year: null }],
    ['an unknown fact name is ignored', '__proto__', false, {}],
  ])('%s', (_n, fact, verified, expected) => {
    const s: SrdiFacts = {};
    applyFact(s, fact, fact === 'makerChinaTop500Year' ? 'never' : 'true', verified);
    expect(s).toEqual(expected);
  });
});

describe('the self-check’s SRDI questions', () => {
  it('nothing answered: no SRDI facts (unknown)', () => {
    expect(srdiFromSelfCheck({}, 2026, wanToYuan)).toBeUndefined();
  });

  it('answers become facts, equity in 万元 per year, and the form reads them back', () => {
    const form = { srdiInnovativeUntil: '2027-05-31', srdiNicheSince: '2020-01-01', srdiScore: '72', srdiRdInstitution: 'own', srdiEquity_1: '2000.5', srdiRdStaff: '40' };
    const s = srdiFromSelfCheck(form, 2026, wanToYuan)!;
    expect(s).toMatchObject({ nicheSince: '2020-01-01', srdiScore: 72, rdInstitution: 'own', recognitions: [{ program: 'innovative-sme', validUntil: '2027-05-31' }] });
    expect(s.years).toEqual([{ year: 2025, equityFinancing: 20_005_000, rdStaff: 40 }, { year: 2024, equityFinancing: 0 }, { year: 2023, equityFinancing: 0 }]);
    expect(srdiFormFromFacts({ enterprise: {}, srdi: s }, 2026, yuanToWan)).toMatchObject({ ...form, srdiEquity_2: '0', srdiEquity_3: '0' });
  });
});
