/**
 * Unified Social Credit Code (GB 32100-2015), rules.md §6: 18 characters over a 31-character
 * alphabet without I, O, S, V, Z; the 18th is a check character over the first 17.
 */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters, or null when one is outside the alphabet. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Strict check of a stored code: upper case, 18 characters, correct check character.
 * Callers normalise user input first (see normalizeUscc) — the stored form is upper case.
 */
export function usccIsValid(s: string): boolean {
  return typeof s === 'string' && s.length === 18 && usccCheckChar(s.slice(0, 17)) === s[17];
}

/** Trimmed and upper-cased, the form in which a USCC is stored and compared. */
export function normalizeUscc(s: string): string {
  return s.trim().toUpperCase();
}
