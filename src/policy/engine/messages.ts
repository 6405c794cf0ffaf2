import type { MissingInput, ScoreMove, ScoreOption, Shortfall } from './criteria-shapes.js';
import type { Speaker } from './criteria-shapes.js';
import type { ContestRank, FlagKind, IpKind, IpStatus, Locale } from './facts.js';
import { fmtCount, fmtMoney, fmtPct, fmtPp } from './format.js';
import {
  CONTEST_RANK_LABELS,
  CRITERION_LABELS,
  FIELD_LABELS,
  FLAG_LABELS,
  HIGH_TECH_FIELD_LABELS,
  IP_KIND_LABELS,
  QUALIFICATION_KIND_LABELS,
  label,
} from './labels.js';
import type { RdTier } from './params-shapes.js';
import { lookupTable } from '../../common/own-key.js';

/**
 * The message catalogue: every sentence the engine produces, in zh-CN and en, keyed by message
 * (criterion codes share templates where their sentences are the same, e.g. every *-REVENUE).
 * Rules pass numbers; formatting (万元, ¥…M, %, 个百分点 / pp) happens only here.
 */

type Template<V> = Readonly<Record<Locale, (v: V) => string>>;
const t = <V>(zh: (v: V) => string, en: (v: V) => string): Template<V> => ({ 'zh-CN': zh, en });

const zhM = (n: number) => fmtMoney('zh-CN', n);
const enM = (n: number) => fmtMoney('en', n);
const P = fmtPct;
const zhPP = (n: number) => fmtPp('zh-CN', n);
const enPP = (n: number) => fmtPp('en', n);
const zhYears = (from: number, to: number) => (from === to ? `${to} 年` : `${from}–${to} 年`);
const enYears = (from: number, to: number) => (from === to ? `${to}` : `${from}–${to}`);
const codeLabel = (code: string, locale: Locale) => label(CRITERION_LABELS, code, locale);
const range = (min: number, max: number) => (min === max ? fmtCount(min) : `${fmtCount(min)}–${fmtCount(max)}`);
const part = (v: number | null) => (v === null ? '?' : fmtCount(v));

function missingItem(locale: Locale, m: MissingInput): string {
  const f = label(FIELD_LABELS, m.field, locale);
  if (locale === 'zh-CN') {
    if (m.reason === 'too-few-years') return `仅有 ${m.have ?? 0} 个年度的数据，至少需要 ${m.need ?? 0} 个`;
    if (m.reason === 'zero') return `${m.year !== undefined ? `${m.year} 年` : ''}${f}（分母）为 0 或不为正数`;
    return `缺少${m.year !== undefined ? ` ${m.year} 年` : ''}${f}`;
  }
  if (m.reason === 'too-few-years') return `only ${m.have ?? 0} year(s) of figures, needs ${m.need ?? 0}`;
  if (m.reason === 'zero') return `${f}${m.year !== undefined ? ` ${m.year}` : ''} (a denominator) is 0 or not positive`;
  return `no ${f}${m.year !== undefined ? ` for ${m.year}` : ''}`;
}
const missingList = (locale: Locale, inputs: readonly MissingInput[]) =>
  inputs.map((m) => missingItem(locale, m)).join(locale === 'zh-CN' ? '；' : '; ');

const DIRECT_ROUTES: Readonly<Record<string, Readonly<Record<Locale, string>>>> = {
  'hnte-certificate': QUALIFICATION_KIND_LABELS['hnte-certificate'],
  'st-award': { 'zh-CN': '国家科学技术奖', en: 'national S&T award' },
  'rd-institution': { 'zh-CN': '省级以上研发机构', en: 'provincial-or-higher R&D institution' },
  'standard-drafting': { 'zh-CN': '主导制定标准', en: 'lead drafting of a standard' },
};

const IP_STATUS_ZH: Readonly<Record<IpStatus, string>> = { valid: '有效', pending: '申请中', lapsed: '已失效', invalidated: '已被宣告无效' };

type RdVars = { from: number; to: number; rd: number; revenue: number; ratio: number; min: number; gap: number; amount: number };
type GrowthVars = { g: number; min: number; from: number; to: number; years: number; gap: number; amount: number; ventureMin?: number };
type IpItemsVars = { total: number; classI: number; itemsMin: number; classIMin: number; shortItems: number; shortClassI: number };
type IndustryVars = { industryCode: string; prefix: string; share: number; limit: number; year: number };
type TsScoreVars = {
  total: number | null;
  min: number;
  max: number;
  staff: number | null;
  rd: number | null;
  ip: number;
  passMark: number;
  shortPoints: number;
  staffZero: boolean;
  staffRatio: number | null;
  staffMin: number;
  needPersons: number;
};
function moveText(locale: Locale, m: ScoreMove): string {
  const zh = locale === 'zh-CN';
  const pts = zh ? `${m.fromPoints}→${m.toPoints} 分` : `${m.fromPoints}→${m.toPoints} points`;
  switch (m.indicator) {
    case 'stStaff':
      return zh ? `再增加 ${m.count} 名科技人员（科技人员指标 ${pts}）` : `${m.count} more S&T staff (S&T staff ${pts})`;
    case 'rdBySales':
      return zh ? `按上年销售收入增加研发投入 ${zhM(m.amount ?? 0)}（研发指标 ${pts}）` : `${enM(m.amount ?? 0)} more R&D at last year's sales (R&D ${pts})`;
    case 'rdByCost':
      return zh ? `增加研发投入 ${zhM(m.amount ?? 0)}（按成本费用口径，研发指标 ${pts}）` : `${enM(m.amount ?? 0)} more R&D by the cost measure (R&D ${pts})`;
    case 'ipCount':
      return m.unit === 'class-i-items'
        ? zh
          ? `再获得 ${m.count} 项 I 类知识产权（知识产权数量最高 ${pts}）`
          : `${m.count} more Class I item(s) (IP count up to ${pts})`
        : zh
          ? `再获得 ${m.count} 项未用于以往申报的 II 类知识产权（知识产权数量最高 ${pts}）`
          : `${m.count} more Class II item(s) not used before (IP count up to ${pts})`;
    case 'transformation':
      return zh
        ? `上年再转化 ${m.count} 项科技成果（成果转化最高 ${pts}）`
        : `${m.count} more transformed achievement(s) last year (transformation up to ${pts})`;
    default:
      return m.unit === 'class-i-items'
        ? zh
          ? `再获得 ${m.count} 项与主营产品相关的 I 类知识产权（知识产权指标 ${pts}）`
          : `${m.count} more Class I item(s) related to the main products (IP ${pts})`
        : zh
          ? `再获得 ${m.count} 项与主营产品相关的 II 类知识产权（知识产权指标 ${pts}）`
          : `${m.count} more related Class II item(s) (IP ${pts})`;
  }
}
const optionsText = (locale: Locale, options: readonly ScoreOption[]) =>
  options.map((o) => o.moves.map((m) => moveText(locale, m)).join(locale === 'zh-CN' ? '并' : ' and ')).join(locale === 'zh-CN' ? '；或' : '; or ');

