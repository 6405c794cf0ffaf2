import { describe, expect, it } from '@jest/globals';
import { criterionSources, subjectsOf } from './criterion-sources.js';
import { evaluate } from './engine/evaluate.js';
import { CRITERION_LABELS } from './engine/labels.js';
import { DEFAULT_RULE_SETS } from './engine/rule-sets.js';
import { AS_OF, golden } from './engine/testing/fixtures.js';

describe('the subjects a criterion reads', () => {
  it.each([
    ['TS-REG', []], ['TS-SIZE', ['financials']], ['TS-CREDIT', ['credit']], ['TS-SCORE', ['financials', 'ip-assets', 'qualifications']],
    ['YE-PATH-IP', ['ip-assets']], ['YE-PATH-VC', ['qualifications']], ['GZ-GROWTH', ['financials']], ['LC-IP', ['ip-assets']],
    ['HT-RD-DOMESTIC', ['financials']], ['HT-COMPLIANCE', ['credit']], ['HT-PS', ['financials']], ['SD-LEDGER', ['rd-ledger']], ['IPP-FREE', ['ip-assets']],
  ])('%s → %j', (code, subjects) => {
    expect(subjectsOf(code)).toEqual(subjects);
  });

  it('every criterion but the profile ones reads some subject', () => {
    const profileOnly = Object.keys(CRITERION_LABELS).filter((c) => subjectsOf(c).length === 0).sort();
    expect(profileOnly).toEqual(['GZ-REG', 'HT-AGE', 'HT-FIELD', 'LC-REG', 'LD-REG', 'RP-REG', 'SD-INDUSTRY', 'SD-TAX', 'TS-INDUSTRY', 'TS-REG', 'TS-TAX', 'YE-AGE', 'YE-REG']);
  });

  it('lists, per programme and criterion, the sources of the subjects it read', () => {
    const r = evaluate({ asOf: AS_OF, facts: golden() }, DEFAULT_RULE_SETS);
    const s = criterionSources(r, { financials: ['import', 'tax'], credit: ['credit-china'], 'rd-ledger': ['enterprise'] });
    expect(s['tech-sme']!['TS-SIZE']).toEqual(['import', 'tax']);
    expect(s['tech-sme']!['TS-CREDIT']).toEqual(['credit-china']);
    expect(s['tech-sme']!['TS-REG']).toEqual([]);
    expect(s['super-deduction']!['SD-LEDGER']).toEqual(['enterprise']);
    expect(s['high-tech']!['HT-IP']).toEqual([]);
  });
});
