import { Body, Controller, Delete, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { TooManyRequestsError, UnauthenticatedError } from '../common/errors.js';
import type { Actor } from './actor.js';
import { SecondFactorError } from './auth.errors.js';
import { CurrentActor, Public, Roles } from './auth.decorators.js';
import { MeDto, TokenRequestDto, TokenResponseDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { ROLES } from './role.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthApiController {
  constructor(private readonly auth: AuthService) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponseDto })
  async token(@Body() body: TokenRequestDto, @Req() req: Request): Promise<TokenResponseDto> {
    const result = await this.auth.authenticate(body.username, body.password, req.ip ?? 'unknown', 'api', body.totp);
    if (!result.ok) {
      if (result.reason === 'throttled') throw new TooManyRequestsError('Too many failed sign-ins from this address; wait and retry');
      if (result.reason === 'locked') throw new UnauthenticatedError(`Account locked after repeated failures; retry in ${result.lockedMinutes} minutes`);
      if (result.reason === 'totp-required') throw new SecondFactorError('Two-factor code required: send the authenticator code in "totp"', 'required');
      if (result.reason === 'totp-invalid') throw new SecondFactorError('Invalid or already used two-factor code', 'invalid');
      if (result.reason === 'enrolment-required') {
        throw new SecondFactorError('Two-factor sign-in must be set up first: sign in on the web once to enrol an authenticator app', 'enrolment required');
      }
      throw new UnauthenticatedError('Invalid username or password');
    }
    const { accessToken, tokenType, expiresIn } = await this.auth.issueToken(result.user);
    return { accessToken, tokenType, expiresIn };
  }

  /** Revokes the token used for this call. */
  @Delete('token')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiBearerAuth()
  async revoke(@Req() req: Request): Promise<void> {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token) await this.auth.revokeToken(token);
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): MeDto {
    return {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      districtCode: actor.districtCode,
      zoneCode: actor.zoneCode,
      enterpriseId: actor.enterpriseId,
      locale: actor.locale,
    };
  }
}
