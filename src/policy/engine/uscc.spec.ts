import { describe, expect, it } from '@jest/globals';
import { normalizeUscc, usccCheckChar, usccIsValid } from './uscc.js';
import { int, prng } from './testing/fixtures.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('usccIsValid (rules.md §6)', () => {
  it.each([['91310110666007217T'], ['91350200776049653A']])('USCC %s passes', (code) => {
    expect(usccIsValid(code)).toBe(true);
  });

  it.each([
    ['check character changed', '91310110666007217U'],
    ['body character changed', '91310110666007218T'],
    ['first character changed', '81350200776049653A'],
    ['two characters swapped', '91310110666007271T'],
    ['letter outside the alphabet (I)', '9131011066600721IT'],
    ['letter outside the alphabet (O)', '91310110666O07217T'],
    ['lower case', '91350200776049653a'],
    ['17 characters', '91310110666007217'],
    ['19 characters', '91310110666007217TT'],
    ['empty', ''],
  ])('USCC fails: %s', (_name, code) => {
    expect(usccIsValid(code)).toBe(false);
  });

  it('USCC: the check character of the examples', () => {
    expect(usccCheckChar('91310110666007217')).toBe('T');
    expect(usccCheckChar('91350200776049653')).toBe('A');
    expect(usccCheckChar('9135020077604965S')).toBeNull();
  });

  it('USCC normalisation trims and upper-cases', () => {
    expect(normalizeUscc(' 91350200776049653a ')).toBe('91350200776049653A');
    expect(usccIsValid(normalizeUscc(' 91350200776049653a '))).toBe(true);
  });

  it('USCC property: any 17 characters plus their check character pass, and any one-character change fails', () => {
    const rand = prng(18);
    for (let n = 0; n < 300; n++) {
      let body = '';
      for (let i = 0; i < 17; i++) body += ALPHABET[int(rand, 0, 30)];
      const code = body + usccCheckChar(body)!;
      expect(usccIsValid(code)).toBe(true);
      const pos = int(rand, 0, 17);
      const old = code[pos]!;
      const replacement = ALPHABET[(ALPHABET.indexOf(old) + int(rand, 1, 30)) % 31]!;
      const changed = code.slice(0, pos) + replacement + code.slice(pos + 1);
      expect(usccIsValid(changed)).toBe(false);
    }
  });
});
