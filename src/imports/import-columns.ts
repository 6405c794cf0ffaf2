import { pastDateProblem } from '../common/date-range.js';
import { isCalendarDate } from '../common/validators.js';
import { normaliseTags } from '../enterprises/enterprise.mapper.js';
import { translate } from '../i18n/i18n.js';
import {
  ACQUISITIONS, FINANCIAL_COUNT_FIELDS, LISTING_FLAG_KINDS, FINANCIAL_MONEY_FIELDS, HIGH_TECH_FIELDS, IP_KINDS, IP_STATUSES, TAX_MODES,
} from '../policy/engine/facts.js';
import { usccIsValid } from '../policy/engine/uscc.js';
import { lookupTable } from '../common/own-key.js';
import { FACT_SOURCES } from '../enterprises/stored-facts.dto.js';

/**
 * The import kinds ("multi-database linkage": registry, tax, IP-office and credit-list exports), their
 * columns with Chinese and English headers, and the parsers that turn a cell (CSV text or an
 * XLSX value: string, number, Date, boolean) into a normalised value or a message key.
 */
export const IMPORT_KINDS = ['enterprises', 'financials', 'ip-assets', 'credit-lists', 'kpi-figures'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type ColumnType =
  | 'uscc' | 'text' | 'district' | 'zone' | 'date' | 'industry' | 'taxMode' | 'field' | 'money' | 'count' | 'year'
  | 'bool' | 'tags' | 'ipKind' | 'ipStatus' | 'acquisition' | 'list' | 'creditKind' | 'factSource'
  | 'signedMoney' | 'decimal' | 'kpiSource';

export interface ColumnDef {
  key: string;
  type: ColumnType;
  /** Header in the template (Chinese) and in English; both are accepted, as are the aliases. */
  zh: string;
  en: string;
  required?: boolean;
  aliases?: string[];
  max?: number;
  /** A date of a past event: 1900-01-01 … today (Beijing). */
  past?: boolean;
}

const figureZh: Record<string, string> = {
  operatingRevenue: '营业收入', salesRevenue: '销售收入', mainBusinessRevenue: '主营业务收入', totalIncome: '收入总额',
  nonTaxableIncome: '不征税收入', investmentIncome: '投资收益', highTechRevenue: '高新技术产品（服务）收入', rdExpense: '研发费用',
  rdExpenseDomestic: '境内研发费用', totalCostAndExpense: '成本费用总额', totalAssets: '资产总额', totalLiabilities: '负债总额',
  employees: '职工总数', stStaff: '科技人员数', transformedAchievements: '科技成果转化数',
};
const figureEn: Record<string, string> = {
  operatingRevenue: 'Operating revenue', salesRevenue: 'Sales revenue', mainBusinessRevenue: 'Main-business revenue', totalIncome: 'Total income',
  nonTaxableIncome: 'Non-taxable income', investmentIncome: 'Investment income', highTechRevenue: 'High-tech product/service revenue',
  rdExpense: 'R&D expense', rdExpenseDomestic: 'R&D expense in China', totalCostAndExpense: 'Total cost and expense', totalAssets: 'Total assets',
  totalLiabilities: 'Total liabilities', employees: 'Employees', stStaff: 'S&T staff', transformedAchievements: 'Transformed achievements',
};

const USCC: ColumnDef = { key: 'uscc', type: 'uscc', zh: '统一社会信用代码', en: 'USCC', required: true, aliases: ['信用代码', '社会信用代码', '统一代码', 'unified social credit code', 'credit code'] };

export const COLUMNS: Record<ImportKind, ColumnDef[]> = lookupTable<Record<ImportKind, ColumnDef[]>>({
  enterprises: [
    USCC,
    { key: 'name', type: 'text', zh: '企业名称', en: 'Name', required: true, max: 128, aliases: ['名称', '单位名称', '企业全称', 'enterprise name', 'company name'] },
    { key: 'districtCode', type: 'district', zh: '所属区', en: 'District', required: true, aliases: ['区', '所属区县', '行政区', '行政区划', '区划代码', 'district code'] },
    { key: 'zoneCode', type: 'zone', zh: '功能区', en: 'Functional zone', aliases: ['所属功能区', 'zone', 'zone code'] },
    { key: 'establishedOn', type: 'date', past: true, zh: '成立日期', en: 'Established on', aliases: ['注册日期', '设立日期', 'established', 'date of establishment'] },
    { key: 'industryCode', type: 'industry', zh: '行业代码', en: 'Industry code', aliases: ['国民经济行业代码', '行业分类代码', 'industry'] },
    { key: 'taxMode', type: 'taxMode', zh: '征收方式', en: 'Tax mode', aliases: ['企业所得税征收方式', 'tax'] },
    { key: 'highTechField', type: 'field', zh: '技术领域', en: 'High-tech field', aliases: ['高新技术领域', '所属技术领域', 'field'] },
    { key: 'registeredCapital', type: 'money', zh: '注册资本', en: 'Registered capital', aliases: ['注册资金'] },
    { key: 'address', type: 'text', zh: '地址', en: 'Address', max: 255, aliases: ['注册地址', '住所', '通讯地址'] },
    { key: 'tags', type: 'tags', zh: '标签', en: 'Tags' },
    { key: 'rdLedger', type: 'bool', zh: '研发辅助账', en: 'R&D ledger', aliases: ['是否设置研发辅助账', 'rd ledger'] },
    { key: 'restrictedCategory', type: 'bool', zh: '限制淘汰类', en: 'Restricted category', aliases: ['是否属于限制类淘汰类', '限制类淘汰类', 'restricted category'] },
  ],
  financials: [
    USCC,
    { key: 'year', type: 'year', zh: '年度', en: 'Year', required: true, aliases: ['年份', '会计年度', '所属年度', 'fiscal year'] },
    ...FINANCIAL_MONEY_FIELDS.map((key): ColumnDef => ({ key, type: 'money', zh: figureZh[key]!, en: figureEn[key]! })),
    ...FINANCIAL_COUNT_FIELDS.map((key): ColumnDef => ({ key, type: 'count', zh: figureZh[key]!, en: figureEn[key]! })),
  ],
  'ip-assets': [
    USCC,
    { key: 'kind', type: 'ipKind', zh: '类别', en: 'Kind', required: true, aliases: ['知识产权类别', '类型', 'type'] },
    { key: 'number', type: 'text', zh: '编号', en: 'Number', required: true, max: 64, aliases: ['专利号', '登记号', '申请号', '证书号', '知识产权编号', 'ip number', 'registration number'] },
    { key: 'title', type: 'text', zh: '名称', en: 'Title', max: 255, aliases: ['知识产权名称', '专利名称', 'name'] },
    { key: 'status', type: 'ipStatus', zh: '状态', en: 'Status', required: true, aliases: ['法律状态', 'legal status'] },
    { key: 'grantedOn', type: 'date', past: true, zh: '授权日期', en: 'Granted on', aliases: ['授权公告日', '登记日期', 'granted'] },
    { key: 'expiresOn', type: 'date', zh: '到期日', en: 'Expires on', aliases: ['到期日期', '有效期至', 'expires'] },
    { key: 'acquisition', type: 'acquisition', zh: '取得方式', en: 'Acquisition', aliases: ['获得方式'] },
    { key: 'usedInHighTechApplication', type: 'bool', zh: '用于高企申报', en: 'Used in high-tech application', aliases: ['是否用于高企申报'] },
    { key: 'relatedToMainProducts', type: 'bool', zh: '与主营产品相关', en: 'Related to main products', aliases: ['是否与主营产品相关'] },
    { key: 'coOwners', type: 'list', zh: '共有人', en: 'Co-owners', aliases: ['共同权利人'] },
  ],
  // The abnormal-operation and serious-dishonesty lists (Credit China, market regulation), keyed by USCC + list + listing date.
  'credit-lists': [
    USCC,
    { key: 'kind', type: 'creditKind', zh: '名单类型', en: 'List', required: true, aliases: ['名单', '名单类别', '类别', '类型', '列入名单', 'kind', 'list type'] },
    { key: 'listedOn', type: 'date', past: true, zh: '列入日期', en: 'Listed on', required: true, aliases: ['列入时间', '列入经营异常名录日期', '列入严重违法失信名单日期', '作出列入决定日期', 'listed', 'listing date'] },
    { key: 'removedOn', type: 'date', past: true, zh: '移出日期', en: 'Removed on', aliases: ['移出时间', '移除日期', '移出经营异常名录日期', '作出移出决定日期', 'removed', 'removal date'] },
    { key: 'source', type: 'factSource', zh: '来源', en: 'Source', aliases: ['数据来源', '信息来源', 'data source'] },
    { key: 'note', type: 'text', zh: '列入原因', en: 'Reason', max: 255, aliases: ['列入事由', '原因', '备注', 'reason', 'note'] },
  ],
  // Transformation KPIs (rules.md §9): the tax bureau's, the statistics bureau's and the energy
  // layouts use these headers; one file may carry any of the figures. Revenue, employees and R&D
  // come with the annual-figures import. The source column names who stated the figures.
  'kpi-figures': [
    { ...USCC, aliases: [...(USCC.aliases ?? []), '纳税人识别号', '纳税人识别号(统一社会信用代码)', '统一社会信用代码(纳税人识别号)', '单位统一社会信用代码'] },
    { key: 'year', type: 'year', zh: '年度', en: 'Year', required: true, aliases: ['年份', '会计年度', '所属年度', '统计年度', '税款所属年度', '报告期', 'fiscal year'] },
    { key: 'landMu', type: 'decimal', zh: '用地面积(亩)', en: 'Land (mu)', aliases: ['用地面积', '占地面积', '占地面积(亩)', '土地面积(亩)', '实际用地面积(亩)', '用地(亩)', 'land', 'land mu'] },
    { key: 'taxesPaid', type: 'money', zh: '实缴税金', en: 'Taxes paid', aliases: ['实缴税收', '实缴税款', '税收总额', '纳税总额', '实际入库税收', '入库税收', 'taxes'] },
    { key: 'totalProfit', type: 'signedMoney', zh: '利润总额', en: 'Total profit', aliases: ['利润', 'profit'] },
    { key: 'valueAdded', type: 'money', zh: '工业增加值', en: 'Value added', aliases: ['增加值', '工业增加值(现价)', 'industrial value added'] },
    { key: 'energyTce', type: 'decimal', zh: '综合能源消费量(吨标准煤)', en: 'Energy (tce)', aliases: ['综合能源消费量', '综合能耗', '综合能耗(吨标准煤)', '综合能耗(吨标煤)', '能源消费总量(吨标准煤)', '能耗(吨标准煤)', 'energy', 'energy tce'] },
    { key: 'source', type: 'kpiSource', zh: '数据来源', en: 'Source', aliases: ['来源', '信息来源', 'data source'] },
    { key: 'sourceAsOf', type: 'date', past: true, zh: '数据日期', en: 'Source date', aliases: ['来源日期', '截止日期', '报送日期', 'as of'] },
  ],
});

/** Header as compared: NFKC, lower case, no spaces, no required-marker, unit suffix split off. */
export function normaliseHeader(raw: unknown): { name: string; unit: 1 | 10000 } {
  let h = String(raw ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/^\*|\*$/g, '');
  let unit: 1 | 10000 = 1;
  const m = /\((元|万元|万|yuan|cny|10kyuan|10,000yuan|rmb10k)\)$/.exec(h);
  if (m) {
    unit = m[1] === '万元' || m[1] === '万' || m[1]!.startsWith('10') || m[1] === 'rmb10k' ? 10000 : 1;
    h = h.slice(0, m.index);
  }
  return { name: h, unit };
}

const norm = (s: string) => normaliseHeader(s).name;

export interface HeaderMapping {
  /** Column index in the file → definition and unit multiplier. */
  columns: Map<number, { def: ColumnDef; unit: 1 | 10000; header: string }>;
  missing: ColumnDef[];
  ignored: string[];
  duplicated: string[];
}

export function mapHeaders(kind: ImportKind, headers: unknown[]): HeaderMapping {
  const defs = COLUMNS[kind];
  const lookup = new Map<string, ColumnDef>();
  for (const def of defs) for (const name of [def.zh, def.en, def.key, ...(def.aliases ?? [])]) lookup.set(norm(name), def);
  const columns = new Map<number, { def: ColumnDef; unit: 1 | 10000; header: string }>();
  const seen = new Set<string>();
  const ignored: string[] = [];
  const duplicated: string[] = [];
  headers.forEach((raw, index) => {
    const header = String(raw ?? '').trim();
    if (!header) return;
    const { name, unit } = normaliseHeader(header);
    const def = lookup.get(name);
    if (!def) return void ignored.push(header.slice(0, 64));
    if (seen.has(def.key)) return void duplicated.push(header.slice(0, 64));
    seen.add(def.key);
    columns.set(index, { def, unit: def.type === 'money' || def.type === 'signedMoney' ? unit : 1, header: header.slice(0, 64) });
  });
  return { columns, missing: defs.filter((d) => d.required && !seen.has(d.key)), ignored, duplicated };
}

/** A parsed cell: a value, "empty" (left unchanged), or a message key with parameters. */
export type CellResult = { ok: true; value: unknown } | { ok: false; key: string; params?: Record<string, unknown> } | { ok: true; empty: true };

export type CellValue = string | number | boolean | Date | null | undefined;

export interface ReferenceLookup {
  districts: { code: string; nameZh: string; nameEn: string }[];
  zones: { code: string; nameZh: string; nameEn: string }[];
}

const EMPTY: CellResult = { ok: true, empty: true };
const fail = (key: string, params?: Record<string, unknown>): CellResult => ({ ok: false, key, params });
const ok = (value: unknown): CellResult => ({ ok: true, value });

function text(v: CellValue): string {
  return asGiven(v).normalize('NFKC');
}

/**
 * Free text (names, addresses) is stored as the file gives it, only trimmed: a registered name's
 * full-width brackets （改名） are part of the name. Width folding belongs to searching, not storing.
 */
function asGiven(v: CellValue): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v ?? '').trim();
}

