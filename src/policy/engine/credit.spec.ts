import { describe, expect, it } from '@jest/globals';
import type { CreditFlag, FlagKind, Outcome, Program } from './facts.js';
import { crit, golden, outcomeOf, run } from './testing/fixtures.js';

const withFlags = (...flags: CreditFlag[]) => golden((f) => (f.enterprise.flags = flags));

// N = 2026 (asOf 2026-03-31): flags count from 2025-01-01 to asOf inclusive.
describe.each<[Program, string, boolean]>([
  ['tech-sme', 'TS-CREDIT', true],
  ['young-eagle', 'YE-CREDIT', false],
  ['gazelle', 'GZ-CREDIT', false],
  ['leader-candidate', 'LC-CREDIT', false],
  ['leader', 'LD-CREDIT', false],
])('%s %s', (program, code, safetyCounts) => {
  it.each<[string, CreditFlag[], Outcome]>([
    ['no flags', [], 'met'],
    ['abnormal-operation on 1 January of N-1', [{ kind: 'abnormal-operation', on: '2025-01-01' }], 'unmet'],
    ['abnormal-operation on 31 December of N-2', [{ kind: 'abnormal-operation', on: '2024-12-31' }], 'met'],
    ['serious dishonesty in year N', [{ kind: 'serious-dishonesty', on: '2026-02-01' }], 'unmet'],
    ['research misconduct on asOf', [{ kind: 'research-misconduct', on: '2026-03-31' }], 'unmet'],
    ['research misconduct after asOf', [{ kind: 'research-misconduct', on: '2026-04-01' }], 'met'],
    ['undated dishonesty flag', [{ kind: 'serious-dishonesty', on: 'unknown' }], 'missing'],
    ['undated flag and a dated one', [{ kind: 'serious-dishonesty', on: '' }, { kind: 'abnormal-operation', on: '2025-05-05' }], 'unmet'],
  ])(`${code} %s`, (_name, flags, outcome) => {
    expect(outcomeOf(program, withFlags(...flags), code)).toBe(outcome);
  });

  it.each<[FlagKind]>([['major-accident'], ['environmental-violation']])(`${code} counts %s only for tech-SME`, (kind) => {
    expect(outcomeOf(program, withFlags({ kind, on: '2025-06-01' }), code)).toBe(safetyCounts ? 'unmet' : 'met');
  });

  it(`${code} absent flag list means none`, () => {
    expect(outcomeOf(program, golden((f) => delete (f.enterprise as { flags?: unknown }).flags), code)).toBe('met');
  });

  it(`${code} lists the flags found`, () => {
    const c = crit(run(program, withFlags({ kind: 'abnormal-operation', on: '2025-04-02' })), code);
    expect(c.actual).toEqual([{ kind: 'abnormal-operation', on: '2025-04-02' }]);
    expect(c.explanation).toBe('有不良记录：经营异常名录（2025-04-02）');
    expect((c.threshold as { from: string }).from).toBe('2025-01-01');
  });
});

describe.each<[Program, string]>([
  ['young-eagle', 'YE-REG'],
  ['gazelle', 'GZ-REG'],
  ['leader-candidate', 'LC-REG'],
  ['leader', 'LD-REG'],
])('%s %s', (program, code) => {
  it.each<[string | undefined, Outcome]>([
    ['120116', 'met'],
    ['120104', 'met'],
    ['110105', 'unmet'],
    ['310110', 'unmet'],
    ['', 'missing'],
    [undefined, 'missing'],
  ])(`${code} district %s`, (districtCode, outcome) => {
    expect(outcomeOf(program, golden((f) => (f.enterprise.districtCode = districtCode)), code)).toBe(outcome);
  });
});
