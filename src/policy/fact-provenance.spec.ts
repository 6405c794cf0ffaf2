import { describe, expect, it } from '@jest/globals';
import { AUTHORITATIVE_SOURCES, FACT_SOURCES, IMPORT_SOURCES, isAuthoritative } from './fact-provenance.js';
import { criterionSources } from './criterion-sources.js';
import { evaluate } from './engine/evaluate.js';
import { DEFAULT_RULE_SETS } from './engine/rule-sets.js';
import { AS_OF, golden } from './engine/testing/fixtures.js';

describe('isAuthoritative (rules.md §0)', () => {
  it.each<[unknown, boolean]>([
    ['tax', true],
    ['market-regulation', true],
    ['ip-office', true],
    ['statistics', true],
    ['credit-china', true],
    ['officer', true],
    ['enterprise', false],
    ['import', false],
    ['Tax', false],
    ['manual', false],
    ['', false],
    [null, false],
    [undefined, false],
  ])('%j → %s', (source, expected) => {
    expect(isAuthoritative(source as string | null | undefined)).toBe(expected);
  });

  it('every authoritative and import source is a fact source; an import never claims enterprise or officer', () => {
    for (const s of [...AUTHORITATIVE_SOURCES, ...IMPORT_SOURCES]) expect(FACT_SOURCES).toContain(s);
    expect(IMPORT_SOURCES).not.toContain('enterprise');
    expect(IMPORT_SOURCES).not.toContain('officer');
  });
});

describe('IP and qualification provenance reaches the criteria that read them', () => {
  const r = evaluate({ asOf: AS_OF, facts: golden() }, DEFAULT_RULE_SETS);
  const s = criterionSources(r, { financials: ['tax'], 'ip-assets': ['ip-office', 'import'], qualifications: ['officer'] });
  it.each<[string, string, string[]]>([
    ['high-tech', 'HT-IP', ['import', 'ip-office']],
    ['tech-sme', 'TS-SCORE', ['import', 'ip-office', 'officer', 'tax']],
    ['tech-sme', 'TS-REG', []],
  ])('%s %s → %j', (program, code, expected) => {
    expect(s[program]![code]).toEqual(expected);
  });
});
