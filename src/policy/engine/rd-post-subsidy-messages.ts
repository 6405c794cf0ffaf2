import type { Speaker } from './criteria-shapes.js';
import type { Locale } from './facts.js';
import { fmtMoney, fmtPct } from './format.js';
import { lookupTable } from '../../common/own-key.js';

/**
 * The R&D post-subsidy's sentences (rules.md §8), zh-CN and en — a catalogue of its own beside
 * messages.ts, as srdi-messages.ts. Rules pass numbers; formatting happens here.
 */

type Template<V> = Readonly<Record<Locale, (v: V) => string>>;
const t = <V>(zh: (v: V) => string, en: (v: V) => string): Template<V> => ({ 'zh-CN': zh, en });
const zhM = (n: number) => fmtMoney('zh-CN', n);
const enM = (n: number) => fmtMoney('en', n);

const RP_EXPLANATIONS = lookupTable({
  'status.met': t<{ year: number; via: 'tech-sme-listing' | 'hnte-certificate' }>(
    (v) => `${v.year} 年${v.via === 'hnte-certificate' ? '持有有效的高新技术企业证书' : '为有效的科技型中小企业'}`,
    (v) => `${v.via === 'hnte-certificate' ? 'A valid HNTE certificate' : 'A valid tech-SME listing'} in ${v.year}`,
  ),
  'status.unmet': t<{ year: number }>(
    (v) => `${v.year} 年既不是有效的科技型中小企业，也没有有效的高新技术企业证书`,
    (v) => `Neither a tech-SME listing nor an HNTE certificate valid in ${v.year}`,
  ),
  'claimed.met': t<{ year: number }>(
    (v) => `已有 ${v.year} 年研发辅助账（已申报加计扣除）`,
    (v) => `The R&D ledger of ${v.year} is on file (super-deduction claimed)`,
  ),
  'claimed.unmet': t<{ year: number }>(
    (v) => `没有 ${v.year} 年研发辅助账，未申报加计扣除`,
    (v) => `No R&D ledger of ${v.year}: the super-deduction was not claimed`,
  ),
  'growth.met': t<{ year: number; rd: number; prior: number; amount: number; capped: boolean }>(
    (v) => `${v.year} 年研发投入 ${zhM(v.rd)}，高于上一年的 ${zhM(v.prior)}；后补助 ${zhM(v.amount)}${v.capped ? '（已达上限）' : ''}`,
    (v) => `R&D ${enM(v.rd)} in ${v.year}, above ${enM(v.prior)} the year before; post-subsidy ${enM(v.amount)}${v.capped ? ' (capped)' : ''}`,
  ),
  'growth.unmet': t<{ year: number; rd: number; prior: number }>(
    (v) => `${v.year} 年研发投入 ${zhM(v.rd)}，未高于上一年的 ${zhM(v.prior)}`,
    (v) => `R&D ${enM(v.rd)} in ${v.year}, not above ${enM(v.prior)} the year before`,
  ),
});

const RP_REQUIRED = lookupTable({
  status: t<{ year: number }>(
    (v) => `${v.year} 年为有效的科技型中小企业或持有有效的高新技术企业证书`,
    (v) => `A valid tech-SME listing or HNTE certificate in ${v.year}`,
  ),
  claimed: t<{ year: number }>(
    (v) => `${v.year} 年已申报研发费用加计扣除（有研发辅助账）`,
    (v) => `Super-deduction claimed for ${v.year} (R&D ledger on file)`,
  ),
  growth: t<{ year: number; rate: number; cap: number }>(
    (v) => `${v.year} 年研发投入高于 ${v.year - 1} 年；后补助 = 增量 × ${fmtPct(v.rate)}，最高 ${zhM(v.cap)}`,
    (v) => `R&D of ${v.year} above ${v.year - 1}; post-subsidy = increase × ${fmtPct(v.rate)}, at most ${enM(v.cap)}`,
  ),
});

export type RpMessageKey = keyof typeof RP_EXPLANATIONS;
export type RpMessageVars<K extends RpMessageKey> = Parameters<(typeof RP_EXPLANATIONS)[K]['en']>[0];
export type RpRequiredKey = keyof typeof RP_REQUIRED;
export type RpRequiredVars<K extends RpRequiredKey> = Parameters<(typeof RP_REQUIRED)[K]['en']>[0];

/** The explanation in the context's locale, or '' when a batch switched explanations off. */
export function sayRp<K extends RpMessageKey>(ctx: Speaker, key: K, vars: RpMessageVars<K>): string {
  return ctx.explain ? (RP_EXPLANATIONS[key][ctx.locale] as (v: RpMessageVars<K>) => string)(vars) : '';
}

export function requiredRp<K extends RpRequiredKey>(sp: Speaker, key: K, vars: RpRequiredVars<K>): string {
  if (!sp.explain) return '';
  return (RP_REQUIRED[key][sp.locale] as (v: RpRequiredVars<K>) => string)(vars);
}

/** For tests: every key renders in both locales. */
export const RP_CATALOGUE_KEYS = {
  explanations: Object.keys(RP_EXPLANATIONS) as RpMessageKey[],
  required: Object.keys(RP_REQUIRED) as RpRequiredKey[],
};
