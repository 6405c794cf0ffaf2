import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RULE_SETS } from '../policy/engine/rule-sets.js';
import { evaluate } from '../policy/engine/evaluate.js';
import { ALL_PROGRAMS as PROGRAMS } from '../policy/engine/facts.js';
import { documentsOf, handbookIndex } from './handbook.view.js';

const AS_OF = '2026-06-30';
const info = (p: string) => {
  const rs = (DEFAULT_RULE_SETS as unknown as Record<string, { version: string; effectiveFrom?: string; provisional: readonly string[] }>)[p];
  return rs && { version: rs.version, effectiveFrom: rs.effectiveFrom, provisional: rs.provisional };
};
const book = (locale: 'zh-CN' | 'en', asOf = AS_OF) => handbookIndex(evaluate({ asOf, programs: PROGRAMS, facts: { enterprise: {} } }, DEFAULT_RULE_SETS, { locale }), info, locale);

describe('documentsOf', () => {
  it.each<[string, string[]]>([
    ['津科规〔2021〕3号', ['津科规〔2021〕3号']],
    ['国科发政〔2017〕115号 第六条（二）', ['国科发政〔2017〕115号']],
    ['财税〔2015〕119号 一、（二）', ['财税〔2015〕119号']],
    ['国科发火〔2016〕32号 第十一条（七）；国科发火〔2016〕195号', ['国科发火〔2016〕32号', '国科发火〔2016〕195号']],
    ['专利权质押登记办法 第十二条', ['专利权质押登记办法']],
  ])('%s', (reference, documents) => expect(documentsOf(reference)).toEqual(documents));
});

describe('handbookIndex (an empty file worded by the rule sets)', () => {
  it('has one entry per programme, in the engine order, each with criteria', () => {
    const items = book('zh-CN');
    expect(items.map((i) => i.programme)).toEqual([...PROGRAMS]);
    for (const i of items) expect(i.criteria.length).toBeGreaterThan(0);
  });

  it('labels criteria in the requested language and never shows a bare code as the label', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const c of book(locale).flatMap((i) => i.criteria)) {
        expect(c.label).not.toBe(c.code);
        expect(c.required.length).toBeGreaterThan(0);
      }
    }
  });

  it('marks sub-criteria and alternatives', () => {
    const ye = book('zh-CN').find((i) => i.programme === 'young-eagle')!;
    expect(ye.criteria.find((c) => c.code === 'YE-PATH-IP')?.sub).toBe(true);
    const ts = book('en').find((i) => i.programme === 'tech-sme')!;
    expect(ts.criteria.find((c) => c.code === 'TS-SCORE')?.alternatives ?? ts.criteria.find((c) => c.code === 'TS-DIRECT')?.alternatives).toMatch(/ or /);
  });

  it('names each programme\'s documents from its criteria references', () => {
    const hte = book('zh-CN').find((i) => i.programme === 'high-tech')!;
    expect(hte.documents).toEqual(['国科发火〔2016〕32号', '国科发火〔2016〕195号']);
  });

  it('says a programme is not yet in force before its first day', () => {
    const early = book('zh-CN', '2016-06-30').find((i) => i.programme === 'young-eagle')!;
    expect(early.inForce).toBe(false);
  });
});
