import { describe, expect, it } from '@jest/globals';
import type { Outcome } from './facts.js';
import { allOf, and, anyOf, or, programOutcome } from './outcome.js';

describe('combining outcomes', () => {
  it.each<[Outcome, Outcome, Outcome]>([
    ['met', 'met', 'met'],
    ['met', 'unmet', 'unmet'],
    ['missing', 'unmet', 'unmet'],
    ['met', 'missing', 'missing'],
    ['uncertain', 'missing', 'missing'],
    ['met', 'uncertain', 'uncertain'],
  ])('and(%s, %s) = %s', (a, b, r) => {
    expect(and(a, b)).toBe(r);
    expect(and(b, a)).toBe(r);
  });

  it.each<[Outcome, Outcome, Outcome]>([
    ['unmet', 'unmet', 'unmet'],
    ['met', 'unmet', 'met'],
    ['met', 'missing', 'met'],
    ['unmet', 'missing', 'missing'],
    ['unmet', 'uncertain', 'uncertain'],
    ['missing', 'uncertain', 'missing'],
  ])('or(%s, %s) = %s', (a, b, r) => {
    expect(or(a, b)).toBe(r);
    expect(or(b, a)).toBe(r);
  });

  it('allOf / anyOf of nothing', () => {
    expect(allOf([])).toBe('met');
    expect(anyOf([])).toBe('unmet');
  });

  it.each<[Outcome, string]>([
    ['met', 'eligible'],
    ['unmet', 'ineligible'],
    ['missing', 'incomplete'],
    ['uncertain', 'incomplete'],
  ])('programme outcome of %s is %s', (o, p) => {
    expect(programOutcome(o)).toBe(p);
  });
});
