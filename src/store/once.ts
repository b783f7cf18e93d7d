/** @module A store's one-time preparation at its first call (an index rebuilt, records re-sealed). */

/**
 * Runs `work` at the first call and answers its promise to every call until it settles; a
 * success is kept (later calls resolve at once), a failure is forgotten, so the next call tries
 * again (e.g. Redis was unreachable).
 */
export function onceSucceeded(work: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () =>
    (done ??= work().catch((err: unknown) => {
      done = undefined;
      throw err;
    }));
}