type YePathVars = { code: string; met: boolean } & Record<string, unknown>;
type AgeVars = { on: string; from: string; to: string };
type HtScoreVars = { min: number; max: number; pass: number; short: number; open: readonly MissingInput[] };

function yePathZh(v: YePathVars): string {
  const n = (k: string) => Number(v[k] ?? 0);
  switch (v.code) {
    case 'YE-PATH-IP':
      return v.met
        ? `有效 I 类知识产权 ${n('classI')} 项、II 类 ${n('classII')} 项`
        : `有效 I 类知识产权 ${n('classI')} 项、II 类 ${n('classII')} 项，需 I 类 ${n('classIMin')} 项或 II 类 ${n('classIIMin')} 项：再获 ${n('shortII')} 项 II 类或 ${n('shortI')} 项 I 类即可`;
    case 'YE-PATH-SOFTWARE':
      return v.met
        ? '持有软件企业证书和软件产品证书'
        : `缺少${[v.enterprise ? '' : '软件企业证书', v.product ? '' : '软件产品证书'].filter(Boolean).join('和')}`;
    case 'YE-PATH-CONTEST':
      return v.met
        ? `有符合等次的创新创业大赛获奖，并拥有 ${n('ipItems')} 项有效知识产权`
        : v.award
          ? '有符合等次的大赛获奖，但没有有效的 I 类或 II 类知识产权'
          : '没有符合等次要求的创新创业大赛获奖';
    case 'YE-PATH-HIGHTECH':
      return v.met ? `持有有效的${v.hnte ? '国家' : '天津市'}高新技术企业证书` : '没有有效的高新技术企业证书';
    case 'YE-PATH-AWARD':
      return v.met ? `获国家或省部级科技奖励 ${n('count')} 项` : '没有国家或省部级科技奖励';
    case 'YE-PATH-RDINST':
      return v.met ? `有国家或省部级研发机构 ${n('count')} 个` : '没有国家或省部级研发机构';
    case 'YE-PATH-STANDARD':
      return v.met ? `参与制定标准 ${n('count')} 项` : '没有参与制定标准的记录';
    case 'YE-PATH-VC':
      return v.best === null
        ? '没有创业投资记录'
        : `单笔创业投资最高 ${zhM(n('best'))}，${v.met ? '不低于' : '需达到'} ${zhM(n('min'))}`;
    default: // YE-PATH-PROJECT
      return v.met ? `承担国家或省部级科技计划项目 ${n('count')} 项` : '没有承担国家或省部级科技计划项目';
  }
}

function yePathEn(v: YePathVars): string {
  const n = (k: string) => Number(v[k] ?? 0);
  switch (v.code) {
    case 'YE-PATH-IP':
      return v.met
        ? `${n('classI')} valid Class I and ${n('classII')} Class II items`
        : `${n('classI')} valid Class I and ${n('classII')} Class II items, needs ${n('classIMin')} Class I or ${n('classIIMin')} Class II: ${n('shortII')} more Class II or ${n('shortI')} more Class I would do`;
    case 'YE-PATH-SOFTWARE':
      return v.met
        ? 'Holds software-enterprise and software-product certificates'
        : !v.enterprise && !v.product
          ? 'Lacks both the software-enterprise and the software-product certificate'
          : `Lacks the ${v.enterprise ? 'software-product' : 'software-enterprise'} certificate`;
    case 'YE-PATH-CONTEST':
      return v.met
        ? `Contest award of the required rank and ${n('ipItems')} valid IP items`
        : v.award
          ? 'Contest award of the required rank, but no valid Class I or II IP'
          : 'No innovation contest award of the required rank';
    case 'YE-PATH-HIGHTECH':
      return v.met ? `Holds a valid ${v.hnte ? 'national' : 'Tianjin'} high-tech certificate` : 'No valid high-tech certificate';
    case 'YE-PATH-AWARD':
      return v.met ? `${n('count')} national or provincial/ministerial S&T award(s)` : 'No national or provincial/ministerial S&T award';
    case 'YE-PATH-RDINST':
      return v.met ? `${n('count')} national or provincial/ministerial R&D institution(s)` : 'No national or provincial/ministerial R&D institution';
    case 'YE-PATH-STANDARD':
      return v.met ? `Took part in drafting ${n('count')} standard(s)` : 'No standard drafting on record';
    case 'YE-PATH-VC':
      return v.best === null
        ? 'No venture investment on record'
        : `Largest single venture investment ${enM(n('best'))}, ${v.met ? 'at least' : 'needs'} ${enM(n('min'))}`;
    default:
      return v.met ? `${n('count')} national or provincial/ministerial S&T plan project(s)` : 'No national or provincial/ministerial S&T plan project';
  }
}

