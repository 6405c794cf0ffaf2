import type {
  ActivityType,
  ContestRank,
  FlagKind,
  HighTechField,
  IpKind,
  Locale,
  Outcome,
  Program,
  ProgramOutcome,
  QualificationKind,
  Tier,
} from './facts.js';
import { lookupTable } from '../../common/own-key.js';

/** Human labels shown next to codes and enumeration values in the UI (zh-CN and en). */
export type Label = Readonly<Record<Locale, string>>;
const l = (zh: string, en: string): Label => ({ 'zh-CN': zh, en });

export const PROGRAM_LABELS: Readonly<Record<Program | 'ip-pledge', Label>> = lookupTable<Readonly<Record<Program | 'ip-pledge', Label>>>({
  'tech-sme': l('科技型中小企业', 'Tech-based SME'),
  'young-eagle': l('雏鹰企业', 'Young eagle enterprise'),
  gazelle: l('瞪羚企业', 'Gazelle enterprise'),
  'leader-candidate': l('科技领军（培育）企业', 'Leading-enterprise candidate'),
  leader: l('科技领军企业', 'Leading enterprise'),
  'high-tech': l('国家高新技术企业认定', 'National high-tech enterprise certification'),
  'super-deduction': l('研发费用加计扣除', 'R&D expense super-deduction'),
  'ip-pledge': l('知识产权质押融资', 'IP-pledge financing'),
});

export const TIER_LABELS: Readonly<Record<Tier, Label>> = {
  'tech-sme': PROGRAM_LABELS['tech-sme'],
  'young-eagle': PROGRAM_LABELS['young-eagle'],
  gazelle: PROGRAM_LABELS.gazelle,
  'leader-candidate': PROGRAM_LABELS['leader-candidate'],
  leader: PROGRAM_LABELS.leader,
};

