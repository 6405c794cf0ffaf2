import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SrdiFactDto, SrdiFactsDto, SrdiRecognitionDto, SrdiYearDto } from './srdi.response.js';
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
@ApiExtraModels(SrdiFactDto)
@Controller('api/v1/enterprises')
export class SrdiApiController {
  constructor(private readonly srdi: SrdiService) {}

  @Get(':id/srdi-facts')
  @ApiOkResponse({ type: SrdiFactsDto })
  get(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number): Promise<SrdiFactsDto> {
    return this.srdi.get(actor, id);
  }

  @Patch(':id/srdi-facts')
  @HttpCode(200)
  @ApiOkResponse({ type: SrdiFactsDto })
  patch(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: SrdiFactsPatchDto): Promise<SrdiFactsDto> {
    return this.srdi.patchFacts(actor, id, dto);
  }

  @Put(':id/srdi-years/:year')
  @ApiOkResponse({ type: SrdiYearDto })
  putYear(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Param('year', new ParseIntPipe()) year: number, @Body() dto: SrdiYearPutDto): Promise<SrdiYearDto> {
    return this.srdi.putYear(actor, id, year, dto);
  }

  @Post(':id/srdi-recognitions')
  @ApiCreatedResponse({ type: SrdiRecognitionDto })
  addRecognition(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: SrdiRecognitionPostDto): Promise<SrdiRecognitionDto> {
    return this.srdi.addRecognition(actor, id, dto);
  }
}
