import { describe, expect, it } from '@jest/globals';
import type { CreditFlag, FlagKind, Outcome, Program } from './facts.js';
import { crit, golden, LEGACY, outcomeOf, run, plain } from './testing/fixtures.js';

const withFlags = (...flags: CreditFlag[]) => golden((f) => (f.enterprise.flags = flags));

// Corrected rules (edition 2), N = 2026, asOf 2026-03-31: listings by their status on asOf; events
// (research misconduct; for TS also accidents and environmental violations) from 2025-01-01 to asOf.
describe.each<[Program, string, boolean]>([
  ['tech-sme', 'TS-CREDIT', true],
  ['young-eagle', 'YE-CREDIT', false],
  ['gazelle', 'GZ-CREDIT', false],
  ['leader-candidate', 'LC-CREDIT', false],
  ['leader', 'LD-CREDIT', false],
])('%s %s (corrected)', (program, code, safetyCounts) => {
  it.each<[string, CreditFlag[], Outcome]>([
    ['no flags', [], 'met'],
    ['listed 2022, never removed', [{ kind: 'abnormal-operation', listedOn: '2022-03-01' }], 'unmet'],
    ['listed 2022 (as `on`), never removed', [{ kind: 'abnormal-operation', on: '2022-03-01' }], 'unmet'],
    ['listed on asOf', [{ kind: 'serious-dishonesty', listedOn: '2026-03-31' }], 'unmet'],
    ['listed the day after asOf', [{ kind: 'serious-dishonesty', listedOn: '2026-04-01' }], 'met'],
    ['removed the day before asOf', [{ kind: 'abnormal-operation', listedOn: '2025-02-01', removedOn: '2026-03-30' }], 'met'],
    ['removed on asOf', [{ kind: 'abnormal-operation', listedOn: '2025-02-01', removedOn: '2026-03-31' }], 'met'],
    ['removed the day after asOf', [{ kind: 'abnormal-operation', listedOn: '2025-02-01', removedOn: '2026-04-01' }], 'unmet'],
    ['removed, listing date unknown', [{ kind: 'abnormal-operation', removedOn: '2025-12-01' }], 'met'],
    ['listing date unknown, not removed', [{ kind: 'abnormal-operation', removedOn: '2026-05-01' }], 'missing'],
    ['research misconduct on 1 January of N-1', [{ kind: 'research-misconduct', on: '2025-01-01' }], 'unmet'],
    ['research misconduct on 31 December of N-2', [{ kind: 'research-misconduct', on: '2024-12-31' }], 'met'],
    ['research misconduct after asOf', [{ kind: 'research-misconduct', on: '2026-04-01' }], 'met'],
  ])(`${code} %s`, (_name, flags, outcome) => {
    expect(outcomeOf(program, withFlags(...flags), code)).toBe(outcome);
  });

  it.each<[FlagKind]>([['major-accident'], ['environmental-violation']])(`${code} counts %s in N-1 only for tech-SME`, (kind) => {
    expect(outcomeOf(program, withFlags({ kind, on: '2025-06-01' }), code)).toBe(safetyCounts ? 'unmet' : 'met');
  });

  it.each<[string, boolean | undefined, CreditFlag[], Outcome]>([
    ['checked, nothing found', true, [], 'met'],
    ['never checked, nothing recorded', false, [], 'missing'],
    ['never checked, a listing recorded', false, [{ kind: 'abnormal-operation', listedOn: '2024-01-01' }], 'unmet'],
    ['no marker: the list as given', undefined, [], 'met'],
  ])(`${code} credit %s`, (_name, creditChecked, flags, outcome) => {
    expect(outcomeOf(program, golden((f) => ((f.enterprise.flags = flags), (f.enterprise.creditChecked = creditChecked))), code)).toBe(outcome);
  });

  it(`${code} names the listing and when it began`, () => {
    const c = crit(run(program, withFlags({ kind: 'abnormal-operation', listedOn: '2022-04-02' })), code);
    expect(c.actual).toEqual([{ kind: 'abnormal-operation', on: '2022-04-02' }]);
    expect(plain(c.explanation)).toBe('有不良记录：经营异常名录（2022-04-02）');
  });
});

// 2026.1 (edition 1), reproduced as recorded: every kind counted from 2025-01-01 to asOf inclusive.
describe.each<[Program, string, boolean]>([
  ['tech-sme', 'TS-CREDIT', true],
  ['young-eagle', 'YE-CREDIT', false],
  ['gazelle', 'GZ-CREDIT', false],
  ['leader-candidate', 'LC-CREDIT', false],
  ['leader', 'LD-CREDIT', false],
])('%s %s (2026.1)', (program, code, safetyCounts) => {
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
    expect(outcomeOf(program, withFlags(...flags), code, undefined, LEGACY)).toBe(outcome);
  });

  it.each<[FlagKind]>([['major-accident'], ['environmental-violation']])(`${code} counts %s only for tech-SME`, (kind) => {
    expect(outcomeOf(program, withFlags({ kind, on: '2025-06-01' }), code, undefined, LEGACY)).toBe(safetyCounts ? 'unmet' : 'met');
  });

  it(`${code} absent flag list means none`, () => {
    expect(outcomeOf(program, golden((f) => delete (f.enterprise as { flags?: unknown }).flags), code, undefined, LEGACY)).toBe('met');
  });

  it(`${code} lists the flags found`, () => {
    const c = crit(run(program, withFlags({ kind: 'abnormal-operation', on: '2025-04-02' }), { ruleSets: LEGACY }), code);
    expect(c.actual).toEqual([{ kind: 'abnormal-operation', on: '2025-04-02' }]);
    expect(plain(c.explanation)).toBe('有不良记录：经营异常名录（2025-04-02）');
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