export const CRITERION_LABELS = lookupTable({
  'TS-REG': l('在中国境内（不含港、澳、台）注册的居民企业', 'Resident enterprise registered in mainland China'),
  'TS-SIZE': l('上年企业规模（人数、销售收入、资产总额）', 'Size in N-1 (employees, sales, total assets)'),
  /** Retired by the corrected rules (edition 2); kept for results recorded under 2026.1. */
  'TS-TAX': l('查账征收（已废止）', 'Taxed on actual accounts (retired)'),
  'TS-INDUSTRY': l('产品和服务不属于国家禁止、限制和淘汰类', 'Products and services not in the State’s prohibited, restricted or eliminated categories'),
  'TS-CREDIT': l('上年及当年无重大事故、严重环境违法、科研严重失信，评价日未列入经营异常名录或严重违法失信名单', 'No major accident, serious environmental violation or research misconduct (N-1, N); not abnormal- or dishonest-listed on the evaluation date'),
  'TS-SCORE': l('综合评价得分', 'Evaluation score'),
  'TS-DIRECT': l('直接入库条件', 'Direct qualification'),
  'YE-REG': l('在津注册的独立法人', 'Registered in Tianjin as an independent legal person'),
  'YE-CREDIT': l('评价日未列入经营异常名录或严重违法失信名单，上年及当年无科研严重失信', 'Not abnormal- or dishonest-listed on the evaluation date; no research misconduct in N-1 or N'),
  'YE-AGE': l('成立时间', 'Date of establishment'),
  'YE-REVENUE': l('上年营业收入', 'Operating revenue N-1'),
  'YE-PATH': l('创新条件（满足其一）', 'Innovation path (any one)'),
  'YE-PATH-IP': l('有效知识产权', 'Valid intellectual property'),
  'YE-PATH-SOFTWARE': l('软件企业证书和软件产品证书', 'Software-enterprise and software-product certificates'),
  'YE-PATH-CONTEST': l('创新创业大赛获奖并拥有知识产权', 'Innovation contest award with IP'),
  'YE-PATH-HIGHTECH': l('高新技术企业证书', 'High-tech enterprise certificate'),
  'YE-PATH-AWARD': l('国家或省部级科技奖励', 'National or provincial/ministerial S&T award'),
  'YE-PATH-RDINST': l('国家或省部级研发机构', 'National or provincial/ministerial R&D institution'),
  'YE-PATH-STANDARD': l('参与制定标准', 'Took part in drafting a standard'),
  'YE-PATH-VC': l('获得单笔创业投资', 'Single venture investment'),
  'YE-PATH-PROJECT': l('承担国家或省部级科技计划项目', 'National or provincial/ministerial S&T plan project'),
  'GZ-REG': l('在津注册的独立法人', 'Registered in Tianjin as an independent legal person'),
  'GZ-CREDIT': l('评价日未列入经营异常名录或严重违法失信名单，上年及当年无科研严重失信', 'Not abnormal- or dishonest-listed on the evaluation date; no research misconduct in N-1 or N'),
  'GZ-RD': l('近四年平均研发投入强度', 'Average R&D intensity N-4…N-1'),
  'GZ-REVENUE': l('上年营业收入', 'Operating revenue N-1'),
  'GZ-GROWTH': l('营业收入平均增长率或创业投资', 'Average revenue growth or venture investment'),
  'LC-REG': l('在津注册的独立法人', 'Registered in Tianjin as an independent legal person'),
  'LC-CREDIT': l('评价日未列入经营异常名录或严重违法失信名单，上年及当年无科研严重失信', 'Not abnormal- or dishonest-listed on the evaluation date; no research misconduct in N-1 or N'),
  'LC-RD': l('上年研发投入强度', 'R&D intensity N-1'),
  'LC-REVENUE': l('上年营业收入', 'Operating revenue N-1'),
  'LC-GROWTH': l('营业收入平均增长率', 'Average revenue growth'),
  'LC-IP': l('有效 I 类和 II 类知识产权', 'Valid Class I and II IP'),
  'LD-REG': l('在津注册的独立法人', 'Registered in Tianjin as an independent legal person'),
  'LD-CREDIT': l('评价日未列入经营异常名录或严重违法失信名单，上年及当年无科研严重失信', 'Not abnormal- or dishonest-listed on the evaluation date; no research misconduct in N-1 or N'),
  'LD-RD': l('上年研发投入强度', 'R&D intensity N-1'),
  'LD-REVENUE': l('上年营业收入', 'Operating revenue N-1'),
  'LD-GROWTH': l('营业收入平均增长率', 'Average revenue growth'),
  'LD-IP': l('有效 I 类和 II 类知识产权', 'Valid Class I and II IP'),
  'HT-AGE': l('注册成立满一年', 'Registered at least one year'),
  'HT-IP': l('可用于本次申报的知识产权', 'IP usable in this application'),
  'HT-FIELD': l('属于国家重点支持的高新技术领域', 'In a key high-tech field'),
  'HT-STAFF': l('科技人员占职工总数比例', 'S&T staff share of employees'),
  'HT-RD': l('近三年研发费用占销售收入比例', 'R&D / sales revenue, last three years'),
  'HT-RD-DOMESTIC': l('境内研发费用占比', 'Share of R&D spent in China'),
  'HT-PS': l('高新技术产品（服务）收入占比', 'High-tech product/service revenue share'),
  'HT-COMPLIANCE': l('近一年无重大安全、质量事故或严重环境违法', 'No major accident or serious environmental violation in the past year'),
  'HT-SCORE': l('创新能力评价得分', 'Innovation capability score'),
  'SD-TAX': l('查账征收的居民企业', 'Resident enterprise taxed on actual accounts'),
  'SD-INDUSTRY': l('不属于负面清单行业', 'Not in a negative-list industry'),
  'SD-ACTIVITY': l('研发活动属于可加计扣除范围', 'R&D activity eligible for super-deduction'),
  'SD-LEDGER': l('设置研发支出辅助账', 'R&D auxiliary ledger kept'),
  'IPP-OWNER': l('出质人为权利人', 'Pledgor is the recorded owner'),
  'IPP-VALID': l('权利已授权、有效且已缴费', 'Granted, in force, fees paid'),
  'IPP-FREE': l('未被质押且无权属纠纷', 'Not pledged, no dispute'),
  'IPP-TERM': l('贷款到期日不晚于权利到期日', 'Loan matures before the IP expires'),
  'IPP-COOWNERS': l('共有人同意出质', 'Co-owners consent'),
} as const satisfies Record<string, Label>);

