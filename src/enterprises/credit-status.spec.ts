import { describe, expect, it } from '@jest/globals';
import { flagCategory, flagFact, listedOn } from './credit-status.js';

const AS_OF = '2026-03-31';

describe('flagFact: a stored flag as the engine sees it at asOf', () => {
  it.each([
    ['listing still standing → dated asOf (listed on the evaluation date)', { kind: 'abnormal-operation', listedOn: '2022-05-01' }, { kind: 'abnormal-operation', on: AS_OF, listedOn: '2022-05-01' }],
    ['listing removed before asOf → not in force', { kind: 'abnormal-operation', listedOn: '2022-05-01', removedOn: '2026-01-10' }, null],
    ['listing removed on asOf → not in force', { kind: 'serious-dishonesty', listedOn: '2022-05-01', removedOn: AS_OF }, null],
    ['listing removed after asOf → in force', { kind: 'serious-dishonesty', listedOn: '2022-05-01', removedOn: '2026-06-01' }, { kind: 'serious-dishonesty', on: AS_OF, listedOn: '2022-05-01', removedOn: '2026-06-01' }],
    ['listing after asOf → keeps its date (the engine ignores it)', { kind: 'abnormal-operation', listedOn: '2026-05-01' }, { kind: 'abnormal-operation', on: '2026-05-01', listedOn: '2026-05-01' }],
    ['event keeps its date', { kind: 'major-accident', listedOn: '2025-07-01' }, { kind: 'major-accident', on: '2025-07-01', listedOn: '2025-07-01' }],
    ['misconduct keeps its date', { kind: 'research-misconduct', listedOn: '2021-02-01' }, { kind: 'research-misconduct', on: '2021-02-01', listedOn: '2021-02-01' }],
  ])('%s', (_label, flag, expected) => {
    expect(flagFact(flag, AS_OF)).toEqual(expected);
  });
});

describe('flagCategory and listedOn', () => {
  it.each([
    ['abnormal-operation', 'listing'],
    ['serious-dishonesty', 'listing'],
    ['research-misconduct', 'event'],
    ['major-accident', 'event'],
    ['environmental-violation', 'event'],
  ])('%s is a %s', (kind, category) => expect(flagCategory(kind)).toBe(category));

  it.each([
    ['2024-01-01', null, '2024-01-01', true],
    ['2024-01-01', null, '2023-12-31', false],
    ['2024-01-01', '2024-06-01', '2024-05-31', true],
    ['2024-01-01', '2024-06-01', '2024-06-01', false],
  ])('listed %s, removed %s: in force on %s → %s', (l, r, date, expected) => expect(listedOn({ listedOn: l, removedOn: r }, date)).toBe(expected));
});
