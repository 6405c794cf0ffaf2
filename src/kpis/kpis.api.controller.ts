import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { KpiYearDto, KpiYearsDto } from './kpi.response.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { KpiFiguresPutDto } from './kpi.dto.js';
import { KpisService } from './kpis.service.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });

/** api.md "Facts and provenance": PUT …/kpi-figures/:year, GET …/kpis (per year figures, indicators and grade). */
@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('api/v1/enterprises')
export class KpisApiController {
  constructor(private readonly kpis: KpisService) {}

  @Get(':id/kpis')
  @ApiOkResponse({ type: KpiYearsDto })
  years(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number): Promise<KpiYearsDto> {
    return this.kpis.years(actor, id);
  }

  @Put(':id/kpi-figures/:year')
  @ApiOkResponse({ type: KpiYearDto })
  put(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Param('year', new ParseIntPipe()) year: number, @Body() dto: KpiFiguresPutDto): Promise<KpiYearDto> {
    return this.kpis.put(actor, id, year, dto);
  }
}
