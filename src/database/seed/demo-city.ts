import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { DEMO_TRADES } from './demo-trades.js';
import { Application, ApplicationHistory } from '../../applications/application.entity.js';
import { ApplicationBatch } from '../../applications/batch.entity.js';
import { DECISION_STATES } from '../../applications/workflow/workflows.js';
import { User } from '../../auth/user.entity.js';
import { pathTo } from '../../cli/bulk/applications.js';
import { businessDate } from '../../common/clock.js';
import { AnnualFinancials } from '../../enterprises/annual-financials.entity.js';
import { Contact } from '../../enterprises/contact.entity.js';
import { EnterpriseTag } from '../../enterprises/enterprise-tag.entity.js';
import { Enterprise } from '../../enterprises/enterprise.entity.js';
import { normaliseEnterpriseName } from '../../enterprises/enterprise-name.js';
import { IpAsset } from '../../enterprises/ip-asset.entity.js';
import { Qualification } from '../../enterprises/qualification.entity.js';
import { Recognition } from '../../ladder/recognition.entity.js';
import { TIERS, type Tier } from '../../ladder/tiers.js';
import { makeUscc } from './uscc-maker.js';
import { Random } from './random.js';

/** A demo account as the start-up banner lists it (the shape of demo-seed's CityLogin). */
export interface CityLogin {
  username: string;
  role: string;
  scope: string;
}

/**
 * The rest of the demo city (issue 18.8): files in the ten districts the first 42 leave empty, so
 * all sixteen are covered, each district with its officer. The ladder thins out as it rises (about
 * half the files hold no rung, few lead), and the rungs have a history: recognitions over the last
 * three years (re-recognitions and climbs, so conversions have data), last years' approved
 * applications behind some of them (in announced batches), and this year's open applications at
 * several stages and ages (time in status). Its own PRNG stream, so the first 42 files stay what
 * they were; written in multi-row inserts.
 */
export const CITY_DISTRICTS: { code: string; slug: string; count: number }[] = [
  { code: '120112', slug: 'jinnan', count: 40 },
  { code: '120113', slug: 'beichen', count: 40 },
  { code: '120115', slug: 'baodi', count: 24 },
  { code: '120118', slug: 'jinghai', count: 24 },
  { code: '120101', slug: 'heping', count: 22 },
  { code: '120102', slug: 'hedong', count: 22 },
  { code: '120105', slug: 'hebei', count: 22 },
  { code: '120117', slug: 'ninghe', count: 20 },
  { code: '120119', slug: 'jizhou', count: 18 },
  { code: '120106', slug: 'hongqiao', count: 18 },
];
/** Districts of the first 42 files without an officer of their own there (Binhai and Nankai have theirs). */
const OFFICER_ONLY: { code: string; slug: string }[] = [
  { code: '120103', slug: 'hexi' }, { code: '120110', slug: 'dongli' }, { code: '120111', slug: 'xiqing' }, { code: '120114', slug: 'wuqing' },
];

type Profile = { tier: Tier | null; share: number; revenue: [number, number]; employees: [number, number]; rd: [number, number]; ip: [number, number]; hnte: number };
/** The funnel: each rung up holds fewer files than the one below it. */
const PROFILES: Profile[] = [
  { tier: null, share: 0.46, revenue: [300_000, 6_000_000], employees: [4, 40], rd: [0.005, 0.04], ip: [0, 3], hnte: 0 },
  { tier: 'tech-sme', share: 0.28, revenue: [2_000_000, 30_000_000], employees: [15, 120], rd: [0.03, 0.09], ip: [1, 8], hnte: 0.35 },
  { tier: 'young-eagle', share: 0.12, revenue: [1_000_000, 15_000_000], employees: [10, 80], rd: [0.05, 0.12], ip: [1, 6], hnte: 0 },
  { tier: 'gazelle', share: 0.08, revenue: [15_000_000, 120_000_000], employees: [60, 300], rd: [0.04, 0.09], ip: [4, 14], hnte: 0.8 },
  { tier: 'leader-candidate', share: 0.04, revenue: [220_000_000, 450_000_000], employees: [300, 900], rd: [0.03, 0.07], ip: [8, 20], hnte: 0.9 },
  { tier: 'leader', share: 0.02, revenue: [520_000_000, 1_200_000_000], employees: [800, 2500], rd: [0.03, 0.06], ip: [12, 30], hnte: 0.95 },
];

