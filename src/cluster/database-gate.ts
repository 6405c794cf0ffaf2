/**
 * The handshake that keeps workers off the database until the supervisor has migrated and seeded
 * it: a worker asks ("ready?") once it listens for the answer, loads its modules meanwhile (most of
 * its start-up time), and creates the application only when the supervisor answers "ready". Asking
 * rather than waiting for a broadcast means no answer is lost to a worker that was still loading.
 */
export const ASK = 'database-ready?';
export const READY = 'database-ready';

interface GateMessage {
  type?: unknown;
}

/** In a worker: resolves when the supervisor says the database is ready. */
export function waitForDatabase(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: GateMessage) => {
      if (message?.type !== READY) return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    process.send?.({ type: ASK });
  });
}
