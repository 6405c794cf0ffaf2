import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CsrfGuard } from '../common/csrf.js';
import { AuthApiController } from './auth.api.controller.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { CredentialsService } from './credentials.service.js';

/** Guards run in order: CSRF first (a forged form never reaches sign-in), then authentication. */
@Module({
  providers: [AuthService, CredentialsService, { provide: APP_GUARD, useClass: CsrfGuard }, { provide: APP_GUARD, useClass: AuthGuard }],
  controllers: [AuthController, AuthApiController],
  exports: [AuthService, CredentialsService],
})
export class AuthModule {}