export type CriterionCode = keyof typeof CRITERION_LABELS;

/** Codes of retired criteria: labelled for results recorded under older rule sets, no longer evaluated. */
export const RETIRED_CRITERIA: readonly CriterionCode[] = ['TS-TAX'];

/** Criterion codes of each programme, in the order results list them. */
export const CRITERIA_BY_PROGRAM: Readonly<Record<Program | 'ip-pledge', readonly CriterionCode[]>> = {
  /** The corrected rules (edition 2); results under 2026.1 list TS-TAX instead of TS-REG. */
  'tech-sme': ['TS-REG', 'TS-SIZE', 'TS-INDUSTRY', 'TS-CREDIT', 'TS-SCORE', 'TS-DIRECT'],
  'young-eagle': [
    'YE-REG',
    'YE-CREDIT',
    'YE-AGE',
    'YE-REVENUE',
    'YE-PATH',
    'YE-PATH-IP',
    'YE-PATH-SOFTWARE',
    'YE-PATH-CONTEST',
    'YE-PATH-HIGHTECH',
    'YE-PATH-AWARD',
    'YE-PATH-RDINST',
    'YE-PATH-STANDARD',
    'YE-PATH-VC',
    'YE-PATH-PROJECT',
  ],
  gazelle: ['GZ-REG', 'GZ-CREDIT', 'GZ-RD', 'GZ-REVENUE', 'GZ-GROWTH'],
  'leader-candidate': ['LC-REG', 'LC-CREDIT', 'LC-RD', 'LC-REVENUE', 'LC-GROWTH', 'LC-IP'],
  leader: ['LD-REG', 'LD-CREDIT', 'LD-RD', 'LD-REVENUE', 'LD-GROWTH', 'LD-IP'],
  'high-tech': ['HT-AGE', 'HT-IP', 'HT-FIELD', 'HT-STAFF', 'HT-RD', 'HT-RD-DOMESTIC', 'HT-PS', 'HT-COMPLIANCE', 'HT-SCORE'],
  'super-deduction': ['SD-TAX', 'SD-INDUSTRY', 'SD-ACTIVITY', 'SD-LEDGER'],
  'ip-pledge': ['IPP-OWNER', 'IPP-VALID', 'IPP-FREE', 'IPP-TERM', 'IPP-COOWNERS'],
};

export const OUTCOME_LABELS: Readonly<Record<Outcome, Label>> = {
  met: l('满足', 'Met'),
  unmet: l('不满足', 'Not met'),
  missing: l('缺少数据', 'Missing data'),
  uncertain: l('待定', 'Uncertain'),
};

export const PROGRAM_OUTCOME_LABELS: Readonly<Record<ProgramOutcome, Label>> = {
  eligible: l('符合条件', 'Eligible'),
  ineligible: l('不符合条件', 'Not eligible'),
  incomplete: l('信息不全', 'Incomplete'),
  'not-applicable': l('不适用（规则尚未施行）', 'Not applicable (rules not yet in force)'),
};

export const FLAG_LABELS: Readonly<Record<FlagKind, Label>> = lookupTable<Readonly<Record<FlagKind, Label>>>({
  'research-misconduct': l('科研严重失信行为', 'serious research misconduct'),
  'abnormal-operation': l('经营异常名录', 'abnormal-operation list'),
  'serious-dishonesty': l('严重违法失信名单', 'serious illegal/dishonest list'),
  'major-accident': l('重大安全、质量事故', 'major safety or quality accident'),
  'environmental-violation': l('严重环境违法行为', 'serious environmental violation'),
});

