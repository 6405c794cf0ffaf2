import type { DataSource } from 'typeorm';
import { TIERS, type Tier } from '../../ladder/tiers.js';
import { TIANJIN_LADDER } from '../../ladder/ladders.js';
import { hashPassword } from '../../auth/password.js';
import { makeUscc } from '../../database/seed/demo-seed.js';
import { Random } from '../../database/seed/random.js';
import { normaliseEnterpriseName } from '../../enterprises/enterprise-name.js';
import { BulkSink, type Cell } from './sink.js';
import { ApplicationsPart } from './applications.js';
import { ProjectsPart } from './projects.js';
import { businessDate, now as clockNow } from '../../common/clock.js';
import { gradeYearInDb } from '../../kpis/kpi-grades.service.js';
import { DEFAULT_GRADING } from '../../kpis/kpi-grading.js';

/** The transformation targets' baseline year as seeded (reference setting kpi.baselineYear). */
const KPI_BASELINE_YEAR = 2020;

/**
 * A realistic city for load tests and capacity planning: enterprises spread over Tianjin's 16
 * districts in plausible proportions (Binhai New Area by far the largest), each with 3–5 years of
 * figures, an IP portfolio, certificates (HNTE with a spread of expiries), tier recognitions, about
 * ten activities, some tasks, contacts, tags, the odd credit flag, an enterprise user, and (where
 * the applications module's tables exist) applications in every status. Deterministic for a seed.
 */

/** Share of the city's SMEs per district (sums to 1). Binhai ≈ a third, the outer districts a few % each. */
export const DISTRICT_SHARES: { code: string; slug: string; share: number; zones?: string[] }[] = [
  { code: '120116', slug: 'binhai', share: 0.36, zones: ['binhai-hitech', 'teda', 'bonded', 'dongjiang', 'eco-city'] },
  { code: '120111', slug: 'xiqing', share: 0.08 },
  { code: '120114', slug: 'wuqing', share: 0.07 },
  { code: '120110', slug: 'dongli', share: 0.06 },
  { code: '120113', slug: 'beichen', share: 0.06 },
  { code: '120112', slug: 'jinnan', share: 0.06 },
  { code: '120104', slug: 'nankai', share: 0.06 },
  { code: '120103', slug: 'hexi', share: 0.05 },
  { code: '120115', slug: 'baodi', share: 0.035 },
  { code: '120118', slug: 'jinghai', share: 0.035 },
  { code: '120102', slug: 'hedong', share: 0.025 },
  { code: '120101', slug: 'heping', share: 0.025 },
  { code: '120105', slug: 'hebei', share: 0.025 },
  { code: '120117', slug: 'ninghe', share: 0.02 },
  { code: '120119', slug: 'jizhou', share: 0.02 },
  { code: '120106', slug: 'hongqiao', share: 0.015 },
];

type TierName = Tier;
interface Profile {
  tier: TierName | null;
  share: number;
  revenue: [number, number];
  employees: [number, number];
  rd: [number, number];
  ip: [number, number];
  hnte: number;
  growth: [number, number];
}
/** The ladder thins out as it rises: most SMEs hold no recognition, a few hundred are gazelles, tens lead. */
const PROFILES: Profile[] = [
  { tier: null, share: 0.78, revenue: [200_000, 8_000_000], employees: [3, 40], rd: [0, 0.03], ip: [0, 3], hnte: 0.03, growth: [-0.08, 0.2] },
  { tier: 'tech-sme', share: 0.12, revenue: [1_000_000, 40_000_000], employees: [10, 150], rd: [0.03, 0.09], ip: [2, 12], hnte: 0.4, growth: [0, 0.3] },
  { tier: 'young-eagle', share: 0.065, revenue: [500_000, 15_000_000], employees: [8, 80], rd: [0.05, 0.15], ip: [1, 8], hnte: 0.2, growth: [0.1, 0.6] },
  { tier: 'gazelle', share: 0.025, revenue: [15_000_000, 150_000_000], employees: [50, 400], rd: [0.04, 0.1], ip: [8, 30], hnte: 0.8, growth: [0.2, 0.5] },
  { tier: 'leader-candidate', share: 0.007, revenue: [200_000_000, 500_000_000], employees: [250, 1000], rd: [0.03, 0.08], ip: [20, 50], hnte: 0.9, growth: [0.05, 0.25] },
  { tier: 'leader', share: 0.003, revenue: [500_000_000, 3_000_000_000], employees: [800, 5000], rd: [0.03, 0.07], ip: [30, 80], hnte: 0.95, growth: [0.03, 0.2] },
];

