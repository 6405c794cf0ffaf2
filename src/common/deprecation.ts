import { Injectable, SetMetadata, applyDecorators, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';

/**
 * Deprecation for one release (docs/integrations.md, "Versioning"): a route or a body field that is to
 * be removed is flagged `deprecated` in the OpenAPI document, and every response to a request that
 * uses it carries `Deprecation: true` (RFC 9745) and a `Link` to its replacement, so a client sees it
 * in its logs before the removal.
 */
export const DEPRECATED_ROUTE = 'api:deprecated-route';
export const DEPRECATED_FIELDS = 'api:deprecated-fields';

/** The whole route is deprecated; `replacement` names what to call instead. */
export function DeprecatedRoute(replacement: string) {
  return applyDecorators(SetMetadata(DEPRECATED_ROUTE, replacement), ApiOperation({ deprecated: true, description: `Deprecated: use ${replacement}. Removed in the next release.` }));
}

/**
 * Body fields of this route that are deprecated (mark the DTO property `deprecated: true` too). Paths
 * are dotted; `[]` steps into every element of an array: `enterprise.flags[].on`.
 */
export const DeprecatedFields = (...paths: string[]) => SetMetadata(DEPRECATED_FIELDS, paths);

/** Whether a body uses a field at a dotted path (`[]` = any element). Own properties only. */
export function usesPath(value: unknown, path: string): boolean {
  const [head, ...rest] = path.split('.');
  if (head === undefined || value === null || typeof value !== 'object') return false;
  const array = head.endsWith('[]');
  const key = array ? head.slice(0, -2) : head;
  if (!Object.prototype.hasOwnProperty.call(value, key)) return false;
  const child = (value as Record<string, unknown>)[key];
  if (array) return Array.isArray(child) && child.some((c) => (rest.length ? usesPath(c, rest.join('.')) : true));
  return rest.length ? usesPath(child, rest.join('.')) : child !== undefined;
}

@Injectable()
export class DeprecationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const targets = [context.getHandler(), context.getClass()];
    const route = this.reflector.getAllAndOverride<string | undefined>(DEPRECATED_ROUTE, targets);
    const fields = this.reflector.getAllAndOverride<string[] | undefined>(DEPRECATED_FIELDS, targets) ?? [];
    const req = context.switchToHttp().getRequest<Request>();
    const used = fields.filter((f) => usesPath(req.body, f));
    if (route || used.length) {
      const res = context.switchToHttp().getResponse<Response>();
      res.setHeader('Deprecation', 'true');
      res.setHeader('Link', '</api/docs>; rel="deprecation"');
      if (used.length) res.setHeader('X-Deprecated-Fields', used.join(', '));
    }
    return next.handle();
  }
}