/** Labels in both languages → code, for enumerations typed as words ("发明专利", "Invention patent"). */
function enumLookup(prefix: string, codes: readonly string[], extra: Record<string, string> = {}): Map<string, string> {
  const map = new Map<string, string>();
  for (const code of codes) {
    map.set(code.toLowerCase(), code);
    for (const locale of ['zh-CN', 'en'] as const) map.set(translate(locale, `${prefix}${code}`).normalize('NFKC').toLowerCase().replace(/\s+/g, ''), code);
  }
  for (const [k, v] of Object.entries(extra)) map.set(k.toLowerCase(), v);
  return map;
}

let enumCache: Record<string, Map<string, string>> | null = null;
function enums() {
  enumCache ??= {
    taxMode: enumLookup('taxMode.', TAX_MODES, { 查账: 'audit', 查账征收: 'audit', 核定: 'deemed', 核定征收: 'deemed', 核定应税所得率: 'deemed', 定额征收: 'deemed' }),
    field: enumLookup('field.', HIGH_TECH_FIELDS, { 生物与新医药技术: 'biomedicine', 电子信息技术: 'electronic-information', 新材料技术: 'new-materials', 高技术服务业: 'high-tech-services', 新能源及节能技术: 'new-energy', 资源与环境技术: 'resources-environment', 先进制造与自动化技术: 'advanced-manufacturing', 航空航天技术: 'aerospace' }),
    ipKind: enumLookup('ipKind.', IP_KINDS, { 发明: 'invention-patent', 实用新型: 'utility-model', 外观设计: 'design-patent', 软著: 'software-copyright', 计算机软件著作权: 'software-copyright', 集成电路布图设计专有权: 'ic-layout' }),
    ipStatus: enumLookup('ipStatus.', IP_STATUSES, { 授权: 'valid', 有效专利: 'valid', 专利权维持: 'valid', 审中: 'pending', 实审: 'pending', 公开: 'pending', 已失效: 'lapsed', 未缴年费: 'lapsed', 期满终止: 'lapsed', 无效: 'invalidated', 全部无效: 'invalidated' }),
    creditKind: enumLookup('flag.', LISTING_FLAG_KINDS, { 经营异常: 'abnormal-operation', 经营异常名录: 'abnormal-operation', 异常名录: 'abnormal-operation', 严重违法失信: 'serious-dishonesty', 严重违法失信名单: 'serious-dishonesty', 严重违法失信企业名单: 'serious-dishonesty', 严重失信: 'serious-dishonesty', 黑名单: 'serious-dishonesty' }),
    factSource: enumLookup('factSource.', FACT_SOURCES, { 信用中国: 'credit-china', 信用中国网站: 'credit-china', 国家企业信用信息公示系统: 'market-regulation', 市场监督管理局: 'market-regulation', 市场监管局: 'market-regulation', 税务局: 'tax' }),
    // The bureaus that send KPI layouts, by the names their files use.
    kpiSource: new Map(Object.entries({ 统计局: 'statistics', 统计部门: 'statistics', 国家统计局: 'statistics', 能源统计: 'statistics', 能耗在线监测: 'statistics', 税务部门: 'tax', 国家税务总局: 'tax', 税务局: 'tax', 规划和自然资源局: 'import', 自然资源部门: 'import' })),
    acquisition: enumLookup('acquisition.', ACQUISITIONS, { 自主研发: 'own', 原始取得: 'own', 自有: 'own', 自主: 'own', 受让: 'acquired', 继受取得: 'acquired', 转让: 'acquired', 并购: 'acquired', 受赠: 'acquired' }),
  };
  return enumCache;
}