const TRADES: { suffix: string; industry: string; field: string | null }[] = [
  { suffix: '信息技术', industry: 'I6510', field: 'electronic-information' },
  { suffix: '软件', industry: 'I6511', field: 'electronic-information' },
  { suffix: '网络科技', industry: 'I6420', field: 'electronic-information' },
  { suffix: '电子', industry: 'C3971', field: 'electronic-information' },
  { suffix: '生物医药', industry: 'C2761', field: 'biomedicine' },
  { suffix: '医疗器械', industry: 'C3581', field: 'biomedicine' },
  { suffix: '新材料', industry: 'C2651', field: 'new-materials' },
  { suffix: '化工', industry: 'C2614', field: 'new-materials' },
  { suffix: '智能装备', industry: 'C3491', field: 'advanced-manufacturing' },
  { suffix: '自动化', industry: 'C4011', field: 'advanced-manufacturing' },
  { suffix: '机械', industry: 'C3421', field: 'advanced-manufacturing' },
  { suffix: '汽车零部件', industry: 'C3670', field: 'advanced-manufacturing' },
  { suffix: '新能源', industry: 'C3841', field: 'new-energy' },
  { suffix: '环保科技', industry: 'N7722', field: 'resources-environment' },
  { suffix: '航空科技', industry: 'C3741', field: 'aerospace' },
  { suffix: '检测技术', industry: 'M7452', field: 'high-tech-services' },
  { suffix: '科技服务', industry: 'M7590', field: 'high-tech-services' },
  { suffix: '商贸', industry: 'F5179', field: null },
  { suffix: '物流', industry: 'G5810', field: null },
  { suffix: '餐饮管理', industry: 'H6210', field: null },
];
const CHARS = '智航芯源云图星辰远景睿思博纳恒信精测康瑞绿能海创微纳天合锐科华拓鼎晟凯特光启盛达宏图中科瑞普泰和安捷诚信永昌东方金桥长城宇通汇丰隆基众诚华阳德润嘉禾新元明德聚力启航致远同创卓越';
const PLACES = ['', '', '', '津', '海河', '渤海', '滨城', '北洋', '津门', '泰达', '天开', '华北', '中环', '南开', '和平'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const ACTIVITY_TEXT: Record<string, string[]> = {
  visit: ['走访企业，了解研发投入和人员情况', '实地走访，核实厂房和生产线', '走访座谈，介绍雏鹰瞪羚政策', '陪同区领导调研，企业提出融资需求', '走访了解高企认定准备情况'],
  call: ['电话提醒企业报送年度数据', '电话沟通知识产权质押贷款意向', '电话确认联系人变更', '电话通知参加政策宣讲会'],
  meeting: ['参加企业研发项目评审会', '组织银企对接会，企业参会', '政策宣讲会，企业财务负责人参加'],
  note: ['企业计划明年申报瞪羚企业', '企业研发费用归集不规范，已建议设立辅助账', '企业拟引入战略投资', '企业反映用工困难', '已收到企业提交的审计报告'],
};
const TASK_TITLES = ['跟进年度数据报送', '提醒高企证书到期复审', '核实研发费用辅助账', '收集审计报告', '回访融资需求', '准备雏鹰企业评价材料', '核对知识产权清单', '安排现场走访'];

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
const yuanToFen = (yuan: number) => Math.round(yuan) * 100;

export interface BulkOptions {
  enterprises: number;
  seed: number;
  password: string;
  /** Enterprises per transaction. */
  batchSize?: number;
  /** One enterprise login per enterprise (username = USCC), as in the demo data. */
  enterpriseUsers?: boolean;
  today?: Date;
  progress?: (line: string) => void;
}

export interface BulkResult {
  enterprises: number;
  rows: number;
  rowsByTable: Record<string, number>;
  seconds: number;
  staff: { username: string; role: string; scope: string }[];
}

const USER_COLUMNS = ['id', 'username', 'display_name', 'password_hash', 'role', 'district_code', 'zone_code', 'enterprise_id', 'locale', 'active', 'failed_attempts', 'password_changed_at', 'created_at', 'updated_at'];

interface Staff {
  id: number;
  username: string;
  role: 'admin' | 'manager' | 'officer';
  districtCode: string | null;
  zoneCode: string | null;
  displayName: string;
}

function pickWeighted<T extends { share: number }>(rnd: Random, items: T[]): T {
  let x = rnd.next();
  for (const item of items) if ((x -= item.share) < 0) return item;
  return items[items.length - 1]!;
}

/** Log-uniform draw: as many small firms as large ones per order of magnitude. */
function logBetween(rnd: Random, lo: number, hi: number): number {
  return Math.exp(rnd.between(Math.log(Math.max(lo, 1)), Math.log(hi)));
}

/** Fills an empty, migrated database. Returns counts and the time taken. */
export async function generateCity(dataSource: DataSource, options: BulkOptions): Promise<BulkResult> {
  const started = Date.now();
  const rnd = new Random(options.seed);
  // Recognitions on the other configured ladders (SRDI …) draw from their own stream, so the
  // Tianjin data of a seed stays what it was before ladders were configuration.
  const ladderRnd = new Random(options.seed * 31 + 17);
  const today = options.today ?? clockNow();
  const currentYear = Number(businessDate(today).slice(0, 4));
  const batchSize = options.batchSize ?? 2000;
  const log = options.progress ?? (() => undefined);
  const sink = new BulkSink(dataSource);
  await sink.prepareForLoad();

  const existing = Number((await dataSource.query('SELECT COUNT(*) AS n FROM enterprise'))[0].n);
  if (existing > 0) throw new Error(`the database already holds ${existing} enterprises: bulk generation needs an empty one`);
  const maxUser = Number((await dataSource.query('SELECT COALESCE(MAX(id), 0) AS n FROM app_user'))[0].n);
  const usedUsernames = new Set<string>((await dataSource.query('SELECT username FROM app_user')).map((r: { username: string }) => r.username));

  const passwordHash = await hashPassword(options.password);
  const now = today;

  sink.table('app_user', USER_COLUMNS);
  const userRow = (id: number, username: string, displayName: string, role: string, districtCode: string | null, zoneCode: string | null, enterpriseId: number | null, at: Date): Cell[] =>
    [id, username, displayName.slice(0, 64), passwordHash, role, districtCode, zoneCode, enterpriseId, 'zh-CN', true, 0, at, at, at];

  // Staff: the demo accounts (admin, manager, officer.binhai, officer.nankai) and officers for every
  // district in proportion to its size, plus two functional-zone officers in Binhai.
  let userId = maxUser;
  const staff: Staff[] = [];
  const addStaff = (username: string, role: Staff['role'], districtCode: string | null, zoneCode: string | null, displayName: string) => {
    if (usedUsernames.has(username)) return;
    usedUsernames.add(username);
    const s: Staff = { id: ++userId, username, role, districtCode, zoneCode, displayName };
    staff.push(s);
    sink.add('app_user', userRow(s.id, username, displayName, role, districtCode, zoneCode, null, now));
  };
  addStaff('admin', 'admin', null, null, '系统管理员');
  addStaff('manager', 'manager', null, null, '王处长');
  for (const d of DISTRICT_SHARES) {
    const officers = Math.max(1, Math.round(d.share * 20));
    for (let i = 1; i <= officers; i++) {
      addStaff(i === 1 ? `officer.${d.slug}` : `officer.${d.slug}.${i}`, 'officer', d.code, null, `${SURNAMES[rnd.int(0, SURNAMES.length - 1)]}${rnd.pick(['明', '华', '静', '伟', '磊', '芳'])}（${d.slug}）`);
    }
  }
  addStaff('officer.teda', 'officer', null, 'teda', '经开区专员');
  addStaff('officer.binhai-hitech', 'officer', null, 'binhai-hitech', '高新区专员');
  const officersOf = new Map<string, Staff[]>();
  for (const s of staff) if (s.role === 'officer' && s.districtCode) officersOf.set(s.districtCode, [...(officersOf.get(s.districtCode) ?? []), s]);
  const admin = staff.find((s) => s.username === 'admin');
  await sink.flushBatch();

  const maxEnterprise = Number((await dataSource.query('SELECT COALESCE(MAX(id), 0) AS n FROM enterprise'))[0].n);
  const otherLadders = await otherLadderRungs(dataSource);
  sink.table('enterprise', ['id', 'uscc', 'name', 'name_normalized', 'district_code', 'zone_code', 'established_on', 'industry_code', 'tax_mode', 'high_tech_field', 'registered_capital', 'address', 'assigned_officer_id', 'tags', 'current_tier', 'rd_ledger', 'restricted_category', 'version', 'created_at', 'updated_at']);
  sink.table('enterprise_tag', ['enterprise_id', 'tag']);
  sink.table('annual_financials', ['enterprise_id', 'year', 'operating_revenue', 'sales_revenue', 'main_business_revenue', 'total_income', 'non_taxable_income', 'investment_income', 'high_tech_revenue', 'rd_expense', 'rd_expense_domestic', 'total_cost_and_expense', 'total_assets', 'total_liabilities', 'employees', 'st_staff', 'transformed_achievements', 'source', 'verified_at', 'verified_by', 'updated_at']);
  sink.table('ip_asset', ['enterprise_id', 'kind', 'number', 'title', 'status', 'granted_on', 'expires_on', 'acquisition', 'used_in_high_tech_application', 'related_to_main_products', 'pledged', 'updated_at']);
  sink.table('qualification', ['enterprise_id', 'kind', 'level', 'rank', 'position_rank', 'amount', 'obtained_on', 'valid_until', 'certificate_number', 'updated_at']);
  sink.table('credit_flag', ['enterprise_id', 'kind', 'flagged_on', 'source', 'updated_at']);
  sink.table('contact', ['enterprise_id', 'name', 'role', 'phone', 'email', 'updated_at']);
  sink.table('recognition', ['enterprise_id', 'tier', 'year', 'batch', 'certificate_number', 'valid_from', 'valid_until', 'source', 'created_at']);
  sink.table('activity', ['enterprise_id', 'kind', 'occurred_at', 'author_id', 'author_name', 'text', 'created_at']);
  sink.table('task', ['enterprise_id', 'title', 'due_on', 'assignee_id', 'created_by', 'done_at', 'done_by', 'created_at']);
  sink.table('app_user', USER_COLUMNS, 'enterprise_user');
  sink.table('kpi_figures', ['enterprise_id', 'year', 'land_mu', 'taxes_paid', 'total_profit', 'value_added', 'energy_tce', 'source', 'source_as_of', 'verified_at', 'updated_at']);
  // KPI figures draw from their own generator, so the rest of the city stays what it was for a seed.
  const kpiRnd = new Random(options.seed + 7919);
  const kpiYears = new Set<number>();
  const applications = await ApplicationsPart.detect(dataSource, sink, { rnd, currentYear, now, staff });
  const projects = await ProjectsPart.detect(dataSource, sink, { now, seed: options.seed });

  const usccs = new Set<string>();
  let ipSerial = 0;
  let enterpriseId = maxEnterprise;
  const todayIso = businessDate(today);
  const dayMs = 86_400_000;
  const total = options.enterprises;
  let lastLog = Date.now();

  for (let n = 0; n < total; n++) {
    const district = pickWeighted(rnd, DISTRICT_SHARES);
    const profile = pickWeighted(rnd, PROFILES);
    const trade = profile.tier ? rnd.pick(TRADES.filter((t) => t.field)) : rnd.pick(TRADES);
    const id = ++enterpriseId;
    let uscc: string;
    do uscc = makeUscc(district.code, rnd);
    while (usccs.has(uscc));
    usccs.add(uscc);
    const core = CHARS[rnd.int(0, CHARS.length - 1)]! + CHARS[rnd.int(0, CHARS.length - 1)]!;
    const name = `${rnd.chance(0.15) ? '天津市' : '天津'}${rnd.pick(PLACES)}${core}${trade.suffix}${profile.tier === 'leader' ? '股份' : ''}有限公司`;
    const years = rnd.int(3, 5);
    const foundedYear = profile.tier === 'young-eagle' ? currentYear - rnd.int(2, 6) : currentYear - years - rnd.int(0, 15);
    const establishedOn = iso(foundedYear, rnd.int(1, 12), rnd.int(1, 28));
    const zone = district.zones && rnd.chance(0.6) ? rnd.pick(district.zones) : null;
    const officers = officersOf.get(district.code) ?? [];
    const officer = officers.length ? officers[rnd.int(0, officers.length - 1)]! : null;
    const tags = [rnd.chance(0.12) ? '重点走访' : null, rnd.chance(profile.tier ? 0.15 : 0.02) ? '上市后备' : null, profile.tier === 'gazelle' ? '高成长' : null, rnd.chance(0.04) ? '专精特新' : null].filter(Boolean) as string[];
    const createdAt = new Date(today.getTime() - rnd.int(30, 3 * 365) * dayMs - rnd.int(0, 86_399) * 1000);
    const updatedAt = new Date(Math.min(today.getTime(), createdAt.getTime() + rnd.int(0, 700) * dayMs + rnd.int(0, 86_399) * 1000));
    const capital = rnd.pick([500_000, 1_000_000, 3_000_000, 5_000_000, 10_000_000, 30_000_000, 50_000_000, 100_000_000]) * (profile.tier?.startsWith('leader') ? 5 : 1);
    sink.add('enterprise', [
      id, uscc, name, normaliseEnterpriseName(name), district.code, zone, establishedOn, trade.industry, rnd.chance(0.93) ? 'audit' : 'deemed', trade.field,
      yuanToFen(capital), `天津市${rnd.pick(['海泰', '华苑', '新技术产业园', '科技园', '经济技术开发区', '工业园'])}${rnd.pick(['发展', '创新', '华科', '兴业'])}路${rnd.int(1, 399)}号`,
      officer?.id ?? null, tags.join(','), profile.tier, profile.tier ? (rnd.chance(0.75) ? true : null) : rnd.chance(0.2) ? true : rnd.chance(0.3) ? false : null,
      // Restricted category established for most files, without a random draw (keeps the seeded sequence).
      id % 97 === 0 ? true : id % 11 === 0 ? null : false,
      1 + rnd.int(0, 3), createdAt, updatedAt,
    ]);
    for (const tag of tags) sink.add('enterprise_tag', [id, tag]);

    // Figures, oldest first: the firm's own growth path and R&D habit, with yearly noise.
    const firstYear = Math.max(foundedYear + 1, currentYear - years);
    let revenue = logBetween(rnd, ...profile.revenue) / Math.pow(1 + profile.growth[1] / 2, currentYear - firstYear);
    const rdIntensity = rnd.between(...profile.rd);
    let employees = rnd.int(...profile.employees);
    const stShare = profile.tier ? rnd.between(0.1, 0.45) : rnd.between(0.02, 0.2);
    const verifier = officer?.id ?? null;
    for (let y = firstYear; y < currentYear; y++) {
      revenue *= 1 + rnd.between(...profile.growth);
      employees = Math.max(3, Math.round(employees * (1 + rnd.between(-0.05, 0.2))));
      const rd = revenue * rdIntensity * rnd.between(0.85, 1.15);
      const assets = revenue * rnd.between(0.8, 2);
      const selfReported = y === currentYear - 1 && rnd.chance(0.35);
      const at = new Date(Date.UTC(y + 1, rnd.int(2, 5), rnd.int(1, 28)));
      sink.add('annual_financials', [
        id, y, yuanToFen(revenue), yuanToFen(revenue * 0.98), yuanToFen(revenue * 0.95), yuanToFen(revenue * 1.02), 0, yuanToFen(revenue * 0.004),
        yuanToFen(revenue * (profile.tier ? rnd.between(0.5, 0.9) : rnd.between(0, 0.4))), yuanToFen(rd), yuanToFen(rd * rnd.between(0.85, 1)),
        yuanToFen(revenue * rnd.between(0.75, 0.97)), yuanToFen(assets), yuanToFen(assets * rnd.between(0.2, 0.65)),
        employees, Math.round(employees * stShare), profile.tier ? rnd.int(0, 8) : rnd.int(0, 1),
        selfReported ? 'enterprise' : 'officer', selfReported ? null : at, selfReported ? null : verifier, at,
      ]);
      // Transformation KPIs (rules.md §9) for the baseline year and the last two years; about one file in ten has no land figure.
      if (y >= currentYear - 2 || y === KPI_BASELINE_YEAR) {
        kpiYears.add(y);
        const valueAdded = revenue * kpiRnd.between(0.18, 0.4);
        sink.add('kpi_figures', [
          id, y, kpiRnd.chance(0.1) ? null : Math.round(kpiRnd.between(3, 120) * 100), yuanToFen(revenue * kpiRnd.between(0.01, 0.07)),
          yuanToFen(revenue * kpiRnd.between(-0.04, 0.14)), yuanToFen(valueAdded), Math.round((valueAdded / 10_000) * kpiRnd.between(0.02, 1.2) * 100),
          kpiRnd.chance(0.5) ? 'tax' : 'statistics', `${y + 1}-05-31`, at, at,
        ]);
      }
    }

    // IP portfolio: invention patents for the stronger firms, utility models and software everywhere.
    const ipCount = rnd.int(...profile.ip);
    for (let j = 0; j < ipCount; j++) {
      const x = rnd.next();
      const kind = x < (profile.tier ? 0.25 : 0.05) ? 'invention-patent' : x < 0.6 ? 'utility-model' : x < 0.8 ? 'software-copyright' : x < 0.9 ? 'design-patent' : x < 0.985 ? 'trademark' : rnd.pick(['ic-layout', 'new-drug', 'new-plant-variety']);
      const granted = rnd.int(Math.max(foundedYear, currentYear - 12), currentYear - 1);
      const serial = String(++ipSerial).padStart(7, '0');
      const number = kind === 'software-copyright' ? `${granted}SR${serial}` : kind === 'trademark' ? `TM${serial}` : kind.endsWith('patent') || kind === 'utility-model' ? `ZL${granted}${kind === 'invention-patent' ? '1' : kind === 'utility-model' ? '2' : '3'}${serial}.${rnd.int(0, 9)}` : `${kind.toUpperCase().slice(0, 3)}${granted}${serial}`;
      const term = kind === 'invention-patent' ? 20 : kind === 'software-copyright' ? 50 : 10;
      const grantedOn = iso(granted, rnd.int(1, 12), rnd.int(1, 28));
      const pending = rnd.chance(0.08);
      sink.add('ip_asset', [
        id, kind, number, `${trade.suffix}${kind === 'trademark' ? '商标' : '相关技术'} ${j + 1}`,
        pending ? 'pending' : rnd.chance(0.94) ? 'valid' : rnd.pick(['lapsed', 'invalidated']), pending ? null : grantedOn, pending ? null : addYears(grantedOn, term),
        rnd.chance(0.87) ? 'own' : 'acquired', rnd.chance(0.15), rnd.chance(0.75), rnd.chance(0.02), now,
      ]);
    }

    // Certificates. HNTE: 3-year validity, issued in the autumn batches, so expiries spread over the
    // next three years, with some lapsed ones not yet renewed and renewals on file.
    if (rnd.chance(profile.hnte)) {
      const start = rnd.int(currentYear - 4, currentYear - 1);
      const on = iso(start, rnd.int(10, 12), rnd.int(1, 28));
      sink.add('qualification', [id, 'hnte-certificate', null, null, null, null, on, addYears(on, 3), `GR${start}12${String(rnd.int(0, 99999)).padStart(6, '0')}`, now]);
      if (start >= currentYear - 2 && rnd.chance(0.5)) {
        const prev = addYears(on, -3);
        sink.add('qualification', [id, 'hnte-certificate', null, null, null, null, prev, addYears(prev, 3), `GR${start - 3}12${String(rnd.int(0, 99999)).padStart(6, '0')}`, now]);
      }
    }
    if (trade.suffix === '软件' || (trade.field === 'electronic-information' && rnd.chance(0.2))) {
      const y = rnd.int(currentYear - 3, currentYear - 1);
      sink.add('qualification', [id, 'software-enterprise-certificate', null, null, null, null, iso(y, 3, 1), iso(y + 3, 2, 28), null, now]);
      sink.add('qualification', [id, 'software-product-certificate', null, null, null, null, iso(y, 5, 1), iso(y + 5, 4, 30), null, now]);
    }
    if (profile.tier && rnd.chance(0.15)) sink.add('qualification', [id, 'tianjin-high-tech-certificate', null, null, null, null, iso(currentYear - rnd.int(1, 3), 7, 1), iso(currentYear + rnd.int(0, 2), 6, 30), null, now]);
    if (rnd.chance(profile.tier ? 0.2 : 0.02)) sink.add('qualification', [id, 'venture-investment', null, null, null, yuanToFen(rnd.pick([1_000_000, 3_000_000, 6_000_000, 20_000_000, 50_000_000])), iso(currentYear - rnd.int(1, 3), rnd.int(1, 12), 15), null, null, now]);
    if (rnd.chance(profile.tier ? 0.12 : 0.01)) sink.add('qualification', [id, 'standard-drafting', rnd.pick(['national', 'industry', 'group', 'local']), null, rnd.int(1, 8), null, iso(currentYear - rnd.int(1, 4), 6, 1), null, null, now]);
    if (rnd.chance(profile.tier ? 0.08 : 0.005)) sink.add('qualification', [id, 'rd-institution', rnd.pick(['national', 'provincial']), null, null, null, iso(currentYear - rnd.int(1, 6), 9, 1), null, null, now]);
    if (rnd.chance(profile.tier ? 0.06 : 0.003)) sink.add('qualification', [id, 'contest-award', rnd.pick(['national', 'provincial']), rnd.pick(['excellence', 'third', 'second', 'first']), null, null, iso(currentYear - rnd.int(1, 3), 11, 20), null, null, now]);
    if (rnd.chance(profile.tier ? 0.05 : 0.002)) sink.add('qualification', [id, 'st-project', rnd.pick(['national', 'provincial']), null, null, null, iso(currentYear - rnd.int(1, 4), 4, 1), null, null, now]);

    if (rnd.chance(profile.tier ? 0.01 : 0.03)) {
      sink.add('credit_flag', [id, rnd.chance(0.85) ? 'abnormal-operation' : rnd.pick(['serious-dishonesty', 'environmental-violation', 'major-accident']), iso(currentYear - rnd.int(0, 2), rnd.int(1, 12), rnd.int(1, 28)), '国家企业信用信息公示系统', now]);
    }

    // Recognitions: the current rung (this or last year's batch) and, for most, the rungs climbed before.
    if (profile.tier) {
      const ladder: readonly TierName[] = TIERS;
      const rung = ladder.indexOf(profile.tier);
      const year = currentYear - rnd.int(0, 1);
      sink.add('recognition', [id, profile.tier, year, `${year}-第${rnd.int(1, 3)}批`, `TJ${year}${String(id).padStart(7, '0')}`, iso(year, 6, 30), iso(year + 1, 6, 30), 'import', now]);
      for (let r = rung - 1, y = year - 1; r >= 0 && y >= foundedYear && rnd.chance(0.6); r--, y--) {
        if (ladder[r] === 'young-eagle' && profile.tier !== 'gazelle') continue;
        sink.add('recognition', [id, ladder[r]!, y, `${y}-第${rnd.int(1, 3)}批`, null, iso(y, 6, 30), iso(y + 1, 6, 30), 'import', now]);
      }
    }

    // The other ladders (rules.md §7): a share of files recognised on the bottom rung, fewer climbing.
    for (const rungs of otherLadders) {
      if (!ladderRnd.chance(profile.tier ? 0.3 : 0.04)) continue;
      let year = currentYear - ladderRnd.int(0, 2);
      for (let r = 0; r < rungs.length && year <= currentYear; r++, year += 1) {
        if (r > 0 && !ladderRnd.chance(profile.tier && profile.tier !== 'tech-sme' ? 0.45 : 0.25)) break;
        sink.add('recognition', [id, rungs[r]!, year, `${year}-第${ladderRnd.int(1, 2)}批`, null, iso(year, 8, 1), addYears(iso(year, 8, 1), SRDI_VALIDITY_YEARS), 'import', now]);
      }
    }

    const contacts = rnd.int(1, 2);
    for (let c = 0; c < contacts; c++) {
      sink.add('contact', [id, `${SURNAMES[rnd.int(0, SURNAMES.length - 1)]}${rnd.pick(['经理', '总监', '主任', '女士', '先生'])}`, rnd.pick(['财务负责人', '研发负责人', '总经理', '行政主管']), `022-${rnd.int(20000000, 89999999)}`, `contact${id}-${c}@example.cn`, now]);
    }

    // About ten activities over the last three years by the district's officers, and a few tasks.
    const activityCount = rnd.int(6, 14);
    for (let a = 0; a < activityCount; a++) {
      const kind = rnd.pick(['visit', 'visit', 'call', 'call', 'call', 'meeting', 'note', 'note'] as const);
      const author = officers.length ? officers[rnd.int(0, officers.length - 1)]! : admin!;
      const at = new Date(today.getTime() - rnd.int(1, 3 * 365) * dayMs - rnd.int(0, 36_000) * 1000);
      sink.add('activity', [id, kind, at, author.id, author.displayName, rnd.pick(ACTIVITY_TEXT[kind]!), at]);
    }
    const taskCount = rnd.int(0, 4);
    for (let t = 0; t < taskCount; t++) {
      const due = businessDate(today.getTime() + rnd.int(-120, 90) * dayMs);
      const assignee = officers.length ? officers[rnd.int(0, officers.length - 1)]! : admin!;
      const done = due < todayIso ? rnd.chance(0.85) : rnd.chance(0.1);
      const created = new Date(Date.parse(`${due}T02:00:00Z`) - rnd.int(7, 60) * dayMs);
      sink.add('task', [id, rnd.pick(TASK_TITLES), due, assignee.id, assignee.id, done ? new Date(Math.min(today.getTime(), Date.parse(`${due}T08:00:00Z`) - rnd.int(0, 10) * dayMs)) : null, done ? assignee.id : null, created]);
    }

    let applicant: { id: number; name: string } | null = null;
    if (options.enterpriseUsers !== false && !usedUsernames.has(uscc)) {
      applicant = { id: ++userId, name };
      sink.add('enterprise_user', userRow(applicant.id, uscc, name, 'enterprise', null, null, id, createdAt));
    }
    applications?.add({ id, districtCode: district.code, tier: profile.tier, officer, applicant, createdAt });
    projects?.add({ id, tier: profile.tier, officerId: officer?.id ?? null, applicantId: applicant?.id ?? null });

    if ((n + 1) % batchSize === 0 || n + 1 === total) {
      await sink.flushBatch();
      if (Date.now() - lastLog > 1000 || n + 1 === total) {
        lastLog = Date.now();
        const secs = (Date.now() - started) / 1000;
        log(`enterprises ${n + 1}/${total} (${Math.round(((n + 1) / total) * 100)}%) · ${sink.rowsWritten} rows · ${secs.toFixed(1)} s · ${Math.round(sink.rowsWritten / secs)} rows/s`);
      }
    }
  }

  // "Unknown is not none": most files were checked with the IP office, for qualifications and for
  // credit at the start of the year before last, with the result their lists show; every seventh is
  // left unchecked (its empty lists stay unknown). Set-based, after the rows are in.
  log('recording fact checks …');
  const checkedOn = `${currentYear - 2}-01-10`;
  for (const [subject, table, source] of [['ip-assets', 'ip_asset', 'ip-office'], ['qualifications', 'qualification', 'market-regulation'], ['credit', 'credit_flag', 'credit-china']] as const) {
    await dataSource.query(
      `INSERT INTO fact_check (enterprise_id, subject, checked_on, result, source, recorded_by, recorded_at)
       SELECT e.id, '${subject}', '${checkedOn}', CASE WHEN EXISTS (SELECT 1 FROM ${table} x WHERE x.enterprise_id = e.id) THEN 'records' ELSE 'none' END, '${source}', NULL, CURRENT_TIMESTAMP
       FROM enterprise e WHERE e.id > ${maxEnterprise} AND e.id % 7 <> 6`,
    );
  }
  // The KPI grades are materialised like after an import: one batch per year.
  for (const y of [...kpiYears].sort()) {
    const graded = await dataSource.transaction((em) => gradeYearInDb(em, y, DEFAULT_GRADING));
    log(`KPI grades ${y}: ${graded} files`);
  }
  log('analysing tables for the query planner …');
  await sink.finish(['app_user', 'enterprise', ...(applications?.explicitIdTables ?? []), ...(projects?.explicitIdTables ?? [])]);
  return {
    enterprises: total,
    rows: sink.rowsWritten,
    rowsByTable: Object.fromEntries(sink.rowsByTable),
    seconds: (Date.now() - started) / 1000,
    staff: staff.map((s) => ({ username: s.username, role: s.role, scope: s.districtCode ?? s.zoneCode ?? 'all' })),
  };
}

/** A recognition on the SRDI ladder is valid for 3 years (rules.md §7); used for every non-Tianjin ladder here. */
const SRDI_VALIDITY_YEARS = 3;

/** The rungs of every configured ladder other than Tianjin's (read from the ladder tables: data, not code). */
async function otherLadderRungs(dataSource: DataSource): Promise<string[][]> {
  let rows: { ladder: string; programme: string }[] = [];
  try {
    rows = await dataSource.query(`SELECT r.ladder_code AS ladder, r.programme AS programme FROM ladder_rung r JOIN ladder l ON l.code = r.ladder_code WHERE r.ladder_code <> '${TIANJIN_LADDER}' ORDER BY l.position, r.ladder_code, r.position`);
  } catch {
    return []; // a database migrated before ladders were configuration
  }
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.ladder, [...(out.get(r.ladder) ?? []), r.programme]);
  return [...out.values()];
}
