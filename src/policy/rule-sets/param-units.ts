import { Decimal } from 'decimal.js';

/**
 * Exact conversions between what the engine stores (fractions, yuan) and what a person types on the
 * rule-set form (percent, 万元). Decimal arithmetic on the shortest decimal text of the double, so
 * 3 % is 0.03 exactly as the literal, never 0.030000000000000002, and a value shown and submitted
 * unchanged comes back as the same double. Pure.
 */

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** The text typed, as a decimal, or undefined when it is not a plain decimal number. */
export function parseDecimal(text: string): Decimal | undefined {
  const t = text.trim().replace(/^\+/, '');
  return NUMBER.test(t) ? new Decimal(t) : undefined;
}

const shown = (v: number, shift: number) => new Decimal(String(v)).times(new Decimal(10).pow(shift)).toFixed();
const stored = (d: Decimal, shift: number) => d.div(new Decimal(10).pow(shift)).toNumber();

/** 0.03 → "3". */
export const percentFromFraction = (v: number): string => shown(v, 2);
/** "3" → 0.03. */
export const fractionFromPercent = (d: Decimal): number => stored(d, 2);
/** 100000 (yuan) → "10" (万元). */
export const wanFromYuan = (v: number): string => shown(v, -4);
/** "10" (万元) → 100000 (yuan). */
export const yuanFromWan = (d: Decimal): number => stored(d, -4);
