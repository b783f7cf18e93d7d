/**
 * @module Remembering what a client discovered once (a server entry's id, SRAPS's endpoint
 * collection): concurrent callers share one request, and a failure is forgotten so the next
 * call asks again (a 5xx during discovery must not stick to the client).
 */

/**
 * @example const serverId = cachedUntilFailure((url: string) => findOrAddServer(url));
 * await serverId(a); await serverId(b); // one lookup; `b` is not used once it succeeded
 */
export function cachedUntilFailure<A extends unknown[], T>(make: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let pending: Promise<T> | undefined;
  return (...args) => {
    if (pending) return pending;
    const attempt = make(...args);
    pending = attempt;
    attempt.catch(() => {
      if (pending === attempt) pending = undefined;
    });
    return attempt;
  };
}
