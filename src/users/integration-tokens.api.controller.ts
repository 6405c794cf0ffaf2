import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { IsCalendarDate } from '../common/validators.js';
import { IntegrationTokensService } from './integration-tokens.service.js';

export class IntegrationTokenCreateDto {
  @ApiProperty({ description: 'an active account with role `integration`' }) @IsInt() @Min(1) userId: number;
  @ApiProperty({ example: '2027-06-30', description: 'last day the token works (Beijing time), after today, at most 366 days ahead' }) @IsCalendarDate() expiresOn: string;
}

export class IntegrationTokenIssuedDto {
  @ApiProperty() id: number;
  @ApiProperty({ description: 'shown once; only its hash is stored' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
}

export class IntegrationTokenDto {
  @ApiProperty() id: number;
  @ApiProperty() userId: number;
  @ApiProperty() username: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class IntegrationTokenListDto {
  @ApiProperty({ type: [IntegrationTokenDto], description: 'without their secrets' }) items: IntegrationTokenDto[];
}

/** Administrators issue, list and revoke the bearer tokens of integration accounts (docs/integrations.md). */
@ApiTags('integrations')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/admin/integration-tokens')
export class IntegrationTokensApiController {
  constructor(private readonly tokens: IntegrationTokensService) {}

  @Post()
  @ApiCreatedResponse({ type: IntegrationTokenIssuedDto })
  issue(@CurrentActor() actor: Actor, @Body() dto: IntegrationTokenCreateDto): Promise<IntegrationTokenIssuedDto> {
    return this.tokens.issue(actor, dto.userId, dto.expiresOn);
  }

  @Get()
  @ApiOkResponse({ type: IntegrationTokenListDto })
  async list(): Promise<IntegrationTokenListDto> {
    return { items: await this.tokens.list() };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async revoke(@CurrentActor() actor: Actor, @Param('id', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Token') })) id: number): Promise<void> {
    await this.tokens.revoke(actor, id);
  }
}
