import type { NextFunction, Request, Response } from 'express';
import { InvalidInputError } from '../common/errors.js';

/** No real request of this API nests deeper than this (the eligibility facts go 4 levels deep). */
export const MAX_BODY_DEPTH = 32;
/** …nor has more values than this (arrays and objects counted too). */
export const MAX_BODY_NODES = 50_000;

/**
 * Refuses parsed bodies (JSON or form) nested too deeply or with too many values before any
 * recursive code sees them: class-transformer walks bodies recursively, so a 5,000-level JSON
 * body (well under the size limit) would overflow the stack and answer 500. Iterative, so it
 * cannot overflow itself. Found by the fuzz suite.
 */
export function bodyShapeLimit(req: Request, _res: Response, next: NextFunction): void {
  const body = req.body as unknown;
  if (!body || typeof body !== 'object') return next();
  const stack: [unknown, number][] = [[body, 1]];
  let nodes = 0;
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (++nodes > MAX_BODY_NODES) return next(new InvalidInputError(`Request body has more than ${MAX_BODY_NODES} values`, [{ field: 'body', message: 'too many values' }]));
    if (!value || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) return next(new InvalidInputError(`Request body is nested deeper than ${MAX_BODY_DEPTH} levels`, [{ field: 'body', message: 'nested too deeply' }]));
    for (const child of Object.values(value as Record<string, unknown>)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
    else nodes++;
  }
  next();
}
