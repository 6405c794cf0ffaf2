import type { Speaker } from './criteria-shapes.js';
import type { Locale, SrdiProgram } from './facts.js';
import { fmtCount, fmtMoney, fmtPct } from './format.js';
import { PROGRAM_LABELS } from './labels.js';
import { lookupTable } from '../../common/own-key.js';

/**
 * The SRDI programmes' sentences (rules.md §7), zh-CN and en — a catalogue of its own beside
 * messages.ts so that the two ladders' texts do not share one long file. Rules pass numbers;
 * formatting happens here.
 */

type Template<V> = Readonly<Record<Locale, (v: V) => string>>;
const t = <V>(zh: (v: V) => string, en: (v: V) => string): Template<V> => ({ 'zh-CN': zh, en });
const zhM = (n: number) => fmtMoney('zh-CN', n);
const enM = (n: number) => fmtMoney('en', n);
const P = fmtPct;
const zhYears = (from: number, to: number) => (from === to ? `${to} 年` : `${from}–${to} 年`);
const enYears = (from: number, to: number) => (from === to ? `${to}` : `${from}–${to}`);
const prog = (p: SrdiProgram, l: Locale) => PROGRAM_LABELS[p][l];

/** Route names of the direct qualifications (IN-DIRECT, SP-DIRECT). */
const ROUTES: Readonly<Record<string, Readonly<Record<Locale, string>>>> = lookupTable({
  'st-award': { 'zh-CN': '近年国家或省级科技奖励', en: 'a recent national or provincial S&T award' },
  'hnte-certificate': { 'zh-CN': '有效的高新技术企业证书', en: 'a valid HNTE certificate' },
  'innovation-title': { 'zh-CN': '技术创新示范企业或知识产权优势/示范企业', en: 'an innovation-demonstration or IP advantage/demonstration title' },
  'rd-institution': { 'zh-CN': '省级以上研发机构', en: 'a provincial-or-higher R&D institution' },
  equity: { 'zh-CN': '合格机构投资者股权融资', en: 'equity financing from qualified investors' },
  'avg-rd': { 'zh-CN': '近两年研发费用平均额', en: 'average R&D over the last two years' },
  'maker-china': { 'zh-CN': '创客中国大赛全国 500 强', en: 'the 创客中国 national top 500' },
});
const routes = (l: Locale, rs: readonly string[]) => rs.map((r) => ROUTES[r]?.[l] ?? r).join(l === 'zh-CN' ? '、' : ', ');

type ScoreParts = Readonly<Record<string, number | null>>;
const PART_NAMES: Readonly<Record<string, Readonly<Record<Locale, string>>>> = lookupTable({
  ip: { 'zh-CN': '知识产权', en: 'IP' },
  rd: { 'zh-CN': '研发强度', en: 'R&D intensity' },
  growth: { 'zh-CN': '主营收入增长', en: 'main-business growth' },
  debt: { 'zh-CN': '资产负债率', en: 'debt ratio' },
  sei: { 'zh-CN': '战略性新兴产业', en: 'strategic emerging industry' },
  main: { 'zh-CN': '主营收入占比', en: 'main-business share' },
});
const parts = (l: Locale, p: ScoreParts) =>
  Object.entries(p)
    .map(([k, v]) => `${PART_NAMES[k]?.[l] ?? k} ${v === null ? '?' : fmtCount(v)}`)
    .join(l === 'zh-CN' ? '，' : ', ');

