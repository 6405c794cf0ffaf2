import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SrdiFactViewDto, SrdiFactsViewDto, SrdiRecognitionViewDto, SrdiYearViewDto } from './srdi.response.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { SrdiFactsPatchDto, SrdiRecognitionPostDto, SrdiYearPutDto } from './srdi.dto.js';
import { SrdiService } from './srdi.service.js';

/** Ids in paths: a non-number is simply not found. */
const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });

/** The SRDI facts of a file (rules.md §7) with provenance, its yearly SRDI figures and SRDI recognitions. */
@ApiTags('enterprises')
@ApiBearerAuth()
@ApiExtraModels(SrdiFactViewDto)
@Controller('api/v1/enterprises')
export class SrdiApiController {
  constructor(private readonly srdi: SrdiService) {}

  @Get(':id/srdi-facts')
  @ApiOkResponse({ type: SrdiFactsViewDto })
  get(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number): Promise<SrdiFactsViewDto> {
    return this.srdi.get(actor, id);
  }

  @Patch(':id/srdi-facts')
  @HttpCode(200)
  @ApiOkResponse({ type: SrdiFactsViewDto })
  patch(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: SrdiFactsPatchDto): Promise<SrdiFactsViewDto> {
    return this.srdi.patchFacts(actor, id, dto);
  }

  @Put(':id/srdi-years/:year')
  @ApiOkResponse({ type: SrdiYearViewDto })
  putYear(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Param('year', new ParseIntPipe()) year: number, @Body() dto: SrdiYearPutDto): Promise<SrdiYearViewDto> {
    return this.srdi.putYear(actor, id, year, dto);
  }

  @Post(':id/srdi-recognitions')
  @ApiCreatedResponse({ type: SrdiRecognitionViewDto })
  addRecognition(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: SrdiRecognitionPostDto): Promise<SrdiRecognitionViewDto> {
    return this.srdi.addRecognition(actor, id, dto);
  }
}
