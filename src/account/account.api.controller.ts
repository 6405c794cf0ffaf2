import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/openapi.js';
import { LoginDto } from '../auth/login.response.js';
import type { Page } from '../common/list-query.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { ROLES } from '../auth/role.js';
import { LoginHistoryQueryDto } from './account.dto.js';
import { AccountService } from './account.service.js';

@ApiTags('account')
@ApiBearerAuth()
@Controller('api/v1/account')
@Roles(...ROLES)
export class AccountApiController {
  constructor(private readonly account: AccountService) {}

  /** The caller's own login history (every sign-in attempt with its username), newest first. */
  @Get('logins')
  @ApiPageResponse(LoginDto)
  logins(@CurrentActor() actor: Actor, @Query() query: LoginHistoryQueryDto): Promise<Page<LoginDto>> {
    return this.account.logins(actor, query);
  }
}
