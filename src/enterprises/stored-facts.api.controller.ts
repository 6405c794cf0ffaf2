import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FactCheckDto, RdLedgerDto, RdLedgerListDto, StoredCreditFlagDto, StoredCreditFlagListDto } from './stored-facts.response.js';
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
  @ApiOkResponse({ type: RdLedgerListDto })
  async ledgers(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number): Promise<RdLedgerListDto> {
    return { items: await this.facts.ledgers(actor, id) };
  }

  @Get(':id/rd-ledger/:year')
  @Roles(...READERS)
  @ApiOkResponse({ type: RdLedgerDto })
  ledger(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Param('year', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('R&D ledger') })) year: number): Promise<RdLedgerDto> {
    return this.facts.ledger(actor, id, year);
  }

  @Put(':id/rd-ledger/:year')
  @ApiOkResponse({ type: RdLedgerDto })
  putLedger(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Param('year', new ParseIntPipe()) year: number, @Body() dto: RdLedgerPutDto): Promise<RdLedgerDto> {
    return this.facts.putLedger(actor, id, year, dto);
  }

  @Get(':id/credit-flags')
  @Roles(...READERS)
  @ApiOkResponse({ type: StoredCreditFlagListDto })
  async flags(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number): Promise<StoredCreditFlagListDto> {
    return { items: await this.facts.flags(actor, id) };
  }

  @Post(':id/credit-flags')
  @DeprecatedFields('on')
  @ApiCreatedResponse({ type: StoredCreditFlagDto })
  addFlag(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: CreditFlagPostDto): Promise<StoredCreditFlagDto> {
    return this.facts.addFlag(actor, id, dto);
  }

  @Patch(':id/credit-flags/:flagId')
  @HttpCode(200)
  @ApiOkResponse({ type: StoredCreditFlagDto })
  patchFlag(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Param('flagId', flagIdPipe) flagId: number, @Body() dto: CreditFlagPatchDto): Promise<StoredCreditFlagDto> {
    return this.facts.patchFlag(actor, id, flagId, dto);
  }

  @Post(':id/checks')
  @ApiCreatedResponse({ type: FactCheckDto })
  addCheck(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: FactCheckPostDto): Promise<FactCheckDto> {
    return this.facts.addCheck(actor, id, dto);
  }
}