const EXPLANATIONS = lookupTable({
  withReference: t<{ text: string; reference: string }>(
    (v) => `${v.text}（依据：${v.reference}）`,
    (v) => `${v.text} (ref. ${v.reference})`,
  ),
  notInForce: t<{ asOf: string; from: string }>(
    (v) => `评价日 ${v.asOf} 早于该项目规则的生效日 ${v.from}，不适用`,
    (v) => `Not applicable: the evaluation date ${v.asOf} is before the programme's rules took effect (${v.from})`,
  ),
  missing: t<{ inputs: readonly MissingInput[] }>(
    (v) => `无法判断：${missingList('zh-CN', v.inputs)}`,
    (v) => `Cannot decide: ${missingList('en', v.inputs)}`,
  ),
  'reg.met': t<{ districtCode: string }>(
    (v) => `注册地区划代码 ${v.districtCode}，属天津市`,
    (v) => `District code ${v.districtCode} is in Tianjin`,
  ),
  'reg.unmet': t<{ districtCode: string }>(
    (v) => `注册地区划代码 ${v.districtCode} 不在天津市（天津市代码以 12 开头）`,
    (v) => `District code ${v.districtCode} is outside Tianjin (Tianjin codes start with 12)`,
  ),
  'tax.met': t<Record<string, never>>(
    () => '查账征收',
    () => 'Taxed on actual accounts',
  ),
  'tax.unmet': t<Record<string, never>>(
    () => '核定征收，不符合（需查账征收）',
    () => 'Deemed taxation; taxation on actual accounts is required',
  ),
  'revenue.met': t<{ year: number; actual: number; min: number; short: number }>(
    (v) => `${v.year} 年营业收入 ${zhM(v.actual)}，不低于 ${zhM(v.min)}`,
    (v) => `Operating revenue ${v.year} ${enM(v.actual)}, at least ${enM(v.min)}`,
  ),
  'revenue.unmet': t<{ year: number; actual: number; min: number; short: number }>(
    (v) => `${v.year} 年营业收入 ${zhM(v.actual)}，需达到 ${zhM(v.min)}：还差 ${zhM(v.short)}`,
    (v) => `Operating revenue ${v.year} ${enM(v.actual)}, needs ${enM(v.min)}: ${enM(v.short)} short`,
  ),
  'rdIntensity.met': t<RdVars>(
    (v) => `研发投入强度 ${P(v.ratio)}，不低于 ${P(v.min)}（${zhYears(v.from, v.to)}研发投入 ${zhM(v.rd)}，营业收入 ${zhM(v.revenue)}）`,
    (v) => `R&D intensity ${P(v.ratio)}, at least ${P(v.min)} (${enYears(v.from, v.to)}: R&D ${enM(v.rd)}, revenue ${enM(v.revenue)})`,
  ),
  'rdIntensity.unmet': t<RdVars>(
    (v) =>
      `研发投入强度 ${P(v.ratio)}，需达到 ${P(v.min)}：还差 ${zhPP(v.gap)}，按${v.from === v.to ? '上年' : '同期'}营业收入约需增加研发投入 ${zhM(v.amount)}（${zhYears(v.from, v.to)}研发投入 ${zhM(v.rd)}，营业收入 ${zhM(v.revenue)}）`,
    (v) =>
      `R&D intensity ${P(v.ratio)}, needs ${P(v.min)}: +${enPP(v.gap)}, about ${enM(v.amount)} more R&D at ${v.from === v.to ? "last year's" : `${v.from}–${v.to}`} revenue (${enYears(v.from, v.to)}: R&D ${enM(v.rd)}, revenue ${enM(v.revenue)})`,
  ),
  'growth.met': t<{ g: number; min: number; from: number; to: number; years: number }>(
    (v) => `营业收入平均增长率 ${P(v.g)}（${zhYears(v.from, v.to)}），不低于 ${P(v.min)}`,
    (v) => `Average revenue growth ${P(v.g)} (${enYears(v.from, v.to)}), at least ${P(v.min)}`,
  ),
  'growth.unmet': t<GrowthVars>(
    (v) =>
      `营业收入平均增长率 ${P(v.g)}（${zhYears(v.from, v.to)}），需达到 ${P(v.min)}：还差 ${zhPP(v.gap)}，约需 ${v.to} 年营业收入再增加 ${zhM(v.amount)}${v.ventureMin !== undefined ? `；或获得单笔不低于 ${zhM(v.ventureMin)}的创业投资` : ''}`,
    (v) =>
      `Average revenue growth ${P(v.g)} (${enYears(v.from, v.to)}), needs ${P(v.min)}: +${enPP(v.gap)}, about ${enM(v.amount)} more revenue in ${v.to}${v.ventureMin !== undefined ? `; or a single venture investment of at least ${enM(v.ventureMin)}` : ''}`,
  ),
  'growth.venture': t<{ amount: number; on: string; min: number }>(
    (v) => `${v.on} 获得单笔创业投资 ${zhM(v.amount)}，不低于 ${zhM(v.min)}`,
    (v) => `Single venture investment of ${enM(v.amount)} on ${v.on}, at least ${enM(v.min)}`,
  ),
  'ipItems.met': t<IpItemsVars>(
    (v) => `有效 I 类和 II 类知识产权 ${v.total} 项（其中 I 类 ${v.classI} 项），达到 ${v.itemsMin} 项或 I 类 ${v.classIMin} 项的要求`,
    (v) => `${v.total} valid Class I/II items (${v.classI} Class I), meeting ${v.itemsMin} items or ${v.classIMin} Class I`,
  ),
  'ipItems.unmet': t<IpItemsVars>(
    (v) =>
      `有效 I 类和 II 类知识产权 ${v.total} 项（其中 I 类 ${v.classI} 项），需 ${v.itemsMin} 项或 I 类 ${v.classIMin} 项：还差 ${v.shortItems} 项，或再获 ${v.shortClassI} 项 I 类`,
    (v) =>
      `${v.total} valid Class I/II items (${v.classI} Class I), needs ${v.itemsMin} items or ${v.classIMin} Class I: ${v.shortItems} more items, or ${v.shortClassI} more Class I`,
  ),
  'flags.met': t<{ from: string; to: string }>(
    (v) => `${v.from} 至 ${v.to} 无相关不良记录`,
    (v) => `No such adverse record from ${v.from} to ${v.to}`,
  ),
  'flags.unmet': t<{ flags: readonly { kind: FlagKind; on: string }[] }>(
    (v) => `有不良记录：${v.flags.map((f) => `${FLAG_LABELS[f.kind]['zh-CN']}（${f.on}）`).join('、')}`,
    (v) => `Adverse record: ${v.flags.map((f) => `${FLAG_LABELS[f.kind].en} (${f.on})`).join('; ')}`,
  ),
  'credit.met': t<{ from: string; to: string }>(
    (v) => `评价日 ${v.to} 未列入相关名录或名单，${v.from} 至 ${v.to} 无相关不良记录`,
    (v) => `Not listed on ${v.to}; no such adverse record from ${v.from} to ${v.to}`,
  ),
  'flags.undated': t<{ count: number }>(
    (v) => `有 ${v.count} 条相关不良记录缺少日期，无法判断是否在期间内`,
    (v) => `${v.count} relevant adverse record(s) lack a date; cannot tell whether they fall in the period`,
  ),
  'industry.notListed': t<{ industryCode: string }>(
    (v) => `行业代码 ${v.industryCode} 不属于负面清单行业`,
    (v) => `Industry ${v.industryCode} is not on the negative list`,
  ),
  'industry.listed': t<IndustryVars>(
    (v) => `行业代码 ${v.industryCode} 属负面清单行业（${v.prefix}），${v.year} 年主营业务收入占比 ${P(v.share)}，超过 ${P(v.limit)}`,
    (v) => `Industry ${v.industryCode} is on the negative list (${v.prefix}) and its main business is ${P(v.share)} of ${v.year} revenue, above ${P(v.limit)}`,
  ),
  'industry.minorShare': t<IndustryVars>(
    (v) => `行业代码 ${v.industryCode} 属负面清单行业（${v.prefix}），但 ${v.year} 年主营业务收入占比 ${P(v.share)}，未超过 ${P(v.limit)}`,
    (v) => `Industry ${v.industryCode} is listed (${v.prefix}) but its main business is only ${P(v.share)} of ${v.year} revenue, not above ${P(v.limit)}`,
  ),
  'size.met': t<{ year: number; employees: number; sales: number; assets: number }>(
    (v) => `${v.year} 年从业人员 ${v.employees} 人，销售收入 ${zhM(v.sales)}，资产总额 ${zhM(v.assets)}，均在限额内`,
    (v) => `${v.year}: ${v.employees} employees, sales ${enM(v.sales)}, total assets ${enM(v.assets)}, all within the limits`,
  ),
  'size.unmet': t<{ year: number; excess: Readonly<Record<string, number>> }>(
    (v) =>
      `${v.year} 年超出限额：${Object.entries(v.excess)
        .map(([k, n]) => (k === 'employees' ? `从业人员多 ${n} 人` : `${label(FIELD_LABELS, k, 'zh-CN')}超出 ${zhM(n)}`))
        .join('，')}`,
    (v) =>
      `Over the limits in ${v.year}: ${Object.entries(v.excess)
        .map(([k, n]) => (k === 'employees' ? `${n} employees too many` : `${label(FIELD_LABELS, k, 'en')} ${enM(n)} over`))
        .join(', ')}`,
  ),
  'tsScore.met': t<TsScoreVars>(
    (v) =>
      `综合评价${v.total === null ? `至少 ${v.min}` : ` ${v.total}`} 分（科技人员 ${part(v.staff)}、研发投入 ${part(v.rd)}、知识产权 ${v.ip}），达到 ${v.passMark} 分且科技人员指标得分大于 0`,
    (v) =>
      `Score ${v.total === null ? `at least ${v.min}` : v.total} (S&T staff ${part(v.staff)}, R&D ${part(v.rd)}, IP ${v.ip}), at least ${v.passMark} with S&T staff points above 0`,
  ),
  'tsScore.unmet': t<TsScoreVars>(
    (v) => {
      const points = `综合评价${v.total === null ? `最高 ${v.max}` : ` ${v.total}`} 分（科技人员 ${part(v.staff)}、研发投入 ${part(v.rd)}、知识产权 ${v.ip}），需达到 ${v.passMark} 分：还差 ${v.shortPoints} 分`;
      if (!v.staffZero) return points;
      const staff = `科技人员占比 ${P(v.staffRatio ?? 0)}，该项得 0 分（需不低于 ${P(v.staffMin)}：约需再增加 ${v.needPersons} 名科技人员）`;
      return v.shortPoints > 0 ? `${staff}；${points}` : staff;
    },
    (v) => {
      const points = `Score ${v.total === null ? `at most ${v.max}` : v.total} (S&T staff ${part(v.staff)}, R&D ${part(v.rd)}, IP ${v.ip}), needs ${v.passMark}: ${v.shortPoints} points short`;
      if (!v.staffZero) return points;
      const staff = `S&T staff share ${P(v.staffRatio ?? 0)} scores 0 (needs ${P(v.staffMin)}: about ${v.needPersons} more S&T staff)`;
      return v.shortPoints > 0 ? `${staff}; ${points}` : staff;
    },
  ),
  'tsScore.options': t<TsScoreVars & { options: readonly ScoreOption[] }>(
    (v) =>
      `综合评价 ${v.total} 分（科技人员 ${part(v.staff)}、研发投入 ${part(v.rd)}、知识产权 ${v.ip}），需达到 ${v.passMark} 分：还差 ${v.shortPoints} 分；最省力的办法：${optionsText('zh-CN', v.options)}`,
    (v) =>
      `Score ${v.total} (S&T staff ${part(v.staff)}, R&D ${part(v.rd)}, IP ${v.ip}), needs ${v.passMark}: ${v.shortPoints} points short; cheapest ways: ${optionsText('en', v.options)}`,
  ),
  'tsReg.met': t<{ uscc: string; division: string }>(
    (v) => `统一社会信用代码 ${v.uscc} 有效，登记机关区划 ${v.division} 在中国境内（不含港、澳、台）`,
    (v) => `USCC ${v.uscc} is valid and its division ${v.division} is in mainland China`,
  ),
  'tsReg.outside': t<{ uscc: string; division: string }>(
    (v) => `统一社会信用代码 ${v.uscc} 的区划 ${v.division} 属香港、澳门或台湾，不是境内居民企业`,
    (v) => `USCC ${v.uscc}: division ${v.division} is Hong Kong, Macao or Taiwan, not a mainland resident enterprise`,
  ),
  'tsReg.invalid': t<{ uscc: string; division: string }>(
    (v) => `统一社会信用代码 ${v.uscc} 校验不通过`,
    (v) => `USCC ${v.uscc} fails its check character`,
  ),
  'restricted.met': t<Record<string, never>>(
    () => '产品和服务不属于国家禁止、限制和淘汰类',
    () => 'Products and services are not in a prohibited, restricted or eliminated category',
  ),
  'restricted.unmet': t<Record<string, never>>(
    () => '产品或服务属于国家禁止、限制或淘汰类',
    () => 'Products or services are in a prohibited, restricted or eliminated category',
  ),
  'tsDirect.met': t<{ routes: readonly string[] }>(
    (v) => `满足直接入库条件：${v.routes.map((r) => label(DIRECT_ROUTES, r, 'zh-CN')).join('、')}`,
    (v) => `Direct qualification: ${v.routes.map((r) => label(DIRECT_ROUTES, r, 'en')).join(', ')}`,
  ),
  'tsDirect.unmet': t<{ routes: readonly string[] }>(
    () => '没有高企证书、近年国家科技奖、省级以上研发机构或主导制定标准等直接入库条件',
    () => 'None of the direct qualifications (HNTE certificate, recent national S&T award, provincial-or-higher R&D institution, lead drafting of a standard)',
  ),
  'age.met': t<AgeVars>(
    (v) => `成立于 ${v.on}，在 ${v.from} 至 ${v.to} 之间`,
    (v) => `Established ${v.on}, within ${v.from}..${v.to}`,
  ),
  'age.tooOld': t<AgeVars>(
    (v) => `成立于 ${v.on}，早于 ${v.from}`,
    (v) => `Established ${v.on}, before ${v.from}`,
  ),
  'age.tooNew': t<AgeVars>(
    (v) => `成立于 ${v.on}，晚于 ${v.to}（评价当年成立的企业不符合）`,
    (v) => `Established ${v.on}, after ${v.to} (enterprises established in the evaluation year are not eligible)`,
  ),
  yePath: t<YePathVars>(yePathZh, yePathEn),
  'yePathAny.met': t<{ codes: readonly string[] }>(
    (v) => `满足：${v.codes.map((c) => codeLabel(c, 'zh-CN')).join('、')}`,
    (v) => `Met: ${v.codes.map((c) => codeLabel(c, 'en')).join('; ')}`,
  ),
  'yePathAny.open': t<{ codes: readonly string[]; inputs: readonly MissingInput[] }>(
    (v) => `尚无满足的条件；以下条件信息不全：${v.codes.map((c) => codeLabel(c, 'zh-CN')).join('、')}（${missingList('zh-CN', v.inputs)}）`,
    (v) => `No path met yet; undecided for lack of data: ${v.codes.map((c) => codeLabel(c, 'en')).join('; ')} (${missingList('en', v.inputs)})`,
  ),
  'yePathAny.unmet': t<{ classI: number; classII: number; shortfall: Shortfall | null }>(
    (v) =>
      `九项条件均未满足；最接近的可能是知识产权：现有有效 I 类 ${v.classI} 项、II 类 ${v.classII} 项，再获 ${v.shortfall?.count ?? 0} 项${v.shortfall?.unit === 'class-i-items' ? ' I 类' : ' II 类'}知识产权即可`,
    (v) =>
      `None of the nine paths is met; the nearest may be IP: ${v.classI} valid Class I and ${v.classII} Class II items now, ${v.shortfall?.count ?? 0} more ${v.shortfall?.unit === 'class-i-items' ? 'Class I' : 'Class II'} item(s) would do`,
  ),
  'htAge.met': t<{ on: string; days: number; min: number; earliest: string }>(
    (v) => `成立于 ${v.on}，已满 ${v.days} 天（需 ${v.min} 天）`,
    (v) => `Established ${v.on}, ${v.days} days before the application date (needs ${v.min})`,
  ),
  'htAge.unmet': t<{ on: string; days: number; min: number; earliest: string }>(
    (v) => `成立于 ${v.on}，仅 ${v.days} 天，需满 ${v.min} 天：${v.earliest} 起可申报`,
    (v) => `Established ${v.on}, only ${v.days} days before the application date, needs ${v.min}: may apply from ${v.earliest}`,
  ),
  'htIp.met': t<{ classI: number; classIIUnused: number; classIIUsed: number }>(
    (v) => `可用知识产权：I 类 ${v.classI} 项，未用于以往申报的 II 类 ${v.classIIUnused} 项`,
    (v) => `Usable IP: ${v.classI} Class I, ${v.classIIUnused} Class II not used in an earlier application`,
  ),
  'htIp.unmet': t<{ classI: number; classIIUnused: number; classIIUsed: number }>(
    (v) =>
      `没有可用于本次申报的知识产权（无有效 I 类${v.classIIUsed > 0 ? `；${v.classIIUsed} 项 II 类已用于以往申报` : ''}）：还需 1 项`,
    (v) => `No IP usable in this application (no valid Class I${v.classIIUsed > 0 ? `; ${v.classIIUsed} Class II item(s) already used` : ''}): 1 more item needed`,
  ),
  'htField.met': t<{ field: string | null }>(
    (v) => `技术领域：${label(HIGH_TECH_FIELD_LABELS, v.field ?? '', 'zh-CN')}`,
    (v) => `Field: ${label(HIGH_TECH_FIELD_LABELS, v.field ?? '', 'en')}`,
  ),
  'htField.unmet': t<{ field: string | null }>(
    () => '核心技术不属于八大重点支持领域',
    () => 'The core technology is outside the eight key fields',
  ),
  'staffShare.met': t<{ year: number; staff: number; employees: number; ratio: number; min: number; persons: number }>(
    (v) => `${v.year} 年科技人员 ${v.staff} 人，占职工 ${v.employees} 人的 ${P(v.ratio)}，不低于 ${P(v.min)}`,
    (v) => `${v.staff} S&T staff of ${v.employees} employees in ${v.year} = ${P(v.ratio)}, at least ${P(v.min)}`,
  ),
  'staffShare.unmet': t<{ year: number; staff: number; employees: number; ratio: number; min: number; persons: number }>(
    (v) => `科技人员占比 ${P(v.ratio)}（${v.year} 年 ${v.staff}/${v.employees} 人），需达到 ${P(v.min)}：约需再招聘 ${v.persons} 名科技人员`,
    (v) => `S&T staff share ${P(v.ratio)} (${v.staff} of ${v.employees} in ${v.year}), needs ${P(v.min)}: about ${v.persons} more S&T staff`,
  ),
  'htRd.met': t<{ from: number; to: number; rd: number; sales: number; ratio: number; min: number; salesN1: number; gap: number; amount: number }>(
    (v) => `${zhYears(v.from, v.to)}研发费用 ${zhM(v.rd)}，占销售收入 ${zhM(v.sales)}的 ${P(v.ratio)}，不低于 ${P(v.min)}（按上年销售收入 ${zhM(v.salesN1)} 适用）`,
    (v) => `R&D ${enM(v.rd)} is ${P(v.ratio)} of sales ${enM(v.sales)} over ${enYears(v.from, v.to)}, at least ${P(v.min)} (tier for N-1 sales of ${enM(v.salesN1)})`,
  ),
  'htRd.unmet': t<{ from: number; to: number; rd: number; sales: number; ratio: number; min: number; salesN1: number; gap: number; amount: number }>(
    (v) =>
      `研发费用占销售收入比例 ${P(v.ratio)}，需达到 ${P(v.min)}（上年销售收入 ${zhM(v.salesN1)}）：还差 ${zhPP(v.gap)}，约需增加研发费用 ${zhM(v.amount)}（${zhYears(v.from, v.to)}研发费用 ${zhM(v.rd)}，销售收入 ${zhM(v.sales)}）`,
    (v) =>
      `R&D / sales ${P(v.ratio)}, needs ${P(v.min)} (N-1 sales ${enM(v.salesN1)}): +${enPP(v.gap)}, about ${enM(v.amount)} more R&D (${enYears(v.from, v.to)}: R&D ${enM(v.rd)}, sales ${enM(v.sales)})`,
  ),
  'htRdDomestic.met': t<{ from: number; to: number; domestic: number; rd: number; ratio: number; min: number; amount: number }>(
    (v) => `${zhYears(v.from, v.to)}境内研发费用 ${zhM(v.domestic)}，占全部研发费用 ${zhM(v.rd)}的 ${P(v.ratio)}，不低于 ${P(v.min)}`,
    (v) => `R&D in China ${enM(v.domestic)} of ${enM(v.rd)} (${enYears(v.from, v.to)}) = ${P(v.ratio)}, at least ${P(v.min)}`,
  ),
  'htRdDomestic.unmet': t<{ from: number; to: number; domestic: number; rd: number; ratio: number; min: number; amount: number }>(
    (v) => `境内研发费用占比 ${P(v.ratio)}（${zhYears(v.from, v.to)}），需达到 ${P(v.min)}：约需增加境内研发费用 ${zhM(v.amount)}`,
    (v) => `Share of R&D in China ${P(v.ratio)} (${enYears(v.from, v.to)}), needs ${P(v.min)}: about ${enM(v.amount)} more R&D in China`,
  ),
  'htPs.met': t<{ year: number; ht: number; total: number; ratio: number; min: number; amount: number }>(
    (v) => `${v.year} 年高新技术产品（服务）收入 ${zhM(v.ht)}，占总收入 ${zhM(v.total)}的 ${P(v.ratio)}，不低于 ${P(v.min)}`,
    (v) => `High-tech product/service revenue ${enM(v.ht)} of ${enM(v.total)} in ${v.year} = ${P(v.ratio)}, at least ${P(v.min)}`,
  ),
  'htPs.unmet': t<{ year: number; ht: number; total: number; ratio: number; min: number; amount: number }>(
    (v) => `高新技术产品（服务）收入占比 ${P(v.ratio)}（${v.year} 年），需达到 ${P(v.min)}：约需增加高新技术产品（服务）收入 ${zhM(v.amount)}`,
    (v) => `High-tech product/service share ${P(v.ratio)} (${v.year}), needs ${P(v.min)}: about ${enM(v.amount)} more high-tech revenue`,
  ),
  'htScore.met': t<HtScoreVars>(
    (v) => `创新能力评价得分 ${range(v.min, v.max)} 分，不低于 ${v.pass} 分`,
    (v) => `Innovation score ${range(v.min, v.max)}, at least ${v.pass}`,
  ),
  'htScore.unmet': t<HtScoreVars>(
    (v) => `创新能力评价得分最高 ${fmtCount(v.max)} 分，需达到 ${v.pass} 分：还差 ${fmtCount(v.short)} 分`,
    (v) => `Innovation score at most ${fmtCount(v.max)}, needs ${v.pass}: ${fmtCount(v.short)} points short`,
  ),
  'htScore.options': t<HtScoreVars & { options: readonly ScoreOption[] }>(
    (v) => `创新能力评价得分最高 ${fmtCount(v.max)} 分，需达到 ${v.pass} 分：还差 ${fmtCount(v.short)} 分；最省力的办法：${optionsText('zh-CN', v.options)}`,
    (v) => `Innovation score at most ${fmtCount(v.max)}, needs ${v.pass}: ${fmtCount(v.short)} points short; cheapest ways: ${optionsText('en', v.options)}`,
  ),
  'htScore.uncertain': t<HtScoreVars>(
    (v) => `创新能力评价得分在 ${range(v.min, v.max)} 分之间，跨越 ${v.pass} 分及格线；待确定：${missingList('zh-CN', v.open) || '专家评分'}`,
    (v) => `Innovation score between ${fmtCount(v.min)} and ${fmtCount(v.max)}, straddling the pass mark of ${v.pass}; pending: ${missingList('en', v.open) || 'expert scores'}`,
  ),
  'sdActivity.met': t<{ eligible: number; total: number }>(
    (v) => `${v.total} 个研发项目中有 ${v.eligible} 个属于可加计扣除的研发活动`,
    (v) => `${v.eligible} of ${v.total} R&D projects are eligible activities`,
  ),
  'sdActivity.unmet': t<{ eligible: number; total: number }>(
    (v) => (v.total === 0 ? '未列出研发项目' : `${v.total} 个项目均属不适用加计扣除的活动`),
    (v) => (v.total === 0 ? 'No R&D project listed' : `All ${v.total} projects are excluded activities`),
  ),
  'ledger.met': t<Record<string, never>>(
    () => '已设置研发支出辅助账',
    () => 'An R&D auxiliary ledger is kept',
  ),
  'ledger.unmet': t<Record<string, never>>(
    () => '未设置研发支出辅助账',
    () => 'No R&D auxiliary ledger is kept',
  ),
  'ippOwner.met': t<{ owner: string; pledgor: string }>(
    (v) => `权利人 ${v.owner} 即出质人`,
    (v) => `The owner ${v.owner} is the pledgor`,
  ),
  'ippOwner.unmet': t<{ owner: string; pledgor: string }>(
    (v) => `权利人 ${v.owner} 不是出质人 ${v.pledgor}`,
    (v) => `The owner ${v.owner} is not the pledgor ${v.pledgor}`,
  ),
  ippValid: t<{ reason: 'kind' | 'notGranted' | 'notInForce' | 'expired' | 'fees' | null; kind: IpKind; status: IpStatus | null }>(
    (v) =>
      v.reason === null
        ? '已授权、有效且已缴费'
        : v.reason === 'kind'
          ? `${IP_KIND_LABELS[v.kind]?.['zh-CN'] ?? v.kind}不在可质押的权利类型之列`
          : v.reason === 'notGranted'
            ? '尚未授权（申请中），不能出质'
            : v.reason === 'notInForce'
              ? `权利${IP_STATUS_ZH[v.status ?? 'lapsed']}`
              : v.reason === 'expired'
                ? '权利已到期'
                : '未按期缴纳费用',
    (v) =>
      v.reason === null
        ? 'Granted, in force, fees paid'
        : v.reason === 'kind'
          ? `${IP_KIND_LABELS[v.kind]?.en ?? v.kind} is not a pledgeable kind`
          : v.reason === 'notGranted'
            ? 'Not granted yet (pending); cannot be pledged'
            : v.reason === 'notInForce'
              ? `Not in force (${v.status})`
              : v.reason === 'expired'
                ? 'Expired'
                : 'Fees not paid',
  ),
  ippFree: t<{ pledged: boolean; disputed: boolean }>(
    (v) =>
      !v.pledged && !v.disputed
        ? '未被质押，无权属纠纷、冻结或无效宣告程序'
        : [v.pledged ? '已被质押' : '', v.disputed ? '存在权属纠纷、冻结或无效宣告程序' : ''].filter(Boolean).join('；'),
    (v) =>
      !v.pledged && !v.disputed
        ? 'Not pledged; no dispute, freeze or invalidation proceeding'
        : [v.pledged ? 'Already pledged' : '', v.disputed ? 'Dispute, freeze or invalidation proceeding pending' : ''].filter(Boolean).join('; '),
  ),
  'ippTerm.met': t<{ maturity: string; expiresOn: string }>(
    (v) => `贷款到期日 ${v.maturity} 不晚于权利到期日 ${v.expiresOn}`,
    (v) => `The loan matures ${v.maturity}, not after the IP expires (${v.expiresOn})`,
  ),
  'ippTerm.unmet': t<{ maturity: string; expiresOn: string }>(
    (v) => `贷款到期日 ${v.maturity} 晚于权利到期日 ${v.expiresOn}`,
    (v) => `The loan matures ${v.maturity}, after the IP expires (${v.expiresOn})`,
  ),
  ippCoOwners: t<{ sole: boolean; consented: boolean; count: number }>(
    (v) => (v.sole ? '单独所有，无需共有人同意' : v.consented ? `${v.count} 名共有人均已同意出质` : '共有人未全部同意出质'),
    (v) => (v.sole ? 'Solely owned' : v.consented ? `All ${v.count} co-owner(s) consented` : 'Not every co-owner has consented'),
  ),
});

