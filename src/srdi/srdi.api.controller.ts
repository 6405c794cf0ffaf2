import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
@Controller('api/v1/enterprises')
export class SrdiApiController {
  constructor(private readonly srdi: SrdiService) {}

  @Get(':id/srdi-facts')
  get(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    return this.srdi.get(actor, id);
  }

  @Patch(':id/srdi-facts')
  @HttpCode(200)
  patch(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: SrdiFactsPatchDto) {
    return this.srdi.patchFacts(actor, id, dto);
  }

  @Put(':id/srdi-years/:year')
  putYear(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Param('year', new ParseIntPipe()) year: number, @Body() dto: SrdiYearPutDto) {
    return this.srdi.putYear(actor, id, year, dto);
  }

  @Post(':id/srdi-recognitions')
  addRecognition(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: SrdiRecognitionPostDto) {
    return this.srdi.addRecognition(actor, id, dto);
  }
}
