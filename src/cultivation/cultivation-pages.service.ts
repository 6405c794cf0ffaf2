import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { todayIso } from '../common/format.js';
import { ReferenceService } from '../reference/reference.service.js';
import type { CultivationPageQueryDto, RenewalQueryDto } from './cultivation.dto.js';
import { CANDIDATES_PER_PAGE } from './cultivation.view.js';
import { PoolTargetsService } from './pool-targets.service.js';
import { PoolService } from './pool.service.js';
import { RenewalsService } from './renewals.service.js';
import { ScreeningService } from './screening.service.js';

const thisYear = () => Number(todayIso().slice(0, 4));

/**
 * What the cultivation pages need, gathered in one call per page (cultivation.view.ts shapes it).
 * Read-only: screening, pool and target changes stay in their services.
 */
@Injectable()
export class CultivationPagesService {
  constructor(
    private readonly screening: ScreeningService,
    private readonly pool: PoolService,
    private readonly targets: PoolTargetsService,
    private readonly renewals: RenewalsService,
    private readonly reference: ReferenceService,
  ) {}

  async index(actor: Actor, query: CultivationPageQueryDto) {
    const page = query.page ?? 1;
    const year = query.year ?? thisYear();
    const [candidates, runs, figures, members, districts] = await Promise.all([
      this.screening.candidates(actor, { ...query, limit: CANDIDATES_PER_PAGE, offset: (page - 1) * CANDIDATES_PER_PAGE }),
      this.screening.runs(),
      this.targets.poolFigures(actor, { year, districtCode: query.districtCode }),
      this.pool.list(actor, { year, status: query.status, pageSize: 200 }),
      this.reference.districts(),
    ]);
    const filters = { districtCode: query.districtCode, highTechField: query.highTechField, revenueBand: query.revenueBand, employeeBand: query.employeeBand, q: query.q };
    return { filters, year, status: query.status, page, thisYear: thisYear(), candidates, runs, figures, members, districts };
  }

  async member(actor: Actor, id: number) {
    const member = await this.pool.detail(actor, id);
    const officers = member.canEditPlan ? await this.pool.officersFor({ districtCode: member.enterprise.districtCode, zoneCode: null }) : [];
    return { member, officers, today: todayIso() };
  }

  async renewalList(actor: Actor, query: RenewalQueryDto) {
    const [result, districts] = await Promise.all([this.renewals.list(actor, { ...query, pageSize: query.pageSize ?? 50 }), this.reference.districts()]);
    return { result, districts };
  }

  async targetsOf(year: number) {
    const [targets, districts, stock] = await Promise.all([this.targets.targets(year), this.reference.districts(), this.targets.planStock(year)]);
    return { targets, districts, stock };
  }
}
