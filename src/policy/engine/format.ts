import type { Locale } from './facts.js';

/**
 * Number formatting for explanations (only messages.ts calls these). Hand-rolled rather than
 * Intl so that a batch of 120,000 evaluations spends no time in locale machinery.
 */

function group(intPart: string): string {
  let out = '';
  for (let i = 0; i < intPart.length; i++) {
    if (i > 0 && (intPart.length - i) % 3 === 0) out += ',';
    out += intPart[i];
  }
  return out;
}

/** Up to `decimals` decimals, trailing zeros trimmed, thousands grouped: 1234.5 → "1,234.5". */
export function fmtNumber(n: number, decimals = 2): string {
  const neg = n < 0;
  let s = Math.abs(n).toFixed(decimals);
  if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  const dot = s.indexOf('.');
  const body = dot < 0 ? group(s) : group(s.slice(0, dot)) + s.slice(dot);
  return neg && body !== '0' ? `-${body}` : body;
}

/** zh-CN: "2 亿元" / "180 万元" / "5,000 元"; en: "¥1.8M" / "¥100,000". */
export function fmtMoney(locale: Locale, yuan: number): string {
  const abs = Math.abs(yuan);
  if (locale === 'zh-CN') {
    // 亿 only for whole-ish amounts of 亿 (limits such as 2 亿元); otherwise 万元 as tables show.
    if (abs >= 100_000_000 && abs % 1_000_000 === 0) return `${fmtNumber(yuan / 100_000_000, 2)} 亿元`;
    return abs >= 10_000 ? `${fmtNumber(yuan / 10_000, 2)} 万元` : `${fmtNumber(yuan, 2)} 元`;
  }
  const sign = yuan < 0 ? '-' : '';
  return abs >= 1_000_000 ? `${sign}¥${fmtNumber(abs / 1_000_000, 2)}M` : `${sign}¥${fmtNumber(abs, 2)}`;
}

/**
 * A fraction as a percentage: one decimal when that is exact ("3.0%", "2.1%"), else two
 * ("2.95%") so that a value just under a threshold never prints as the threshold itself.
 */
export function fmtPct(fraction: number): string {
  const pct = fraction * 100;
  const one = Math.round(pct * 10) / 10;
  return Math.abs(pct - one) < 1e-9 ? `${one.toFixed(1)}%` : `${pct.toFixed(2)}%`;
}

/** Percentage points between two fractions. */
export function fmtPp(locale: Locale, fraction: number): string {
  const pp = fraction * 100;
  const one = Math.round(pp * 10) / 10;
  const s = Math.abs(pp - one) < 1e-9 ? one.toFixed(1) : pp.toFixed(2);
  return locale === 'zh-CN' ? `${s} 个百分点` : `${s} pp`;
}

export function fmtCount(n: number): string {
  return fmtNumber(n, 2);
}
