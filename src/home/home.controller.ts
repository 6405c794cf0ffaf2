import { Controller, Get, Render } from '@nestjs/common';
import { referenceCan } from '../settings/reference.policy.js';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ActivitiesService } from '../activities/activities.service.js';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { ROLES } from '../auth/role.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { translate } from '../i18n/i18n.js';
import { EligibilityStatus } from '../policy/evaluation.entity.js';
import { RadarService } from '../radar/radar.service.js';
import { todayIso } from '../common/format.js';
import { ReferenceService } from '../reference/reference.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { homeSections } from './home.policy.js';
import { worklistCounts } from './worklist-counts.js';
import { worklist } from './worklist.js';
import { LADDER } from '../ladder/tiers.js';

const TIERS = LADDER;

/** The role's home: who you are, what you may see, what needs you today. */
@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
    private readonly activities: ActivitiesService,
    private readonly radar: RadarService,
    private readonly calendar: CalendarService,
  ) {}

  @Get()
  @Roles(...ROLES)
  @Render('home')
  async home(@CurrentActor() actor: Actor) {
    const scope = scopeOf(actor);
    const base = () => applyScope(this.dataSource.getRepository(Enterprise).createQueryBuilder('e'), 'e', scope);
    const [byDistrict, byTier] = await Promise.all([
      base().select('e.district_code', 'code').addSelect('COUNT(*)', 'n').groupBy('e.district_code').getRawMany<{ code: string; n: string | number }>(),
      base().select('e.current_tier', 'tier').addSelect('COUNT(*)', 'n').groupBy('e.current_tier').getRawMany<{ tier: string | null; n: string | number }>(),
    ]);
    const districts = await this.reference.districts();
    const name = (row: { nameZh: string; nameEn: string } | undefined) => (row ? (actor.locale === 'en' ? row.nameEn : row.nameZh) : '');
    let scopeText: string;
    const sections = homeSections(actor);
    if (scope.kind === 'all') scopeText = translate(actor.locale, 'home.scope.all');
    else if (scope.kind === 'area') {
      const zones = await Promise.all(scope.zoneCodes.map((c) => this.reference.zone(c)));
      scopeText = [...scope.districtCodes.map((c) => name(districts.find((d) => d.code === c))), ...zones.map((z) => name(z))].join(' / ');
    } else if (scope.kind === 'enterprise') scopeText = translate(actor.locale, 'role.enterprise');
    else scopeText = translate(actor.locale, sections.auditScope ? 'home.scope.audit' : 'home.scope.none');

    const staff = sections.tasks;
    const tasks = sections.tasks ? await this.activities.myTasks(actor) : null;
    const radarItems = sections.radar && scope.kind !== 'none' ? await this.radar.items(actor) : [];
    const own = sections.ownSummary ? await this.ownSummary(actor) : null;
    const counts = await worklistCounts(this.dataSource, actor, todayIso(), tasks && { overdue: tasks.overdue.length, thisWeek: tasks.thisWeek.length });
    return {
      title: translate(actor.locale, 'nav.home'),
      welcome: translate(actor.locale, 'home.welcome', { name: actor.displayName }),
      scopeText,
      introKey: `home.intro.${actor.role}`,
      staff,
      enterpriseCount: byDistrict.reduce((sum, r) => sum + Number(r.n), 0),
      districtCount: byDistrict.length,
      byDistrict: byDistrict.map((r) => ({ district: districts.find((d) => d.code === r.code), count: Number(r.n) })).sort((a, b) => b.count - a.count),
      tiers: TIERS.map((tier) => ({ tier, count: Number(byTier.find((r) => r.tier === tier)?.n ?? 0) })),
      tasks: tasks && { overdue: tasks.overdue.length, thisWeek: tasks.thisWeek.length, next: [...tasks.overdue, ...tasks.thisWeek].slice(0, 6) },
      radar: { count: radarItems.length, next: radarItems.slice(0, 6), months: staff && scope.kind !== 'none' ? (await this.radar.leadTimes()).hnteMonths : null },
      own,
      // Admins enter the holiday calendar: warned from 1 November until next year's is in.
      calendarStatus: referenceCan(actor, 'seeCalendarStatus') ? await this.calendar.status() : null,
      work: worklist(actor.role, counts, actor.enterpriseId ?? null),
    };
  }

  private async ownSummary(actor: Actor) {
    const enterprise = await this.dataSource.getRepository(Enterprise).findOneBy({ id: actor.enterpriseId! });
    if (!enterprise) return null;
    const status = await this.dataSource.getRepository(EligibilityStatus).findOneBy({ enterpriseId: enterprise.id });
    return {
      id: enterprise.id,
      name: enterprise.name,
      currentTier: enterprise.currentTier,
      evaluatedAt: status?.evaluatedAt ?? null,
      nextTier: status?.nextTier ?? null,
      gapCount: status?.gapCount ?? null,
      highTech: status?.highTech ?? null,
    };
  }
}