const PLACES = ['津', '海河', '渤海', '北洋', '津门', '天开', '华北', '中环', '京津', '卫津', '沽上', '北方'];
const WORDS = ['智航', '芯源', '云图', '星辰', '远景', '睿思', '博纳', '恒信', '精测', '新材', '康瑞', '绿能', '海创', '微纳', '天合', '锐科', '华拓', '鼎晟', '凯特', '光启', '盛达', '宏图', '瑞普', '安泰', '联创', '明德', '启航', '嘉禾', '同兴', '正元'];
const TRADES = DEMO_TRADES.filter((t) => t.suffix !== '航空科技');
const ROADS = ['科技', '创新', '兴业', '华科', '发展', '工业'];
const SURNAMES = ['刘', '陈', '杨', '赵', '黄', '周', '吴', '孙', '马', '朱'];
const GIVEN = ['静', '伟', '磊', '芳', '强', '敏'];
const RETURN_COMMENT = '请补充上一年度研发费用辅助账及科技人员名单。';

const DAY = 86_400_000;
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const round = (n: number) => Math.round(n);
const CHUNK = 100;

function pickProfile(rnd: Random): Profile {
  let x = rnd.next();
  for (const p of PROFILES) if ((x -= p.share) < 0) return p;
  return PROFILES[0]!;
}

async function insertMany<T>(em: EntityManager, entity: new () => T, rows: Partial<T>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await em.insert(entity, rows.slice(i, i + CHUNK) as never);
}

interface Planned {
  uscc: string;
  name: string;
  district: string;
  foundedYear: number;
  establishedOn: string;
  profile: Profile;
  trade: (typeof TRADES)[number];
  /** Rung per year, oldest first (null = none that year). */
  rungs: { year: number; tier: Tier }[];
}