const SRDI_EXPLANATIONS = lookupTable({
  'inSme.met': t<{ year: number; employees: number; revenue: number }>(
    (v) => `${v.year} 年从业人员 ${v.employees} 人、营业收入 ${zhM(v.revenue)}，属于中小企业`,
    (v) => `${v.employees} employees and operating revenue ${enM(v.revenue)} in ${v.year}: an SME`,
  ),
  'inSme.unmet': t<{ year: number; employees: number; revenue: number; employeesBelow: number; revenueBelow: number }>(
    (v) => `${v.year} 年从业人员 ${v.employees} 人、营业收入 ${zhM(v.revenue)}，须低于 ${v.employeesBelow} 人且低于 ${zhM(v.revenueBelow)}`,
    (v) => `${v.employees} employees and revenue ${enM(v.revenue)} in ${v.year}; needs fewer than ${v.employeesBelow} and below ${enM(v.revenueBelow)}`,
  ),
  'score.met': t<{ total: number; passMark: number; parts: ScoreParts }>(
    (v) => `得分 ${fmtCount(v.total)} 分（${parts('zh-CN', v.parts)}），达到 ${v.passMark} 分`,
    (v) => `Score ${fmtCount(v.total)} (${parts('en', v.parts)}), at least ${v.passMark}`,
  ),
  'score.unmet': t<{ max: number; passMark: number; short: number; parts: ScoreParts }>(
    (v) => `得分最多 ${fmtCount(v.max)} 分（${parts('zh-CN', v.parts)}），须达到 ${v.passMark} 分：差 ${fmtCount(v.short)} 分`,
    (v) => `Score at most ${fmtCount(v.max)} (${parts('en', v.parts)}), needs ${v.passMark}: ${fmtCount(v.short)} points short`,
  ),
  'score.options': t<{ max: number; passMark: number; short: number; options: string }>(
    (v) => `得分 ${fmtCount(v.max)} 分，须达到 ${v.passMark} 分（差 ${fmtCount(v.short)} 分）；可行办法：${v.options}`,
    (v) => `Score ${fmtCount(v.max)}, needs ${v.passMark} (${fmtCount(v.short)} short); ways to close it: ${v.options}`,
  ),
  'direct.met': t<{ routes: readonly string[] }>(
    (v) => `满足直接认定条件：${routes('zh-CN', v.routes)}`,
    (v) => `Qualifies directly: ${routes('en', v.routes)}`,
  ),
  'direct.unmet': t<Record<string, never>>(
    () => '不满足任何直接认定条件',
    () => 'No direct qualification applies',
  ),
  'recognition.met': t<{ program: SrdiProgram; validUntil: string }>(
    (v) => `持有有效的${prog(v.program, 'zh-CN')}认定（有效期至 ${v.validUntil}）`,
    (v) => `Holds a valid ${prog(v.program, 'en')} recognition (until ${v.validUntil})`,
  ),
  'recognition.unmet': t<{ program: SrdiProgram }>(
    (v) => `没有有效期内的${prog(v.program, 'zh-CN')}认定`,
    (v) => `No valid ${prog(v.program, 'en')} recognition`,
  ),
  'niche.met': t<{ market: string; since: string; min: number }>(
    (v) => `自 ${v.since} 起从事细分市场“${v.market}”，已满 ${v.min} 年`,
    (v) => `In the niche market “${v.market}” since ${v.since}: at least ${v.min} years`,
  ),
  'niche.unmet': t<{ market: string; since: string; min: number; reachOn: string }>(
    (v) => `自 ${v.since} 起从事细分市场“${v.market}”，未满 ${v.min} 年（${v.reachOn} 满）`,
    (v) => `In the niche market “${v.market}” since ${v.since}: not yet ${v.min} years (reached on ${v.reachOn})`,
  ),
  'spRd.result': t<{ year: number; rd: number; ratio: number; rdMin: number; min: number; met: boolean; shortAmount: number }>(
    (v) =>
      `${v.year} 年研发费用 ${zhM(v.rd)}、占营业收入 ${P(v.ratio)}，须不低于 ${zhM(v.rdMin)} 且不低于 ${P(v.min)}` +
      (v.met ? '' : `：还需增加研发投入 ${zhM(v.shortAmount)}`),
    (v) => `R&D ${enM(v.rd)} in ${v.year}, ${P(v.ratio)} of operating revenue; needs at least ${enM(v.rdMin)} and ${P(v.min)}` + (v.met ? '' : `: ${enM(v.shortAmount)} more R&D`),
  ),
  'spRevenue.result': t<{ year: number; revenue: number | null; min: number; equity: number | null; equityMin: number; from: number; to: number; met: boolean }>(
    (v) =>
      `${v.year} 年营业收入 ${v.revenue === null ? '未知' : zhM(v.revenue)}（须 ≥ ${zhM(v.min)}），${zhYears(v.from, v.to)}股权融资 ${v.equity === null ? '未知' : zhM(v.equity)}（须 ≥ ${zhM(v.equityMin)}）` +
      (v.met ? '，满足其一' : ''),
    (v) =>
      `Operating revenue ${v.revenue === null ? 'unknown' : enM(v.revenue)} in ${v.year} (needs ≥ ${enM(v.min)}), equity financing ${enYears(v.from, v.to)} ${v.equity === null ? 'unknown' : enM(v.equity)} (needs ≥ ${enM(v.equityMin)})` +
      (v.met ? ': one suffices' : ''),
  ),
  'srdiScore.result': t<{ score: number; passMark: number; met: boolean }>(
    (v) => `专精特新评分 ${fmtCount(v.score)} 分，${v.met ? '达到' : '须达到'} ${v.passMark} 分`,
    (v) => `SRDI score ${fmtCount(v.score)}, ${v.met ? 'at least' : 'needs'} ${v.passMark}`,
  ),
  'share.result': t<{ year: number; ratio: number; min: number; met: boolean }>(
    (v) => `${v.year} 年主营业务收入占营业收入 ${P(v.ratio)}，${v.met ? '不低于' : '须不低于'} ${P(v.min)}`,
    (v) => `Main-business revenue ${P(v.ratio)} of operating revenue in ${v.year}, ${v.met ? 'at least' : 'needs'} ${P(v.min)}`,
  ),
  'mainGrowth.result': t<{ from: number; to: number; g: number; min: number; met: boolean }>(
    (v) => `${zhYears(v.from, v.to)}主营业务收入平均增长率 ${P(v.g)}，${v.met ? '不低于' : '须不低于'} ${P(v.min)}`,
    (v) => `Average main-business revenue growth ${enYears(v.from, v.to)} ${P(v.g)}, ${v.met ? 'at least' : 'needs'} ${P(v.min)}`,
  ),
  'debt.result': t<{ year: number; ratio: number; max: number; met: boolean }>(
    (v) => `${v.year} 年资产负债率 ${P(v.ratio)}，${v.met ? '不高于' : '须不高于'} ${P(v.max)}`,
    (v) => `Debt ratio ${P(v.ratio)} in ${v.year}, ${v.met ? 'at most' : 'needs at most'} ${P(v.max)}`,
  ),
  'lgRd.intensity': t<{ revenue: number; from: number; to: number; ratios: readonly number[]; min: number; met: boolean }>(
    (v) => `上年营业收入 ${zhM(v.revenue)}：${zhYears(v.from, v.to)}研发强度 ${v.ratios.map(P).join('、')}，${v.met ? '每年均不低于' : '须每年不低于'} ${P(v.min)}`,
    (v) => `Operating revenue ${enM(v.revenue)} last year: R&D intensity ${enYears(v.from, v.to)} ${v.ratios.map(P).join(', ')}, ${v.met ? 'each at least' : 'needs each at least'} ${P(v.min)}`,
  ),
  'lgRd.small': t<{ revenue: number; equity: number; equityMin: number; rdSum: number; rdSumMin: number; staffShare: number; staffMin: number; met: boolean }>(
    (v) =>
      `上年营业收入 ${zhM(v.revenue)}（低于分档下限）：股权融资 ${zhM(v.equity)}（须 ≥ ${zhM(v.equityMin)}），研发费用合计 ${zhM(v.rdSum)}（须 ≥ ${zhM(v.rdSumMin)}），研发人员占比 ${P(v.staffShare)}（须 ≥ ${P(v.staffMin)}）`,
    (v) =>
      `Operating revenue ${enM(v.revenue)} last year (below the bands): equity financing ${enM(v.equity)} (needs ≥ ${enM(v.equityMin)}), R&D total ${enM(v.rdSum)} (needs ≥ ${enM(v.rdSumMin)}), R&D staff ${P(v.staffShare)} (needs ≥ ${P(v.staffMin)})`,
  ),
  'institution.result': t<{ kind: string; met: boolean }>(
    (v) => (v.met ? `有${v.kind === 'joint' ? '联合建立的' : '自建的'}研发机构` : '没有自建或联合建立的研发机构'),
    (v) => (v.met ? `Has ${v.kind === 'joint' ? 'a joint' : 'its own'} R&D institution` : 'No own or joint R&D institution'),
  ),
  'classI.result': t<{ count: number; min: number; met: boolean }>(
    (v) => `与主导产品相关的有效 I 类知识产权 ${v.count} 项，` + (v.met ? `不少于 ${v.min} 项` : `须不少于 ${v.min} 项：还差 ${v.min - v.count} 项`),
    (v) => `${v.count} valid Class I item(s) related to the main products, ${v.met ? `at least ${v.min}` : `needs ${v.min}: ${v.min - v.count} more`}`,
  ),
  'chain.result': t<{ met: boolean }>(
    (v) => (v.met ? '经核实，主导产品属于产业链关键环节' : '经核实，主导产品不属于产业链关键环节'),
    (v) => (v.met ? 'Verified: the main product is a key link of an industrial chain' : 'Verified: the main product is not a key link of an industrial chain'),
  ),
});

