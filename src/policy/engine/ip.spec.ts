import { describe, expect, it } from '@jest/globals';
import { CLASS_I_KINDS, CLASS_II_KINDS, type IpAssetFact } from './facts.js';
import { isClassI, isClassII, isIpValid, summarizeIp } from './ip.js';

describe('IP validity and classes (api.md, rules.md §6)', () => {
  const a = (extra: Partial<IpAssetFact>): IpAssetFact => ({ kind: 'invention-patent', status: 'valid', ...extra });
  it.each<[string, IpAssetFact, boolean]>([
    ['valid without expiry', a({}), true],
    ['expiring on asOf', a({ expiresOn: '2026-03-31' }), true],
    ['expired the day before', a({ expiresOn: '2026-03-30' }), false],
    ['pending', a({ status: 'pending' }), false],
    ['lapsed', a({ status: 'lapsed' }), false],
    ['invalidated', a({ status: 'invalidated' }), false],
    ['granted on asOf', a({ grantedOn: '2026-03-31' }), true],
    ['granted after asOf', a({ grantedOn: '2026-04-01' }), false],
  ])('an asset %s is valid: %s', (_name, asset, valid) => {
    expect(isIpValid(asset, '2026-03-31')).toBe(valid);
  });

  it('classes: six Class I kinds, three Class II kinds, trademarks in neither', () => {
    for (const k of CLASS_I_KINDS) expect([isClassI(k), isClassII(k)]).toEqual([true, false]);
    for (const k of CLASS_II_KINDS) expect([isClassI(k), isClassII(k)]).toEqual([false, true]);
    expect([isClassI('trademark'), isClassII('trademark')]).toEqual([false, false]);
  });

  it('summary counts valid items by class, use and acquisition', () => {
    const s = summarizeIp(
      [
        a({ acquisition: 'own', relatedToMainProducts: true }),
        a({ acquisition: 'acquired', status: 'lapsed' }),
        { kind: 'utility-model', status: 'valid', usedInHighTechApplication: true, acquisition: 'own' },
        { kind: 'software-copyright', status: 'valid', acquisition: 'acquired', relatedToMainProducts: true },
        { kind: 'design-patent', status: 'valid' },
        { kind: 'trademark', status: 'valid', acquisition: 'own', relatedToMainProducts: true },
      ],
      '2026-03-31',
    );
    expect(s).toEqual({
      classI: 1,
      classII: 3,
      classIIUnused: 2,
      classIRelated: 1,
      classIIRelated: 1,
      usableOwn: 1,
      usableAcquired: 1,
      usableAcquisitionUnknown: 1,
    });
  });
});
