import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../../auth/password.js';
import { User } from '../../auth/user.entity.js';
import { AnnualFinancials } from '../../enterprises/annual-financials.entity.js';
import { Contact } from '../../enterprises/contact.entity.js';
import { CreditFlag } from '../../enterprises/credit-flag.entity.js';
import { EnterpriseTag } from '../../enterprises/enterprise-tag.entity.js';
import { Enterprise } from '../../enterprises/enterprise.entity.js';
import { normaliseEnterpriseName } from '../../enterprises/enterprise-name.js';
import { IpAsset } from '../../enterprises/ip-asset.entity.js';
import { Qualification } from '../../enterprises/qualification.entity.js';
import { Recognition } from '../../ladder/recognition.entity.js';
import { DEMO_TRADES as TRADES } from './demo-trades.js';
import { Random } from './random.js';
import { makeUscc } from './uscc-maker.js';

export { makeUscc };
import { businessDate, now } from '../../common/clock.js';

export interface DemoLogin {
  username: string;
  role: string;
  scope: string;
}

const PLACES = ['津', '海河', '渤海', '滨城', '北洋', '津门', '泰达', '天开', '华北', '中环', '南开', '和平'];
/** Place words that name one district: elsewhere the draw stands, a neutral word replaces it (same PRNG stream). */
const PLACE_DISTRICT: Record<string, string> = { 滨城: '120116', 泰达: '120116', 南开: '120104', 和平: '120101' };
const NEUTRAL_PLACES = PLACES.filter((p) => !(p in PLACE_DISTRICT));
/** A drawn place word that fits the district: a district's own word only inside it. */
export function placeFor(drawn: string, district: string, n: number): string {
  const home = PLACE_DISTRICT[drawn];
  return home === undefined || home === district ? drawn : NEUTRAL_PLACES[n % NEUTRAL_PLACES.length]!;
}
const WORDS = ['智航', '芯源', '云图', '星辰', '远景', '睿思', '博纳', '恒信', '精测', '新材', '康瑞', '绿能', '海创', '微纳', '天合', '锐科', '华拓', '鼎晟', '凯特', '光启', '盛达', '宏图', '中科', '瑞普'];

/** Where the demo enterprises sit: at least four districts, Binhai largest as in reality. */
const DEMO_DISTRIBUTION: { district: string; count: number; zones?: string[] }[] = [
  { district: '120116', count: 16, zones: ['binhai-hitech', 'teda', 'bonded', 'dongjiang'] },
  { district: '120104', count: 8 },
  { district: '120111', count: 6 },
  { district: '120110', count: 5 },
  { district: '120114', count: 4 },
  { district: '120103', count: 3 },
];

type Profile = { tier: string | null; revenue: [number, number]; employees: [number, number] };
const PROFILES: Profile[] = [
  { tier: null, revenue: [300_000, 3_000_000], employees: [5, 30] },
  { tier: 'tech-sme', revenue: [2_000_000, 30_000_000], employees: [15, 120] },
  { tier: 'young-eagle', revenue: [1_000_000, 15_000_000], employees: [10, 80] },
  { tier: 'gazelle', revenue: [15_000_000, 120_000_000], employees: [60, 300] },
  { tier: 'leader-candidate', revenue: [220_000_000, 450_000_000], employees: [300, 900] },
  { tier: 'leader', revenue: [520_000_000, 1_200_000_000], employees: [800, 2500] },
];
const PROFILE_WEIGHTS = [8, 14, 9, 6, 3, 2];

function pickProfile(rnd: Random): Profile {
  const total = PROFILE_WEIGHTS.reduce((a, b) => a + b, 0);
  let x = rnd.next() * total;
  for (const [i, w] of PROFILE_WEIGHTS.entries()) {
    if ((x -= w) < 0) return PROFILES[i]!;
  }
  return PROFILES[0]!;
}

const round = (n: number) => Math.round(n);
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * Demo data for a fresh, empty database outside production: the api.md accounts and 42 realistic
 * enterprises over six districts, each with 3–5 years of figures, IP, qualifications and (for most)
 * a recognition, so every module has something true to show. Deterministic (seeded PRNG).
 */
