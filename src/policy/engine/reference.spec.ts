import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RULE_SETS, withReference } from './rule-sets.js';
import type { CreditFlag, Outcome } from './facts.js';
import { crit, golden, run } from './testing/fixtures.js';

// Reference numbers that are data, not rules (reference_setting), reach the criteria through the rule sets.
// The look-back window dates events (research misconduct); listings count by their status on asOf.
// N = 2026 (asOf 2026-03-31).
const withRef = (creditLookbackYears: number, divisionPrefix = '12') => withReference(DEFAULT_RULE_SETS, { creditLookbackYears, divisionPrefix });

describe('credit look-back window from data', () => {
  it.each<[string, number, CreditFlag[], Outcome, string]>([
    ['seeded window 1: a flag of N-1 counts', 1, [{ kind: 'research-misconduct', on: '2025-06-01' }], 'unmet', '2025-01-01'],
    ['seeded window 1: a flag of N-2 does not', 1, [{ kind: 'research-misconduct', on: '2024-06-01' }], 'met', '2025-01-01'],
    ['window 2: a flag of N-2 counts', 2, [{ kind: 'research-misconduct', on: '2024-06-01' }], 'unmet', '2024-01-01'],
    ['window 2: a flag of N-3 does not', 2, [{ kind: 'research-misconduct', on: '2023-12-31' }], 'met', '2024-01-01'],
    ['window 0: only year N counts', 0, [{ kind: 'research-misconduct', on: '2025-12-31' }], 'met', '2026-01-01'],
    ['window 0: a flag of year N counts', 0, [{ kind: 'research-misconduct', on: '2026-01-02' }], 'unmet', '2026-01-01'],
  ])('%s', (_name, years, flags, outcome, from) => {
    const c = crit(run('young-eagle', golden((f) => (f.enterprise.flags = flags)), { ruleSets: withRef(years) }), 'YE-CREDIT');
    expect([c.outcome, (c.threshold as { from: string }).from]).toEqual([outcome, from]);
  });
});

describe('division prefix from data', () => {
  it.each<[string, string, string, Outcome]>([
    ['Tianjin code, seeded prefix', '120116', '12', 'met'],
    ['Beijing code, seeded prefix', '110105', '12', 'unmet'],
    ['Tianjin code, a longer prefix that matches', '120116', '1201', 'met'],
    ['Tianjin code, another prefix', '120116', '11', 'unmet'],
  ])('%s', (_name, districtCode, prefix, outcome) => {
    const c = crit(run('young-eagle', golden((f) => (f.enterprise.districtCode = districtCode)), { ruleSets: withRef(1, prefix) }), 'YE-REG');
    expect([c.outcome, c.threshold]).toEqual([outcome, { districtCodePrefix: prefix }]);
  });

  it('rule sets without reference numbers use the seeded ones', () => {
    expect(crit(run('young-eagle', golden((f) => (f.enterprise.districtCode = '110105'))), 'YE-REG').outcome).toBe('unmet');
  });
});
