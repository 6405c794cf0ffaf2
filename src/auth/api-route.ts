import type { ExecutionContext } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { isApiPath } from '../common/api-path.js';

const reflector = new Reflector();
const byHandler = new WeakMap<object, boolean>();

/** Whether a handler's route (controller path joined with its own) lies under /api. */
export function isApiHandler(controller: object, handler: object): boolean {
  let known = byHandler.get(handler);
  if (known === undefined) {
    const bases = [reflector.get<string | string[] | undefined>(PATH_METADATA, controller as never) ?? ''].flat();
    const own = [reflector.get<string | string[] | undefined>(PATH_METADATA, handler as never) ?? ''].flat();
    known = bases.some((b) => own.some((o) => isApiPath(`/${b}/${o}`)));
    byHandler.set(handler, known);
  }
  return known;
}

/**
 * The one decision "is this a JSON API request" for the guards: by the route that matched (an
 * /api controller or handler), and by the normalised path — so /API/…, /Api/…, /%61pi/… or //api/…
 * cannot reach an API handler as a page (where the session cookie would authenticate it).
 */
export function isApiRoute(context: ExecutionContext): boolean {
  const req = context.switchToHttp().getRequest<Request>();
  return isApiHandler(context.getClass(), context.getHandler()) || isApiPath(req.path);
}
