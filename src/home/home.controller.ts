import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { translate } from '../i18n/i18n.js';
import { ReferenceService } from '../reference/reference.service.js';

@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
  ) {}

  /** The role's home: who you are, what you may see, and where to go next. */
  @Get()
  @Render('home')
  async home(@CurrentActor() actor: Actor) {
    const scope = scopeOf(actor);
    const qb = applyScope(this.dataSource.getRepository(Enterprise).createQueryBuilder('e'), 'e', scope);
    const byDistrict: { district_code: string; n: string | number }[] = await qb
      .clone()
      .select('e.district_code', 'district_code')
      .addSelect('COUNT(*)', 'n')
      .groupBy('e.district_code')
      .getRawMany();
    const districts = await this.reference.districts();
    let scopeText: string;
    if (scope.kind === 'all') scopeText = translate(actor.locale, 'home.scope.all');
    else if (scope.kind === 'area') {
      const names = [
        ...scope.districtCodes.map((c) => districts.find((d) => d.code === c)).map((d) => (d ? (actor.locale === 'en' ? d.nameEn : d.nameZh) : '')),
        ...(await Promise.all(scope.zoneCodes.map(async (c) => { const z = await this.reference.zone(c); return z ? (actor.locale === 'en' ? z.nameEn : z.nameZh) : c; }))),
      ];
      scopeText = names.join(' / ');
    } else if (scope.kind === 'enterprise') scopeText = translate(actor.locale, 'role.enterprise');
    else scopeText = translate(actor.locale, 'home.scope.none');
    return {
      title: translate(actor.locale, 'nav.home'),
      welcome: translate(actor.locale, 'home.welcome', { name: actor.displayName }),
      scopeText,
      introKey: `home.intro.${actor.role}`,
      enterpriseCount: byDistrict.reduce((sum, r) => sum + Number(r.n), 0),
      districtCount: byDistrict.length,
      byDistrict: byDistrict
        .map((r) => ({ district: districts.find((d) => d.code === r.district_code), count: Number(r.n) }))
        .sort((a, b) => b.count - a.count),
    };
  }
}