export const HIGH_TECH_FIELD_LABELS: Readonly<Record<HighTechField, Label>> = {
  'electronic-information': l('电子信息', 'Electronic information'),
  biomedicine: l('生物与新医药', 'Biology and new medicine'),
  aerospace: l('航空航天', 'Aerospace'),
  'new-materials': l('新材料', 'New materials'),
  'high-tech-services': l('高技术服务', 'High-tech services'),
  'new-energy': l('新能源与节能', 'New energy and energy saving'),
  'resources-environment': l('资源与环境', 'Resources and environment'),
  'advanced-manufacturing': l('先进制造与自动化', 'Advanced manufacturing and automation'),
};

export const IP_KIND_LABELS: Readonly<Record<IpKind, Label>> = lookupTable<Readonly<Record<IpKind, Label>>>({
  'invention-patent': l('发明专利', 'Invention patent'),
  'new-plant-variety': l('植物新品种', 'New plant variety'),
  'crop-variety': l('国家级农作物品种', 'National crop variety'),
  'new-drug': l('国家新药', 'National new drug'),
  'tcm-protected': l('国家一级中药保护品种', 'National grade-1 protected TCM variety'),
  'ic-layout': l('集成电路布图设计专有权', 'Integrated-circuit layout design'),
  'utility-model': l('实用新型专利', 'Utility model'),
  'design-patent': l('外观设计专利', 'Design patent'),
  'software-copyright': l('软件著作权', 'Software copyright'),
  trademark: l('商标', 'Trademark'),
});

export const QUALIFICATION_KIND_LABELS: Readonly<Record<QualificationKind, Label>> = {
  'hnte-certificate': l('国家高新技术企业证书', 'National high-tech enterprise certificate'),
  'tianjin-high-tech-certificate': l('天津市高新技术企业证书', 'Tianjin high-tech enterprise certificate'),
  'software-enterprise-certificate': l('软件企业证书', 'Software-enterprise certificate'),
  'software-product-certificate': l('软件产品证书', 'Software-product certificate'),
  'contest-award': l('创新创业大赛获奖', 'Innovation contest award'),
  'st-award': l('科学技术奖', 'S&T award'),
  'rd-institution': l('研发机构', 'R&D institution'),
  'standard-drafting': l('参与制定标准', 'Standard drafting'),
  'venture-investment': l('创业投资', 'Venture investment'),
  'st-project': l('科技计划项目', 'S&T plan project'),
  'unicorn-listing': l('独角兽榜单', 'Unicorn listing'),
};

export const CONTEST_RANK_LABELS: Readonly<Record<ContestRank, Label>> = {
  excellence: l('优秀奖', 'excellence award'),
  third: l('三等奖', 'third prize'),
  second: l('二等奖', 'second prize'),
  first: l('一等奖', 'first prize'),
};

export const ACTIVITY_TYPE_LABELS: Readonly<Record<ActivityType, Label>> = {
  'new-product': l('新产品研发', 'New product'),
  'new-process': l('新工艺研发', 'New process'),
  'new-technology': l('新技术研发', 'New technology'),
  'basic-research': l('基础研究', 'Basic research'),
  'routine-upgrade': l('产品（服务）常规性升级', 'Routine upgrade'),
  'direct-application': l('研究成果的直接应用', 'Direct application of results'),
  'after-sales-support': l('售后技术支持', 'After-sales support'),
  'simple-change': l('重复或简单改变', 'Repeated or simple change'),
  'market-research': l('市场调查、效率调查或管理研究', 'Market, efficiency or management study'),
  'routine-testing': l('常规质量控制、测试分析和维修维护', 'Routine quality control, testing, maintenance'),
  'social-science': l('社会科学、艺术或人文学方面的研究', 'Social-science, arts or humanities research'),
};