type YePathReqVars = { classIMin: number; classIIMin: number; national: ContestRank; provincial: ContestRank; ipMin: number; ventureMin: number };
const zhRank = (r: ContestRank) => CONTEST_RANK_LABELS[r]['zh-CN'];
const enRank = (r: ContestRank) => CONTEST_RANK_LABELS[r].en;
const flagList = (kinds: readonly FlagKind[], locale: Locale) => kinds.map((k) => FLAG_LABELS[k][locale]).join(locale === 'zh-CN' ? '、' : ', ');
const tierText = (tiers: readonly RdTier[], locale: Locale) =>
  tiers
    .map((tier) =>
      tier.maxSales === null ? `${locale === 'zh-CN' ? '以上' : 'above'} ${P(tier.min)}` : `≤ ${fmtMoney(locale, tier.maxSales)} ${P(tier.min)}`,
    )
    .join(locale === 'zh-CN' ? '；' : '; ');

const REQUIRED = lookupTable({
  tianjin: t<Record<string, never>>(
    () => '天津市注册（区划代码 12 开头）',
    () => 'Registered in Tianjin (district code 12…)',
  ),
  audit: t<Record<string, never>>(
    () => '查账征收',
    () => 'Taxed on actual accounts',
  ),
  moneyMin: t<{ min: number }>(
    (v) => `≥ ${zhM(v.min)}`,
    (v) => `≥ ${enM(v.min)}`,
  ),
  ratioMin: t<{ min: number }>(
    (v) => `≥ ${P(v.min)}`,
    (v) => `≥ ${P(v.min)}`,
  ),
  ratioMinYears: t<{ min: number; from: number; to: number }>(
    (v) => `${v.from}–${v.to} 年平均 ≥ ${P(v.min)}`,
    (v) => `≥ ${P(v.min)} on average over ${v.from}–${v.to}`,
  ),
  growthMin: t<{ min: number }>(
    (v) => `g ≥ ${P(v.min)}`,
    (v) => `g ≥ ${P(v.min)}`,
  ),
  growthOrVenture: t<{ min: number; ventureMin: number; from: number; to: number }>(
    (v) => `g ≥ ${P(v.min)}，或 ${v.from}–${v.to} 年单笔创业投资 ≥ ${zhM(v.ventureMin)}`,
    (v) => `g ≥ ${P(v.min)}, or a single venture investment ≥ ${enM(v.ventureMin)} in ${v.from}–${v.to}`,
  ),
  ipItems: t<{ itemsMin: number; classIMin: number }>(
    (v) => `I 类 + II 类 ≥ ${v.itemsMin} 项，或 I 类 ≥ ${v.classIMin} 项`,
    (v) => `≥ ${v.itemsMin} Class I/II items, or ≥ ${v.classIMin} Class I`,
  ),
  noFlags: t<{ kinds: readonly FlagKind[]; from: string; to: string }>(
    (v) => `${v.from} 至 ${v.to} 无：${flagList(v.kinds, 'zh-CN')}`,
    (v) => `None from ${v.from} to ${v.to} of: ${flagList(v.kinds, 'en')}`,
  ),
  credit: t<{ listings: readonly FlagKind[]; events: readonly FlagKind[]; from: string; to: string }>(
    (v) => `评价日 ${v.to} 未列入：${flagList(v.listings, 'zh-CN')}；${v.from} 至 ${v.to} 无：${flagList(v.events, 'zh-CN')}`,
    (v) => `Not on ${v.to} on: ${flagList(v.listings, 'en')}; none from ${v.from} to ${v.to} of: ${flagList(v.events, 'en')}`,
  ),
  notNegativeList: t<{ share: number }>(
    (v) => `不属于负面清单行业（或该业务收入占比 ≤ ${P(v.share)}）`,
    (v) => `Not a negative-list industry (or its revenue share ≤ ${P(v.share)})`,
  ),
  tsReg: t<Record<string, never>>(
    () => '在中国境内（不含港、澳、台）注册的居民企业（统一社会信用代码有效）',
    () => 'A resident enterprise registered in mainland China (valid USCC, not Hong Kong, Macao or Taiwan)',
  ),
  notRestricted: t<Record<string, never>>(
    () => '产品和服务不属于国家禁止、限制和淘汰类',
    () => 'Products and services not in the State’s prohibited, restricted or eliminated categories',
  ),
  size: t<{ maxEmployees: number; maxSales: number; maxAssets: number }>(
    (v) => `从业人员 ≤ ${v.maxEmployees} 人，销售收入 ≤ ${zhM(v.maxSales)}，资产总额 ≤ ${zhM(v.maxAssets)}`,
    (v) => `≤ ${v.maxEmployees} employees, sales ≤ ${enM(v.maxSales)}, total assets ≤ ${enM(v.maxAssets)}`,
  ),
  tsScore: t<{ passMark: number }>(
    (v) => `总分 ≥ ${v.passMark} 且科技人员指标得分 > 0`,
    (v) => `Score ≥ ${v.passMark} with S&T staff points > 0`,
  ),
  tsDirect: t<{ years: number; unitRank: number; drafterRank: number }>(
    (v) =>
      `有效高企证书；或近 ${v.years} 年国家科技奖（单位排名前 ${v.unitRank}）；或省级以上研发机构；或近 ${v.years} 年主导制定国际、国家或行业标准（排名前 ${v.drafterRank}）`,
    (v) =>
      `A valid HNTE certificate; or a national S&T award in the last ${v.years} years (top ${v.unitRank} units); or a provincial-or-higher R&D institution; or lead drafting of an international, national or industry standard in the last ${v.years} years (top ${v.drafterRank})`,
  ),
  dateRange: t<{ from: string; to: string }>(
    (v) => `${v.from}..${v.to}`,
    (v) => `${v.from}..${v.to}`,
  ),
  yePath: t<{ count: number }>(
    (v) => `${v.count} 项条件满足其一`,
    (v) => `Any one of ${v.count} paths`,
  ),
  yePathIp: t<YePathReqVars>(
    (v) => `有效 I 类 ≥ ${v.classIMin} 项，或 II 类 ≥ ${v.classIIMin} 项`,
    (v) => `≥ ${v.classIMin} valid Class I, or ≥ ${v.classIIMin} Class II`,
  ),
  yePathSoftware: t<YePathReqVars>(
    () => '软件企业证书和软件产品证书',
    () => 'Software-enterprise and software-product certificates',
  ),
  yePathContest: t<YePathReqVars>(
    (v) => `国家级大赛${zhRank(v.national)}及以上或省级大赛${zhRank(v.provincial)}及以上，且有效知识产权 ≥ ${v.ipMin} 项`,
    (v) => `National contest ${enRank(v.national)} or better, or provincial ${enRank(v.provincial)} or better, and ≥ ${v.ipMin} valid IP`,
  ),
  yePathHighTech: t<YePathReqVars>(
    () => '有效的国家或天津市高新技术企业证书',
    () => 'A valid national or Tianjin high-tech certificate',
  ),
  yePathAward: t<YePathReqVars>(
    () => '国家或省部级科技奖励',
    () => 'A national or provincial/ministerial S&T award',
  ),
  yePathRdInst: t<YePathReqVars>(
    () => '国家或省部级研发机构',
    () => 'A national or provincial/ministerial R&D institution',
  ),
  yePathStandard: t<YePathReqVars>(
    () => '参与制定国际、国家、行业、地方、团体或企业标准',
    () => 'Took part in drafting an international, national, industry, local, group or enterprise standard',
  ),
  yePathVc: t<YePathReqVars>(
    (v) => `单一机构单笔创业投资 ≥ ${zhM(v.ventureMin)}`,
    (v) => `A single venture investment ≥ ${enM(v.ventureMin)} from one institution`,
  ),
  yePathProject: t<YePathReqVars>(
    () => '承担国家或省部级科技计划项目',
    () => 'A national or provincial/ministerial S&T plan project',
  ),
  minDays: t<{ days: number }>(
    (v) => `成立满 ${v.days} 天`,
    (v) => `Registered ≥ ${v.days} days`,
  ),
  htIp: t<Record<string, never>>(
    () => '≥ 1 项 I 类知识产权，或未用于以往申报的 II 类知识产权',
    () => '≥ 1 Class I item, or a Class II item not used in an earlier application',
  ),
  htField: t<Record<string, never>>(
    () => '属于八大重点支持领域之一',
    () => 'One of the eight key fields',
  ),
  htRdTier: t<{ min: number; maxSales: number | null; above: number | null }>(
    (v) => `≥ ${P(v.min)}（上年销售收入${v.maxSales === null ? ` > ${zhM(v.above ?? 0)}` : ` ≤ ${zhM(v.maxSales)}`}）`,
    (v) => `≥ ${P(v.min)} (N-1 sales ${v.maxSales === null ? `> ${enM(v.above ?? 0)}` : `≤ ${enM(v.maxSales)}`})`,
  ),
  htRdTiers: t<{ tiers: readonly RdTier[] }>(
    (v) => `按上年销售收入分档：${tierText(v.tiers, 'zh-CN')}`,
    (v) => `By N-1 sales: ${tierText(v.tiers, 'en')}`,
  ),
  scoreMin: t<{ min: number }>(
    (v) => `≥ ${v.min}`,
    (v) => `≥ ${v.min}`,
  ),
  sdActivity: t<Record<string, never>>(
    () => '至少 1 个不属于排除范围的研发项目',
    () => 'At least one R&D project of a non-excluded activity',
  ),
  ledger: t<Record<string, never>>(
    () => '设置研发支出辅助账',
    () => 'An R&D auxiliary ledger',
  ),
  ippOwner: t<Record<string, never>>(
    () => '出质人为登记的权利人',
    () => 'The pledgor is the recorded owner',
  ),
  ippValid: t<Record<string, never>>(
    () => '可质押的权利类型，已授权、有效并已缴费',
    () => 'A pledgeable kind, granted, in force, fees paid',
  ),
  ippFree: t<Record<string, never>>(
    () => '未质押，无纠纷、冻结或无效宣告程序',
    () => 'Not pledged; no dispute, freeze or invalidation proceeding',
  ),
  ippTerm: t<Record<string, never>>(
    () => '贷款到期日不晚于权利到期日',
    () => 'Loan maturity on or before the IP expiry',
  ),
  ippCoOwners: t<Record<string, never>>(
    () => '共有人全部同意',
    () => 'Consent of every co-owner',
  ),
});