const SRDI_REQUIRED = lookupTable({
  inSme: t<{ employeesBelow: number; revenueBelow: number }>(
    (v) => `上年从业人员少于 ${v.employeesBelow} 人且营业收入低于 ${zhM(v.revenueBelow)}`,
    (v) => `Fewer than ${v.employeesBelow} employees and operating revenue below ${enM(v.revenueBelow)} in N-1`,
  ),
  score: t<{ passMark: number }>(
    (v) => `评分不低于 ${v.passMark} 分`,
    (v) => `Score at least ${v.passMark}`,
  ),
  inDirect: t<{ years: number; equityMin: number }>(
    (v) => `满足其一：近 ${v.years} 年国家或省级科技奖励；有效高新技术企业证书（或技术创新示范、知识产权优势/示范企业）；省级以上研发机构；近 ${v.years} 年股权融资（实缴）不低于 ${zhM(v.equityMin)}`,
    (v) => `Any one: a national or provincial S&T award in the last ${v.years} years; a valid HNTE certificate (or demonstration title); a provincial-or-higher R&D institution; equity financing (paid-in) ≥ ${enM(v.equityMin)} over the last ${v.years} years`,
  ),
  recognition: t<{ program: SrdiProgram }>(
    (v) => `有效期内的${prog(v.program, 'zh-CN')}`,
    (v) => `A valid ${prog(v.program, 'en')} recognition`,
  ),
  niche: t<{ min: number }>(
    (v) => `从事特定细分市场不少于 ${v.min} 年`,
    (v) => `In a specific niche market for at least ${v.min} years`,
  ),
  spRd: t<{ rdMin: number; min: number }>(
    (v) => `上年研发费用不低于 ${zhM(v.rdMin)}，且占营业收入不低于 ${P(v.min)}`,
    (v) => `R&D in N-1 at least ${enM(v.rdMin)} and at least ${P(v.min)} of operating revenue`,
  ),
  spRevenue: t<{ min: number; equityMin: number; years: number }>(
    (v) => `上年营业收入不低于 ${zhM(v.min)}，或近 ${v.years} 年新增股权融资不低于 ${zhM(v.equityMin)}`,
    (v) => `Operating revenue in N-1 at least ${enM(v.min)}, or new equity financing ≥ ${enM(v.equityMin)} over the last ${v.years} years`,
  ),
  spDirect: t<{ years: number; rank: number; avgRdMin: number; equityMin: number }>(
    (v) => `满足其一：近 ${v.years} 年省级科技奖励（前 ${v.rank} 名）或国家级科技奖励；近两年研发费用平均不低于 ${zhM(v.avgRdMin)}；近两年股权融资不低于 ${zhM(v.equityMin)}；近 ${v.years} 年创客中国全国 500 强`,
    (v) => `Any one: a provincial S&T award in the last ${v.years} years among the first ${v.rank} units, or a national one; average R&D over 2 years ≥ ${enM(v.avgRdMin)}; equity financing over 2 years ≥ ${enM(v.equityMin)}; 创客中国 national top 500 in the last ${v.years} years`,
  ),
  shareMin: t<{ min: number }>(
    (v) => `主营业务收入占营业收入不低于 ${P(v.min)}`,
    (v) => `Main-business revenue at least ${P(v.min)} of operating revenue`,
  ),
  growthMin: t<{ min: number }>(
    (v) => `近两年主营业务收入平均增长率不低于 ${P(v.min)}`,
    (v) => `Average main-business growth over 2 years at least ${P(v.min)}`,
  ),
  debtMax: t<{ max: number }>(
    (v) => `上年资产负债率不高于 ${P(v.max)}`,
    (v) => `Debt ratio in N-1 at most ${P(v.max)}`,
  ),
  lgRd: t<{ large: number; largeMin: number; mid: number; midMin: number; equityMin: number; rdSumMin: number; staffMin: number }>(
    (v) =>
      `上年营业收入 ≥ ${zhM(v.large)}：近两年研发强度均 ≥ ${P(v.largeMin)}；${zhM(v.mid)}–${zhM(v.large)}：均 ≥ ${P(v.midMin)}；低于 ${zhM(v.mid)}：近两年股权融资 ≥ ${zhM(v.equityMin)}、研发费用合计 ≥ ${zhM(v.rdSumMin)} 且研发人员占比 ≥ ${P(v.staffMin)}`,
    (v) =>
      `Revenue N-1 ≥ ${enM(v.large)}: R&D intensity ≥ ${P(v.largeMin)} in each of the last 2 years; ${enM(v.mid)}–${enM(v.large)}: ≥ ${P(v.midMin)} each; below ${enM(v.mid)}: equity ≥ ${enM(v.equityMin)}, R&D total ≥ ${enM(v.rdSumMin)} and R&D staff ≥ ${P(v.staffMin)}`,
  ),
  institution: t<Record<string, never>>(
    () => '自建或与高校、科研机构联合建立研发机构',
    () => 'An own or joint (university or institute) R&D institution',
  ),
  classI: t<{ min: number }>(
    (v) => `与主导产品相关的有效 I 类知识产权不少于 ${v.min} 项`,
    (v) => `At least ${v.min} valid Class I items related to the main products`,
  ),
  chain: t<Record<string, never>>(
    () => '主导产品属于产业链关键环节（经核实）',
    () => 'Main product in a key link of an industrial chain (officer-verified)',
  ),
});