/** Inputs named in `missing` lists and explanations. */
export const FIELD_LABELS: Readonly<Record<string, Label>> = {
  operatingRevenue: l('营业收入', 'operating revenue'),
  salesRevenue: l('销售收入', 'sales revenue'),
  mainBusinessRevenue: l('主营业务收入', 'main-business revenue'),
  totalIncome: l('收入总额', 'total income'),
  nonTaxableIncome: l('不征税收入', 'non-taxable income'),
  investmentIncome: l('投资收益', 'investment income'),
  highTechRevenue: l('高新技术产品（服务）收入', 'high-tech product/service revenue'),
  rdExpense: l('研发费用', 'R&D expense'),
  rdExpenseDomestic: l('境内研发费用', 'R&D expense in China'),
  totalCostAndExpense: l('成本费用总额', 'total cost and expense'),
  totalAssets: l('资产总额', 'total assets'),
  totalLiabilities: l('负债总额', 'total liabilities'),
  employees: l('从业人员数', 'employees'),
  stStaff: l('科技人员数', 'S&T staff'),
  transformedAchievements: l('科技成果转化数', 'transformed achievements'),
  districtCode: l('注册地区划代码', 'district code'),
  establishedOn: l('成立日期', 'date of establishment'),
  industryCode: l('行业代码', 'industry code'),
  taxMode: l('征收方式', 'tax mode'),
  highTechField: l('技术领域', 'high-tech field'),
  rdLedger: l('研发辅助账情况', 'R&D ledger status'),
  'rdExpenseDetail.projects': l('研发项目清单', 'R&D project list'),
  'flags.on': l('不良记录日期', 'date of an adverse record'),
  flags: l('信用状况核查（经营异常、严重失信等）', 'a credit-status check (abnormal operation, dishonesty …)'),
  ipAssets: l('知识产权核查', 'an IP check'),
  qualifications: l('资质核查', 'a qualifications check'),
  restrictedCategory: l('产品和服务是否属于国家限制、淘汰类', 'whether products or services are in a restricted or eliminated category'),
  uscc: l('统一社会信用代码', 'USCC'),
  taxableIncome: l('应纳税所得额', 'taxable income'),
  'qualifications.level': l('资质级别', 'qualification level'),
  'qualifications.rank': l('获奖等次', 'award rank'),
  'qualifications.unitRank': l('获奖单位排名', 'rank among award units'),
  'qualifications.drafterRank': l('标准起草单位排名', 'rank among standard drafters'),
  'qualifications.amount': l('投资金额', 'investment amount'),
  'qualifications.on': l('取得日期', 'date obtained'),
  'expertScores.techAdvancement': l('专家评分：技术先进程度', 'expert score: technology advancement'),
  'expertScores.coreSupport': l('专家评分：核心支持作用', 'expert score: core support'),
  'expertScores.acquisition': l('专家评分：获得方式', 'expert score: acquisition'),
  'expertScores.standardsBonus': l('专家评分：标准制定加分', 'expert score: standards bonus'),
  'expertScores.rdManagement': l('专家评分：研发组织管理制度', 'expert score: R&D management and ledger'),
  'expertScores.rdInstitution': l('专家评分：研发机构与产学研合作', 'expert score: R&D institution and cooperation'),
  'expertScores.transformationIncentive': l('专家评分：成果转化奖励制度', 'expert score: transformation incentives'),
  'expertScores.talent': l('专家评分：人才制度', 'expert score: talent system'),
  pledgorUscc: l('出质人统一社会信用代码', 'pledgor USCC'),
  ownerUscc: l('权利人统一社会信用代码', 'owner USCC'),
  status: l('法律状态', 'legal status'),
  feesPaid: l('缴费情况', 'fee status'),
  pledged: l('质押情况', 'pledge status'),
  disputed: l('权属纠纷情况', 'dispute status'),
  loanMaturity: l('贷款到期日', 'loan maturity date'),
  expiresOn: l('权利到期日', 'expiry date'),
  coOwnersConsented: l('共有人同意情况', 'co-owners’ consent'),
};

export function label(labels: Readonly<Record<string, Label>>, key: string, locale: Locale): string {
  return labels[key]?.[locale] ?? key;
}
