import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CsrfGuard } from '../common/csrf.js';
import { AuthApiController } from './auth.api.controller.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AttemptLimits } from './attempt-limits.js';
import { AuthCacheService } from './auth-cache.service.js';
import { AuthService } from './auth.service.js';
import { PasswordVerifier } from './password-verifier.js';
import { CredentialsService } from './credentials.service.js';
import { bodyShapeLimit } from './request-limits.js';

/** Guards run in order: CSRF first (a forged form never reaches sign-in), then authentication. */
@Module({
  providers: [AuthService, AuthCacheService, CredentialsService, AttemptLimits, PasswordVerifier, { provide: APP_GUARD, useClass: CsrfGuard }, { provide: APP_GUARD, useClass: AuthGuard }],
  controllers: [AuthController, AuthApiController],
  exports: [AuthService, CredentialsService],
})
export class AuthModule implements NestModule {
  /** Input hardening before any guard, pipe or controller: see request-limits.ts. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(bodyShapeLimit).forRoutes('*');
  }
}
