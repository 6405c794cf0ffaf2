import { isApiPath } from '../common/api-path.js';

const HEALTH = /^\/health(\/|$)/i;
const BEARER = /^Bearer\s/i;

/**
 * Requests that can never use a session, so the session middleware is skipped for them: no read of
 * the session store, no session id made, never a Set-Cookie. `/health` (probes, anonymous) and a
 * JSON API request with a bearer token (the API authenticates by the token only — auth.guard.ts —
 * and needs no CSRF token). A browser's API call without a bearer keeps the session middleware and
 * is refused exactly as before. Anything else that lands here without a session fails closed: no
 * actor, and the CSRF guard refuses a write that has no session.
 */
export function needsNoSession(path: string, authorization: string | undefined): boolean {
  if (HEALTH.test(path)) return true;
  return authorization !== undefined && BEARER.test(authorization) && isApiPath(path);
}
