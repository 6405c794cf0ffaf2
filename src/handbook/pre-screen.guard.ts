import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TooManyRequestsError } from '../common/errors.js';
import { FixedWindowRateLimiter } from '../common/rate-limiter.js';

/**
 * The public pre-screener's rate limit: PRESCREEN_PER_MINUTE per client address (`req.ip`, which
 * honours TRUST_PROXY) and worker process. Over it: the product's own 429, in the caller's language,
 * with Retry-After.
 */
@Injectable()
export class PreScreenRateGuard implements CanActivate {
  private readonly limiter: FixedWindowRateLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new FixedWindowRateLimiter(config.preScreenPerMinute, 60_000);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const verdict = this.limiter.hit(req.ip ?? 'unknown');
    if (verdict.allowed) return true;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(verdict.retryAfterSeconds));
    throw new TooManyRequestsError(`Too many pre-screens from this address; retry in ${verdict.retryAfterSeconds} s`, [], 'handbook.throttled');
  }
}