const PARAM_MESSAGES = lookupTable({
  number: t<string>(() => '应为数字', () => 'must be a number'),
  nonNegativeInteger: t<string>(() => '应为非负整数', () => 'must be a whole number ≥ 0'),
  fraction: t<string>(() => '应为 0 到 1 之间的小数（如 0.03 表示 3%）', () => 'must be a fraction between 0 and 1 (0.03 = 3%)'),
  growth: t<string>(() => '不能小于 -1', () => 'must be at least -1'),
  nonNegative: t<string>(() => '不能为负数', () => 'must not be negative'),
  range: t<string>(() => '应为 [最低分, 最高分]，且 0 ≤ 最低分 ≤ 最高分', () => 'must be [lowest, highest] with 0 ≤ lowest ≤ highest'),
  array: t<string>(() => '应为非空列表', () => 'must be a non-empty list'),
  object: t<string>(() => '应为对象', () => 'must be an object'),
  unknown: t<string>(() => '未知参数', () => 'unknown parameter'),
  bandsDescending: t<string>(() => '各档下限应从高到低严格递减', () => 'band lower edges must strictly decrease'),
  boolean: t<string>(() => '应为 true 或 false', () => 'must be true or false'),
  nullOnlyLast: t<string>(() => '只有最后一项可以不设上限（null）', () => 'only the last entry may be open-ended (null)'),
  nullOnlyFirst: t<string>(() => '只有第一行可以不设起始年（null）', () => 'only the first row may have no start year (null)'),
  ascending: t<string>(() => '上限应从低到高严格递增', () => 'upper bounds must strictly increase'),
  lastUnbounded: t<string>(() => '最后一档应不设上限（null）', () => 'the last tier must be open-ended (null)'),
  year: t<string>(() => '应为年份（整数）或 null', () => 'must be a year (integer) or null'),
  yearOrder: t<string>(() => '结束年不能早于起始年', () => 'the end year must not be before the start year'),
  contiguous: t<string>(() => '各行年份应首尾相接、不重叠', () => 'rows must follow each other without gaps or overlaps'),
  enum: t<string>((d) => `取值应为：${d}`, (d) => `must be one of: ${d}`),
  prefix: t<string>(() => '应为 GB/T 4754 代码前缀，如 F51', () => 'must be a GB/T 4754 prefix such as F51'),
  required: t<string>(() => '必填', () => 'is required'),
  belowBands: t<string>(() => '不能低于各档的最高分', () => 'must not be below the highest band points'),
  minYearsWindow: t<string>(() => '最少年数不能超过统计年数', () => 'must not exceed the window length'),
  program: t<string>(() => '未知的项目', () => 'unknown programme'),
  edition: t<string>((d) => `应为 1 到 ${d} 之间的整数`, (d) => `must be a whole number from 1 to ${d}`),
  reference: t<string>(() => '应为不超过 200 字的文号及条款', () => 'must be a document number and article of at most 200 characters'),
});

