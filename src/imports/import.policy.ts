import type { Actor } from '../auth/actor.js';

/**
 * Import jobs hold other people's uploads: a user sees the jobs they started, an administrator
 * all of them (support). Who may import at all is the enterprises policy's `import` action.
 */
export function seesAllImports(actor: Actor): boolean {
  return actor.role === 'admin';
}