export async function seedDemoCity(dataSource: DataSource, passwordHash: string, today: Date): Promise<CityLogin[]> {
  const rnd = new Random(20261207);
  const currentYear = Number(businessDate(today).slice(0, 4));
  const names = new Map<string, string>((await dataSource.query('SELECT code, name_zh FROM district')).map((r: { code: string; name_zh: string }) => [r.code, r.name_zh]));
  const usedNames = new Set<string>((await dataSource.query('SELECT name_normalized AS n FROM enterprise')).map((r: { n: string }) => r.n));
  const usedUscc = new Set<string>((await dataSource.query('SELECT uscc FROM enterprise')).map((r: { uscc: string }) => r.uscc));
  const logins: CityLogin[] = [];
  const userBase = { zoneCode: null, passwordHash, locale: 'zh-CN' as const, active: true, failedAttempts: 0, lockedUntil: null, lastLoginAt: null, passwordChangedAt: today };

  await dataSource.transaction(async (em) => {
    // One officer per district: those of the city part, and those of the first files without one (who take their files).
    const officers = new Map<string, User>();
    for (const d of [...CITY_DISTRICTS, ...OFFICER_ONLY]) {
      const displayName = `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}（${names.get(d.code) ?? d.code}）`;
      const saved = await em.save(em.create(User, { ...userBase, username: `officer.${d.slug}`, displayName, role: 'officer', districtCode: d.code, enterpriseId: null }));
      officers.set(d.code, saved);
    }
    for (const d of OFFICER_ONLY) await em.update(Enterprise, { districtCode: d.code, assignedOfficerId: IsNull() }, { assignedOfficerId: officers.get(d.code)!.id });
    const manager = await em.findOneByOrFail(User, { username: 'manager' });

    // Plan every file first (all draws in one order), then write them table by table.
    const planned: Planned[] = [];
    for (const d of CITY_DISTRICTS) {
      for (let i = 0; i < d.count; i++) {
        const profile = pickProfile(rnd);
        const trade = rnd.pick(TRADES);
        let name: string;
        do name = `天津${rnd.chance(0.15) ? '市' : ''}${rnd.pick(PLACES)}${rnd.pick(WORDS)}${trade.suffix}${profile.tier === 'leader' ? '股份' : ''}有限公司`;
        while (usedNames.has(normaliseEnterpriseName(name)));
        usedNames.add(normaliseEnterpriseName(name));
        let uscc: string;
        do uscc = makeUscc(d.code, rnd);
        while (usedUscc.has(uscc));
        usedUscc.add(uscc);
        const years = rnd.int(3, 5);
        // Founded no later than its first year of figures; a young eagle within YE-AGE (N-8 … N-1).
        const foundedYear = profile.tier === 'young-eagle' ? currentYear - rnd.int(years, 7) : currentYear - years - rnd.int(0, 14);
        const establishedOn = iso(foundedYear, rnd.int(1, 12), rnd.int(1, 28));
        // The rung history: the current rung this year (or last), before it the same rung or the one below.
        const rungs: Planned['rungs'] = [];
        if (profile.tier) {
          let year = currentYear - (rnd.chance(0.8) ? 0 : 1);
          let r = TIERS.indexOf(profile.tier);
          rungs.unshift({ year, tier: TIERS[r]! });
          while (--year >= Math.max(currentYear - 3, foundedYear + 1)) {
            const x = rnd.next();
            if (x < 0.4) rungs.unshift({ year, tier: TIERS[r]! });
            else if (x < 0.75 && r > 0) rungs.unshift({ year, tier: TIERS[--r]! });
            else break;
          }
        }
        planned.push({ uscc, name, district: d.code, foundedYear, establishedOn, profile, trade, rungs });
      }
    }

    await insertMany(em, Enterprise, planned.map((p) => ({
      uscc: p.uscc, name: p.name, nameNormalized: normaliseEnterpriseName(p.name), districtCode: p.district, zoneCode: null, establishedOn: p.establishedOn,
      industryCode: p.trade.industry, taxMode: rnd.chance(0.95) ? 'audit' : 'deemed', highTechField: p.trade.field,
      registeredCapital: rnd.pick([1_000_000, 3_000_000, 5_000_000, 10_000_000, 30_000_000, 50_000_000]) * (p.profile.tier?.startsWith('leader') ? 5 : 1),
      address: `天津市${names.get(p.district) ?? ''}${rnd.pick(ROADS)}路${rnd.int(1, 399)}号`, assignedOfficerId: officers.get(p.district)!.id,
      tags: [rnd.chance(0.15) ? '重点走访' : null, p.profile.tier === 'gazelle' ? '高成长' : null].filter(Boolean).join(','),
      currentTier: p.profile.tier, rdLedger: p.profile.tier ? true : rnd.chance(0.3) ? true : null, restrictedCategory: false,
    })));
    const ids = new Map<string, number>((await em.query(`SELECT id, uscc FROM enterprise WHERE uscc IN (${planned.map((p) => `'${p.uscc}'`).join(',')})`)).map((r: { id: number | string; uscc: string }) => [r.uscc, Number(r.id)]));

    const tags: Partial<EnterpriseTag>[] = [];
    const figures: Partial<AnnualFinancials>[] = [];
    const ips: Partial<IpAsset>[] = [];
    const quals: Partial<Qualification>[] = [];
    const contacts: Partial<Contact>[] = [];
    const users: Partial<User>[] = [];
    let ipSerial = 500_000;
    const enterprises = await em.findBy(Enterprise, planned.map((p) => ({ uscc: p.uscc })));
    const byUscc = new Map(enterprises.map((e) => [e.uscc, e]));
    for (const p of planned) {
      const id = ids.get(p.uscc)!;
      const e = byUscc.get(p.uscc)!;
      for (const tag of e.tags ? e.tags.split(',') : []) tags.push({ enterpriseId: id, tag });
      const notBefore = (on: string) => (on < p.establishedOn ? p.establishedOn : on);

      // Figures from the later of (founding year, five years back), oldest first.
      const first = Math.max(p.foundedYear, currentYear - 5);
      let revenue = rnd.between(...p.profile.revenue) / Math.pow(1.15, currentYear - first);
      const rdIntensity = rnd.between(...p.profile.rd);
      let employees = rnd.int(...p.profile.employees);
      const stShare = rnd.between(p.profile.tier ? 0.12 : 0.04, 0.45);
      for (let y = first; y < currentYear; y++) {
        revenue *= 1 + rnd.between(-0.05, p.profile.tier === 'gazelle' ? 0.5 : 0.35);
        employees = Math.max(3, round(employees * (1 + rnd.between(-0.05, 0.2))));
        const rd = revenue * rdIntensity * rnd.between(0.85, 1.15);
        const assets = revenue * rnd.between(0.9, 1.8);
        figures.push({
          enterpriseId: id, year: y, operatingRevenue: round(revenue), salesRevenue: round(revenue * 0.98), mainBusinessRevenue: round(revenue * 0.95),
          totalIncome: round(revenue * 1.02), nonTaxableIncome: 0, investmentIncome: round(revenue * 0.005),
          highTechRevenue: round(revenue * (p.profile.tier ? rnd.between(0.5, 0.9) : rnd.between(0.1, 0.7))), rdExpense: round(rd), rdExpenseDomestic: round(rd * rnd.between(0.85, 1)),
          totalCostAndExpense: round(revenue * rnd.between(0.75, 0.95)), totalAssets: round(assets), totalLiabilities: round(assets * rnd.between(0.2, 0.6)),
          employees, stStaff: round(employees * stShare), transformedAchievements: rnd.int(0, p.profile.tier ? 6 : 2),
          source: y === currentYear - 1 && rnd.chance(0.3) ? 'enterprise' : 'officer',
        });
      }

      // IP, none granted before the founding day.
      const count = rnd.int(...p.profile.ip);
      for (let j = 0; j < count; j++) {
        const x = rnd.next();
        const kind = x < (p.profile.tier ? 0.25 : 0.08) ? 'invention-patent' : x < 0.6 ? 'utility-model' : x < 0.85 ? 'software-copyright' : x < 0.93 ? 'design-patent' : 'trademark';
        const granted = rnd.int(Math.max(p.foundedYear, currentYear - 8), currentYear - 1);
        const grantedOn = notBefore(iso(granted, rnd.int(1, 12), rnd.int(1, 28)));
        const serial = String(ipSerial++).padStart(7, '0');
        const number = kind === 'software-copyright' ? `${granted}SR${serial}` : kind === 'trademark' ? `TM${serial}` : `ZL${granted}${kind === 'invention-patent' ? '1' : kind === 'utility-model' ? '2' : '3'}${serial}.${rnd.int(0, 9)}`;
        const term = kind === 'invention-patent' ? 20 : kind === 'software-copyright' ? 50 : 10;
        ips.push({
          enterpriseId: id, kind, number, title: `${p.trade.suffix}相关${kind === 'trademark' ? '商标' : '技术'} ${j + 1}`, status: rnd.chance(0.93) ? 'valid' : 'lapsed',
          grantedOn, expiresOn: `${granted + term}${grantedOn.slice(4)}`, acquisition: rnd.chance(0.85) ? 'own' : 'acquired',
          usedInHighTechApplication: rnd.chance(0.15), relatedToMainProducts: rnd.chance(0.75), pledged: false, coOwners: null,
        });
      }

      if (rnd.chance(p.profile.hnte)) {
        const start = Math.max(rnd.int(currentYear - 3, currentYear - 1), p.foundedYear + 1);
        const on = iso(start, rnd.int(10, 12), rnd.int(1, 28));
        quals.push({ enterpriseId: id, kind: 'hnte-certificate', obtainedOn: on, validUntil: `${start + 3}${on.slice(4)}`, certificateNumber: `GR${start}12${String(rnd.int(0, 99999)).padStart(6, '0')}` });
      }
      if (p.trade.suffix === '软件') {
        const y = Math.max(currentYear - 2, p.foundedYear + 1);
        quals.push({ enterpriseId: id, kind: 'software-enterprise-certificate', obtainedOn: iso(y, 3, 1), validUntil: iso(y + 3, 2, 28) });
        quals.push({ enterpriseId: id, kind: 'software-product-certificate', obtainedOn: iso(y, 5, 1), validUntil: iso(y + 5, 4, 30) });
      }
      if (rnd.chance(p.profile.tier ? 0.2 : 0.03)) {
        quals.push({ enterpriseId: id, kind: 'venture-investment', obtainedOn: notBefore(iso(currentYear - rnd.int(1, 3), rnd.int(1, 12), 15)), amount: rnd.pick([1_000_000, 3_000_000, 6_000_000, 20_000_000]) });
      }
      contacts.push({ enterpriseId: id, name: rnd.pick(SURNAMES) + rnd.pick(['经理', '总监', '主任']), role: rnd.pick(['财务负责人', '研发负责人', '总经理']), phone: `022-${rnd.int(20000000, 89999999)}`, email: `contact${id}@example.cn` });
      users.push({ ...userBase, username: p.uscc, displayName: p.name.slice(0, 64), role: 'enterprise', districtCode: null, enterpriseId: id });
    }
    await insertMany(em, EnterpriseTag, tags);
    await insertMany(em, AnnualFinancials, figures);
    await insertMany(em, IpAsset, ips);
    await insertMany(em, Qualification, quals);
    await insertMany(em, Contact, contacts);
    await insertMany(em, User, users);
    const applicantOf = new Map<number, User>((await em.findBy(User, planned.map((p) => ({ username: p.uscc })))).map((u) => [u.enterpriseId!, u]));

    // Applications: earlier years' recognitions came through an approved application in an
    // announced batch (about half of them); this year's open applications sit at several stages.
    const batches = new Map<string, ApplicationBatch>();
    const batchOf = async (programme: Tier, year: number) => {
      const key = `${programme}:${year}`;
      if (!batches.has(key)) {
        batches.set(key, await em.save(em.create(ApplicationBatch, {
          programme, year, name: `${year}年第一批`, status: 'announced', noticeStartsOn: `${year}-06-01`, noticeEndsOn: `${year}-06-12`, noticeWorkingDays: 10,
          announcedOn: `${year}-06-30`, announcedBy: manager.id, createdBy: manager.id,
        })));
      }
      return batches.get(key)!;
    };
    const recognitions: Partial<Recognition>[] = [];
    const history: Partial<ApplicationHistory>[] = [];
    const walk = async (p: Planned, id: number, tier: Tier, year: number, target: string, created: Date, end: Date, batchId: number | null) => {
      const steps = pathTo('tier-recognition', { type: 'tier-recognition', tier }, target)!;
      const officer = officers.get(p.district)!;
      const applicant = applicantOf.get(id)!;
      const app = await em.save(em.create(Application, {
        enterpriseId: id, type: 'tier-recognition', tier, year, status: 'draft', form: { mainProducts: `${p.trade.suffix}产品`, contactName: '刘经理', contactPhone: '022-23456789' },
        batchId, statusSince: created, dueOn: null, submittedAt: null, decidedAt: null, decision: null, createdBy: applicant.id, createdByRole: 'enterprise', createdAt: created, updatedAt: created,
      }));
      const span = (end.getTime() - created.getTime()) / (steps.length + 1);
      let at = created;
      let submittedAt: Date | null = null;
      let decidedAt: Date | null = null;
      history.push({ applicationId: app.id, kind: 'transition', action: 'create', fromStatus: null, toStatus: 'draft', actorId: applicant.id, actorName: applicant.displayName, actorRole: 'enterprise', comment: null, isPublic: true, data: null, at });
      for (const [i, s] of steps.entries()) {
        at = new Date(created.getTime() + span * (i + 1));
        const by = s.roles.includes('enterprise') ? applicant : s.roles.includes('officer') ? officer : manager;
        history.push({ applicationId: app.id, kind: 'transition', action: s.action, fromStatus: s.from, toStatus: s.to, actorId: by.id, actorName: by.displayName, actorRole: by.role, comment: s.action === 'return' ? RETURN_COMMENT : null, isPublic: true, data: null, at });
        if (s.action === 'submit') submittedAt ??= at;
        if (DECISION_STATES.includes(s.to)) decidedAt = at;
      }
      await em.update(Application, { id: app.id }, { status: target, statusSince: at, submittedAt, decidedAt, version: 1 + steps.length, updatedAt: at });
      return app;
    };
    for (const p of planned) {
      const id = ids.get(p.uscc)!;
      for (const r of p.rungs) {
        let applicationId: number | null = null;
        let batch = `${r.year}-第${rnd.int(1, 2)}批`;
        if (r.year < currentYear && rnd.chance(0.5)) {
          const b = await batchOf(r.tier, r.year);
          const app = await walk(p, id, r.tier, r.year, 'approved', new Date(Date.UTC(r.year, 2, rnd.int(1, 28), 2)), new Date(Date.UTC(r.year, 5, 28, 2)), b.id);
          await em.update(Application, { id: app.id }, { decision: { validFrom: `${r.year}-06-30`, validUntil: `${r.year + 1}-06-30`, batch: b.name } });
          applicationId = app.id;
          batch = b.name;
        }
        recognitions.push({ enterpriseId: id, tier: r.tier, year: r.year, batch, certificateNumber: null, validFrom: iso(r.year, 6, 30), validUntil: iso(r.year + 1, 6, 30), source: applicationId ? 'application' : 'import', applicationId });
      }
      // This year's open applications for the next rung (a fifth of the files), aged 3–90 days.
      const rung = p.profile.tier ? TIERS.indexOf(p.profile.tier) : -1;
      if (rung < TIERS.length - 1 && rnd.chance(0.2)) {
        // Never in municipal review: that is where a batch gathers its candidates, which stays the first files' story.
        const target = rnd.pick(['submitted', 'district-review', 'district-review', 'returned']);
        const age = rnd.int(3, 90);
        const created = new Date(today.getTime() - (age + rnd.int(5, 30)) * DAY);
        await walk(p, id, TIERS[rung + 1]!, currentYear, target, created, new Date(today.getTime() - age * DAY), null);
      }
    }
    await insertMany(em, Recognition, recognitions);
    await insertMany(em, ApplicationHistory, history);
    for (const d of [...CITY_DISTRICTS, ...OFFICER_ONLY]) logins.push({ username: `officer.${d.slug}`, role: 'officer', scope: `${d.code} ${names.get(d.code) ?? ''}` });
    for (const p of planned) logins.push({ username: p.uscc, role: 'enterprise', scope: p.name });
  });
  return logins;
}
