import { describe, expect, it } from '@jest/globals';
import {
  ACTIVITY_TYPES,
  CONTEST_RANKS,
  FLAG_KINDS,
  HIGH_TECH_FIELDS,
  IP_KINDS,
  OUTCOMES,
  PROGRAMS,
  PROGRAM_OUTCOMES,
  QUALIFICATION_KINDS,
  TIERS,
} from './facts.js';
import {
  ACTIVITY_TYPE_LABELS,
  CONTEST_RANK_LABELS,
  CRITERIA_BY_PROGRAM,
  RETIRED_CRITERIA,
  CRITERION_LABELS,
  FIELD_LABELS,
  FLAG_LABELS,
  HIGH_TECH_FIELD_LABELS,
  IP_KIND_LABELS,
  OUTCOME_LABELS,
  PROGRAM_LABELS,
  PROGRAM_OUTCOME_LABELS,
  QUALIFICATION_KIND_LABELS,
  TIER_LABELS,
  type Label,
} from './labels.js';
import { CATALOGUE_KEYS, paramMessage } from './messages.js';

const complete = (l: Label | undefined) => !!l && l['zh-CN'].length > 0 && l.en.length > 0;

describe('labels', () => {
  it('every criterion code of every programme has a label in both languages', () => {
    const codes = Object.values(CRITERIA_BY_PROGRAM).flat();
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(complete(CRITERION_LABELS[code])).toBe(true);
    expect(Object.keys(CRITERION_LABELS).sort()).toEqual([...codes, ...RETIRED_CRITERIA].sort());
  });

  it('the criterion labels read as in the UI', () => {
    expect(CRITERION_LABELS['YE-REVENUE']).toEqual({ 'zh-CN': '上年营业收入', en: 'Operating revenue N-1' });
  });

  it.each<[string, readonly string[], Readonly<Record<string, Label>>]>([
    ['programmes', PROGRAMS, PROGRAM_LABELS],
    ['tiers', TIERS, TIER_LABELS],
    ['outcomes', OUTCOMES, OUTCOME_LABELS],
    ['programme outcomes', PROGRAM_OUTCOMES, PROGRAM_OUTCOME_LABELS],
    ['flag kinds', FLAG_KINDS, FLAG_LABELS],
    ['high-tech fields', HIGH_TECH_FIELDS, HIGH_TECH_FIELD_LABELS],
    ['IP kinds', IP_KINDS, IP_KIND_LABELS],
    ['qualification kinds', QUALIFICATION_KINDS, QUALIFICATION_KIND_LABELS],
    ['contest ranks', CONTEST_RANKS, CONTEST_RANK_LABELS],
    ['activity types', ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS],
  ])('every value of %s has a label in both languages', (_name, values, labels) => {
    for (const v of values) expect(complete(labels[v])).toBe(true);
  });

  it('fields named in missing lists have labels', () => {
    for (const f of ['operatingRevenue', 'establishedOn', 'flags.on', 'expertScores.talent', 'rdExpenseDetail.projects', 'loanMaturity'])
      expect(complete(FIELD_LABELS[f])).toBe(true);
  });

  it('every parameter message exists in both languages', () => {
    for (const key of CATALOGUE_KEYS.params) {
      expect(paramMessage('zh-CN', key, 'x').length).toBeGreaterThan(0);
      expect(paramMessage('en', key, 'x').length).toBeGreaterThan(0);
    }
  });
});
