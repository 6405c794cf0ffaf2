import { describe, expect, it } from '@jest/globals';
import { goldenForm, N } from '../../test/support/self-check-form.js';
import { evaluate } from './engine/evaluate.js';
import { DEFAULT_RULE_SETS } from './engine/rule-sets.js';
import { SELF_CHECK_IP, factsFromSelfCheck, formFromFacts, wanToYuan, yuanToWan } from './self-check.js';

describe('万元 ↔ yuan, exactly', () => {
  it.each([
    ['0', 0, '0'], ['1', 10_000, '1'], ['0.000001', 0.01, '0.000001'], ['1234.5678', 12_345_678, '1234.5678'], ['0.10', 1000, '0.1'],
    ['999999999.999999', 9_999_999_999_999.99, '999999999.999999'], ['1700', 17_000_000, '1700'], ['0.123456', 1234.56, '0.123456'],
  ])('%s 万元 = %d yuan', (wan, yuan, back) => {
    expect(wanToYuan(wan)).toBe(yuan);
    expect(yuanToWan(yuan)).toBe(back);
  });
});

describe('the self-check form', () => {
  it('round-trips through the facts', () => {
    const form = goldenForm();
    const again = formFromFacts(factsFromSelfCheck(form, N), N);
    // Checked IP: every kind is answered, a kind not entered as 0.
    const zeros = Object.fromEntries(SELF_CHECK_IP.map((k) => [`ip_${k}`, '0']));
    expect(again).toEqual({ ...zeros, ...form });
  });

  it('the golden form meets all but the leader tiers', () => {
    const r = evaluate({ asOf: `${N}-12-01`, facts: factsFromSelfCheck(goldenForm(), N) }, DEFAULT_RULE_SETS);
    expect(Object.fromEntries(r.results.map((p) => [p.program, p.outcome]))).toEqual({
      'tech-sme': 'eligible', 'young-eagle': 'eligible', gazelle: 'eligible', 'leader-candidate': 'ineligible', leader: 'ineligible', 'high-tech': 'eligible', 'super-deduction': 'eligible',
    });
  });

  it('a blank completeness answer leaves empty lists unknown, a blank ledger leaves no ledger', () => {
    const form = goldenForm();
    for (const k of Object.keys(form)) if (k.startsWith('rd_') || k === 'rdActivity' || k === 'ipChecked') delete form[k];
    const facts = factsFromSelfCheck(form, N);
    expect(facts.enterprise.ipChecked).toBe(false);
    expect(facts.rdExpenseDetail).toBeUndefined();
  });
});
