import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { CreditFlagPatchDto, CreditFlagPostDto, FactCheckPostDto, RdLedgerPutDto } from './stored-facts.dto.js';
import { StoredFactsService } from './stored-facts.service.js';
import { READERS } from '../auth/role.js';
import { DeprecatedFields } from '../common/deprecation.js';

/** Ids in paths: a non-number is simply not found (no 400 that would hint at the id space). */
const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });
const flagIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Credit flag') });

/** Stored facts with provenance (api.md "Facts and provenance"): R&D ledger, credit flags, checks. */
@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('api/v1/enterprises')
export class StoredFactsApiController {
  constructor(private readonly facts: StoredFactsService) {}

  @Get(':id/rd-ledger')
  @Roles(...READERS)
  async ledgers(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    return { items: await this.facts.ledgers(actor, id) };
  }

  @Get(':id/rd-ledger/:year')
  @Roles(...READERS)
  ledger(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Param('year', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('R&D ledger') })) year: number) {
    return this.facts.ledger(actor, id, year);
  }

  @Put(':id/rd-ledger/:year')
  putLedger(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Param('year', new ParseIntPipe()) year: number, @Body() dto: RdLedgerPutDto) {
    return this.facts.putLedger(actor, id, year, dto);
  }

  @Get(':id/credit-flags')
  @Roles(...READERS)
  async flags(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    return { items: await this.facts.flags(actor, id) };
  }

  @Post(':id/credit-flags')
  @DeprecatedFields('on')
  addFlag(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: CreditFlagPostDto) {
    return this.facts.addFlag(actor, id, dto);
  }

  @Patch(':id/credit-flags/:flagId')
  @HttpCode(200)
  patchFlag(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Param('flagId', flagIdPipe) flagId: number, @Body() dto: CreditFlagPatchDto) {
    return this.facts.patchFlag(actor, id, flagId, dto);
  }

  @Post(':id/checks')
  addCheck(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: FactCheckPostDto) {
    return this.facts.addCheck(actor, id, dto);
  }
}