export type SrdiMessageKey = keyof typeof SRDI_EXPLANATIONS;
export type SrdiMessageVars<K extends SrdiMessageKey> = Parameters<(typeof SRDI_EXPLANATIONS)[K]['en']>[0];
export type SrdiRequiredKey = keyof typeof SRDI_REQUIRED;
export type SrdiRequiredVars<K extends SrdiRequiredKey> = Parameters<(typeof SRDI_REQUIRED)[K]['en']>[0];

/** The explanation in the context's locale, or '' when a batch switched explanations off. */
export function saySrdi<K extends SrdiMessageKey>(ctx: Speaker, key: K, vars: SrdiMessageVars<K>): string {
  return ctx.explain ? (SRDI_EXPLANATIONS[key][ctx.locale] as (v: SrdiMessageVars<K>) => string)(vars) : '';
}

export function requiredSrdi<K extends SrdiRequiredKey>(sp: Speaker, key: K, vars: SrdiRequiredVars<K>): string {
  if (!sp.explain) return '';
  return (SRDI_REQUIRED[key][sp.locale] as (v: SrdiRequiredVars<K>) => string)(vars);
}

/** For tests: every key renders in both locales. */
export const SRDI_CATALOGUE_KEYS = {
  explanations: Object.keys(SRDI_EXPLANATIONS) as SrdiMessageKey[],
  required: Object.keys(SRDI_REQUIRED) as SrdiRequiredKey[],
};