export async function seedDemo(dataSource: DataSource, password: string, today = now()): Promise<DemoLogin[]> {
  const rnd = new Random(20261122);
  const passwordHash = await hashPassword(password);
  const currentYear = Number(businessDate(today).slice(0, 4));
  const logins: DemoLogin[] = [];
  // District names from the reference data: an address names the file's own district.
  const districtNames = new Map<string, string>((await dataSource.query('SELECT code, name_zh FROM district')).map((r: { code: string; name_zh: string }) => [r.code, r.name_zh]));

  await dataSource.transaction(async (em: EntityManager) => {
    const staff = [
      { username: 'admin', displayName: '系统管理员', role: 'admin' as const, districtCode: null, scope: 'all' },
      { username: 'manager', displayName: '王处长', role: 'manager' as const, districtCode: null, scope: 'all (city-wide)' },
      { username: 'officer.binhai', displayName: '李明（滨海新区）', role: 'officer' as const, districtCode: '120116', scope: '120116 滨海新区' },
      { username: 'officer.nankai', displayName: '张华（南开区）', role: 'officer' as const, districtCode: '120104', scope: '120104 南开区' },
      { username: 'auditor', displayName: '审计员', role: 'auditor' as const, districtCode: null, scope: 'audit log only' },
    ];
    const officerIds: Record<string, number> = {};
    for (const s of staff) {
      const saved = await em.save(em.create(User, {
        username: s.username, displayName: s.displayName, role: s.role, districtCode: s.districtCode, zoneCode: null, enterpriseId: null,
        passwordHash, locale: 'zh-CN', active: true, failedAttempts: 0, lockedUntil: null, lastLoginAt: null, passwordChangedAt: today,
      }));
      if (s.districtCode) officerIds[s.districtCode] = saved.id;
      logins.push({ username: s.username, role: s.role, scope: s.scope });
    }

    let ipSerial = 1;
    let n = 0;
    for (const { district, count, zones } of DEMO_DISTRIBUTION) {
      for (let i = 0; i < count; i++, n++) {
        const trade = rnd.pick(TRADES);
        const profile = pickProfile(rnd);
        const name = `天津${placeFor(rnd.pick(PLACES), district, n)}${rnd.pick(WORDS)}${trade.suffix}${profile.tier === 'leader' ? '股份' : ''}有限公司`;
        const uniqueName = n % 7 === 6 ? name.replace('天津', '天津市') : name;
        const years = rnd.int(3, 5);
        // Founded no later than its first year of figures (a young eagle drawn younger is moved back; it stays within YE-AGE).
        const foundedYear = Math.min(profile.tier === 'young-eagle' ? currentYear - rnd.int(2, 7) : currentYear - years - rnd.int(0, 12), currentYear - years);
        const tags = [rnd.chance(0.3) ? '重点走访' : null, rnd.chance(0.2) ? '上市后备' : null, profile.tier === 'gazelle' ? '高成长' : null].filter(Boolean) as string[];
        const enterprise = await em.save(em.create(Enterprise, {
          uscc: makeUscc(district, rnd),
          name: uniqueName,
          nameNormalized: normaliseEnterpriseName(uniqueName),
          districtCode: district,
          zoneCode: zones && rnd.chance(0.6) ? rnd.pick(zones) : null,
          establishedOn: iso(foundedYear, rnd.int(1, 12), rnd.int(1, 28)),
          industryCode: trade.industry,
          taxMode: rnd.chance(0.95) ? 'audit' : 'deemed',
          highTechField: trade.field,
          registeredCapital: rnd.pick([1_000_000, 5_000_000, 10_000_000, 30_000_000, 50_000_000, 100_000_000]),
          address: `天津市${districtNames.get(district) ?? ''}${rnd.pick(['海泰', '华苑', '新技术产业园', '科技园'])}路${rnd.int(1, 300)}号`,
          assignedOfficerId: officerIds[district] ?? null,
          tags: tags.join(','),
          currentTier: profile.tier,
          rdLedger: rnd.chance(0.7) ? true : rnd.chance(0.5) ? false : null,
          // Established for every demo file (TS-INDUSTRY reads it; unknown would leave tech-SME incomplete).
          restrictedCategory: false,
        }));
        for (const tag of tags) await em.insert(EnterpriseTag, { enterpriseId: enterprise.id, tag });
        // Nothing on file predates the company: dates drawn earlier are moved to its founding day.
        const founded = enterprise.establishedOn!;
        const notBefore = (on: string) => (on < founded ? founded : on);

        // Financial history, oldest first, with the enterprise's own growth and R&D habits.
        let revenue = rnd.between(...profile.revenue) / Math.pow(1.15, years);
        const rdIntensity = rnd.between(0.015, 0.09);
        let employees = rnd.int(...profile.employees);
        const stShare = rnd.between(0.08, 0.45);
        for (let y = currentYear - years; y < currentYear; y++) {
          revenue *= 1 + rnd.between(-0.05, 0.45);
          employees = Math.max(3, round(employees * (1 + rnd.between(-0.05, 0.2))));
          const rd = revenue * rdIntensity * rnd.between(0.85, 1.15);
          const assets = revenue * rnd.between(0.9, 1.8);
          await em.insert(AnnualFinancials, {
            enterpriseId: enterprise.id, year: y,
            operatingRevenue: round(revenue), salesRevenue: round(revenue * 0.98), mainBusinessRevenue: round(revenue * 0.95),
            totalIncome: round(revenue * 1.02), nonTaxableIncome: 0, investmentIncome: round(revenue * 0.005),
            highTechRevenue: round(revenue * rnd.between(0.45, 0.9)), rdExpense: round(rd), rdExpenseDomestic: round(rd * rnd.between(0.85, 1)),
            totalCostAndExpense: round(revenue * rnd.between(0.75, 0.95)), totalAssets: round(assets), totalLiabilities: round(assets * rnd.between(0.2, 0.6)),
            employees, stStaff: round(employees * stShare), transformedAchievements: rnd.int(0, 6),
            source: y === currentYear - 1 && rnd.chance(0.3) ? 'enterprise' : 'officer',
          });
        }

        const ipKinds: [string, number][] = [
          ['invention-patent', profile.tier === 'leader' ? rnd.int(5, 12) : rnd.int(0, 3)],
          ['utility-model', rnd.int(0, profile.tier?.startsWith('leader') ? 20 : 6)],
          ['software-copyright', rnd.int(0, 5)],
          ['design-patent', rnd.int(0, 1)],
          ['trademark', rnd.int(0, 2)],
        ];
        for (const [kind, k] of ipKinds) {
          for (let j = 0; j < k; j++) {
            const granted = Math.max(rnd.int(currentYear - 8, currentYear - 1), foundedYear);
            const serial = String(ipSerial++).padStart(7, '0');
            const number = kind === 'software-copyright' ? `${granted}SR${serial}` : kind === 'trademark' ? `TM${serial}` : `ZL${granted}${kind === 'invention-patent' ? '1' : kind === 'utility-model' ? '2' : '3'}${serial}.${rnd.int(0, 9)}`;
            const term = kind === 'invention-patent' ? 20 : kind === 'software-copyright' ? 50 : 10;
            await em.insert(IpAsset, {
              enterpriseId: enterprise.id, kind, number, title: `${trade.suffix}相关${kind === 'trademark' ? '商标' : '技术'} ${j + 1}`,
              status: rnd.chance(0.92) ? 'valid' : rnd.pick(['pending', 'lapsed']), grantedOn: notBefore(iso(granted, rnd.int(1, 12), rnd.int(1, 28))),
              expiresOn: iso(granted + term, rnd.int(1, 12), rnd.int(1, 28)), acquisition: rnd.chance(0.85) ? 'own' : 'acquired',
              usedInHighTechApplication: rnd.chance(0.15), relatedToMainProducts: rnd.chance(0.75), pledged: false, coOwners: null,
            });
          }
        }

        // Certificates: an HNTE certificate for the stronger half, some expiring soon for the radar.
        if (profile.tier && profile.tier !== 'young-eagle' && rnd.chance(0.6)) {
          const start = rnd.int(currentYear - 3, currentYear - 1);
          const on = notBefore(iso(start, rnd.int(1, 12), rnd.int(1, 28)));
          await em.insert(Qualification, { enterpriseId: enterprise.id, kind: 'hnte-certificate', obtainedOn: on, validUntil: iso(start + 3, Number(on.slice(5, 7)), Number(on.slice(8, 10))), certificateNumber: `GR${start}12000${rnd.int(100, 999)}` });
        }
        if (trade.suffix === '软件' || rnd.chance(0.15)) {
          await em.insert(Qualification, { enterpriseId: enterprise.id, kind: 'software-enterprise-certificate', obtainedOn: iso(currentYear - 2, 3, 1), validUntil: iso(currentYear + 1, 2, 28) });
          await em.insert(Qualification, { enterpriseId: enterprise.id, kind: 'software-product-certificate', obtainedOn: iso(currentYear - 2, 5, 1), validUntil: iso(currentYear + 3, 4, 30) });
        }
        if (rnd.chance(0.25)) {
          await em.insert(Qualification, { enterpriseId: enterprise.id, kind: 'venture-investment', obtainedOn: notBefore(iso(currentYear - rnd.int(1, 3), rnd.int(1, 12), 15)), amount: rnd.pick([1_000_000, 3_000_000, 6_000_000, 20_000_000]) });
        }
        if (rnd.chance(0.15)) {
          await em.insert(Qualification, { enterpriseId: enterprise.id, kind: 'standard-drafting', level: rnd.pick(['national', 'industry', 'group']), positionRank: rnd.int(1, 8), obtainedOn: notBefore(iso(currentYear - rnd.int(1, 4), 6, 1)) });
        }
        if (rnd.chance(0.1)) {
          await em.insert(Qualification, { enterpriseId: enterprise.id, kind: 'rd-institution', level: rnd.pick(['national', 'provincial']), obtainedOn: notBefore(iso(currentYear - rnd.int(1, 6), 9, 1)) });
        }
        if (rnd.chance(0.06)) {
          await em.insert(CreditFlag, { enterpriseId: enterprise.id, kind: 'abnormal-operation', flaggedOn: iso(currentYear - 1, rnd.int(1, 12), rnd.int(1, 28)), source: 'credit-china' });
        }
        if (profile.tier) {
          // Recognitions run for the evaluation year; tech-based SME registration for the year too.
          const year = currentYear - rnd.int(0, 1);
          await em.insert(Recognition, { enterpriseId: enterprise.id, tier: profile.tier, year, batch: `${year}-第${rnd.int(1, 3)}批`, certificateNumber: null, validFrom: iso(year, 6, 30), validUntil: iso(year + 1, 6, 30), source: 'import' });
        }
        await em.insert(Contact, { enterpriseId: enterprise.id, name: rnd.pick(['刘', '陈', '杨', '赵', '黄', '周', '吴']) + rnd.pick(['经理', '总监', '主任']), role: rnd.pick(['财务负责人', '研发负责人', '总经理']), phone: `022-${rnd.int(20000000, 89999999)}`, email: `contact${enterprise.id}@example.cn` });

        await em.insert(User, {
          username: enterprise.uscc, displayName: uniqueName.slice(0, 64), role: 'enterprise', districtCode: null, zoneCode: null,
          enterpriseId: enterprise.id, passwordHash, locale: 'zh-CN', active: true, failedAttempts: 0, lockedUntil: null, lastLoginAt: null, passwordChangedAt: today,
        });
        logins.push({ username: enterprise.uscc, role: 'enterprise', scope: uniqueName });
      }
    }
  });
  logins.push(...(await (await import('./demo-city.js')).seedDemoCity(dataSource, passwordHash, today)));
  const ledgers = await import('./demo-ledgers.js');
  await ledgers.seedDemoLedgers(dataSource, today);
  await ledgers.seedDemoChecks(dataSource, today);
  await (await import('./demo-applications.js')).seedDemoApplications(dataSource, today);
  await (await import('./demo-srdi.js')).seedDemoSrdi(dataSource, today);
  await (await import('./demo-provenance.js')).seedDemoProvenance(dataSource, today);
  await (await import('./demo-kpis.js')).seedDemoKpis(dataSource, today);
  await (await import('./demo-offers.js')).seedDemoOffers(dataSource, today);
  await (await import('./demo-ladders.js')).seedDemoLadders(dataSource, today);
  await (await import('./demo-projects.js')).seedDemoProjects(dataSource, today);
  await (await import('./demo-post-subsidy.js')).seedDemoPostSubsidy(dataSource, today);
  await (await import('./demo-screening.js')).seedDemoScreening(dataSource, today);
  return logins;
}

/** Seeds only a database with no users yet, so restarts never duplicate or overwrite data. */
export async function seedDemoIfEmpty(dataSource: DataSource, password: string): Promise<DemoLogin[] | null> {
  const users = await dataSource.getRepository(User).count();
  if (users > 0) return null;
  return seedDemo(dataSource, password);
}