export type MessageKey = keyof typeof EXPLANATIONS;
export type MessageVars<K extends MessageKey> = Parameters<(typeof EXPLANATIONS)[K]['en']>[0];
export type RequiredKey = keyof typeof REQUIRED;
export type RequiredVars<K extends RequiredKey> = Parameters<(typeof REQUIRED)[K]['en']>[0];
export type ParamMessageKey = keyof typeof PARAM_MESSAGES;

/** One explanation line. */
export function explanation<K extends MessageKey>(locale: Locale, key: K, vars: MessageVars<K>): string {
  return (EXPLANATIONS[key][locale] as (v: MessageVars<K>) => string)(vars);
}

/** The human-readable threshold of a criterion ('' when explanations are off: the batch stores outcomes only). */
export function required<K extends RequiredKey>(sp: Speaker, key: K, vars: RequiredVars<K>): string {
  if (!sp.explain) return '';
  return (REQUIRED[key][sp.locale] as (v: RequiredVars<K>) => string)(vars);
}

export function paramMessage(locale: Locale, key: ParamMessageKey, detail = ''): string {
  return PARAM_MESSAGES[key][locale](detail);
}

/** For tests: every key of every catalogue renders in both locales. */
export const CATALOGUE_KEYS = {
  explanations: Object.keys(EXPLANATIONS) as MessageKey[],
  required: Object.keys(REQUIRED) as RequiredKey[],
  params: Object.keys(PARAM_MESSAGES) as ParamMessageKey[],
};