function parseNumber(v: CellValue): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = text(v).replace(/[,，\s]/g, '').replace(/^[¥￥]/, '').replace(/元$/, '');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** Excel stores dates as days since 1899-12-30 (the 1900 leap-year bug included). */
function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86400_000).toISOString().slice(0, 10);
}

export function parseDate(v: CellValue): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return excelSerialToIso(v);
  const s = text(v);
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) {
    // "2019-05-20 00:00:00" or an ISO timestamp: the calendar date part.
    m = /^(\d{4})-(\d{2})-(\d{2})[T ]/.exec(s);
    if (!m) return null;
  }
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : null;
}

/**
 * One cell → value. Empty cells are "not given": an import never clears a value, it only sets
 * what the file states.
 */
/** `today` is the business date (YYYY-MM-DD, Beijing) the file is checked against. */
export function parseCell(def: ColumnDef, raw: CellValue, unit: 1 | 10000, ref: ReferenceLookup, today: string): CellResult {
  const currentYear = Number(today.slice(0, 4));
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return EMPTY;
  switch (def.type) {
    case 'uscc': {
      const s = text(raw).toUpperCase();
      return usccIsValid(s) ? ok(s) : fail('import.error.uscc');
    }
    case 'text': {
      const s = asGiven(raw).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
      if (def.max && s.length > def.max) return fail('import.error.tooLong', { max: def.max });
      if (def.key === 'name' && s.length < 2) return fail('import.error.tooShort', { min: 2 });
      return ok(s);
    }
    case 'district': {
      const s = text(raw);
      const hit = ref.districts.find((d) => d.code === s || d.nameZh === s || d.nameZh.replace(/(新区|区)$/, '') === s || d.nameEn.toLowerCase() === s.toLowerCase());
      return hit ? ok(hit.code) : fail('import.error.district');
    }
    case 'zone': {
      const s = text(raw);
      const hit = ref.zones.find((z) => z.code === s || z.nameZh === s || z.nameEn.toLowerCase() === s.toLowerCase());
      return hit ? ok(hit.code) : fail('import.error.zone');
    }
    case 'date': {
      const iso = parseDate(raw);
      if (!iso) return fail('import.error.date');
      const problem = def.past ? pastDateProblem(iso, today) : null;
      return problem ? fail(problem) : ok(iso);
    }
    case 'industry': {
      const s = text(raw).toUpperCase();
      return /^[A-T]\d{2,4}$/.test(s) ? ok(s) : fail('import.error.industry');
    }
    case 'kpiSource': {
      const code = enums().factSource!.get(text(raw).toLowerCase().replace(/\s+/g, '')) ?? enums().kpiSource!.get(text(raw).toLowerCase().replace(/\s+/g, ''));
      return code ? ok(code) : fail('import.error.choice');
    }
    case 'signedMoney': {
      const n = parseNumber(raw);
      if (n === null) return fail('import.error.number');
      const yuan = Math.round(n * unit * 100) / 100;
      return Math.abs(yuan) > 1e13 ? fail('import.error.tooLarge') : ok(yuan);
    }
    case 'decimal': {
      const n = parseNumber(raw);
      if (n === null) return fail('import.error.number');
      if (n < 0) return fail('import.error.negative');
      return n > 1e9 ? fail('import.error.tooLarge') : ok(Math.round(n * 100) / 100);
    }
    case 'creditKind':
    case 'factSource':
    case 'taxMode':
    case 'field':
    case 'ipKind':
    case 'ipStatus':
    case 'acquisition': {
      const code = enums()[def.type]!.get(text(raw).toLowerCase().replace(/\s+/g, ''));
      return code ? ok(code) : fail('import.error.choice');
    }
    case 'money': {
      const n = parseNumber(raw);
      if (n === null) return fail('import.error.number');
      if (n < 0) return fail('import.error.negative');
      const yuan = Math.round(n * unit * 100) / 100;
      return yuan > 1e13 ? fail('import.error.tooLarge') : ok(yuan);
    }
    case 'count': {
      const n = parseNumber(raw);
      if (n === null || !Number.isInteger(n)) return fail('import.error.integer');
      if (n < 0) return fail('import.error.negative');
      return n > 10_000_000 ? fail('import.error.tooLarge') : ok(n);
    }
    case 'year': {
      const n = parseNumber(raw);
      if (n === null || !Number.isInteger(n) || n < 1990 || n > currentYear) return fail('import.error.year', { max: currentYear });
      return ok(n);
    }
    case 'bool': {
      if (typeof raw === 'boolean') return ok(raw);
      const s = text(raw).toLowerCase();
      if (['是', '有', 'y', 'yes', 'true', '1', '√', '✓'].includes(s)) return ok(true);
      if (['否', '无', 'n', 'no', 'false', '0', '×', '✗'].includes(s)) return ok(false);
      return fail('import.error.bool');
    }
    case 'tags': {
      const tags = normaliseTags(text(raw).split(/[,，;；、]/));
      if (tags.some((t) => t.length > 32)) return fail('import.error.tooLong', { max: 32 });
      return ok(tags);
    }
    case 'list': {
      const items = text(raw).split(/[;；、,，]/).map((s) => s.trim()).filter(Boolean);
      if (items.length > 20 || items.some((s) => s.length > 128)) return fail('import.error.tooLong', { max: 128 });
      return ok(items);
    }
  }
}
