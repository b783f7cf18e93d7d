/**
 * @module Redis for tests: where it is (REDIS_URL, default redis://127.0.0.1:6379) and whether
 * it answers. Without Redis the redis tests are skipped with a printed reason, unless
 * REQUIRE_REDIS=1, where the run fails instead (CI must not pass by skipping).
 */
import { createRedisStore } from '../../src/store/redis.js';

/** The Redis tests use: env REDIS_URL or the local default. */
export function redisUrl(): string {
  return process.env.REDIS_URL || 'redis://127.0.0.1:6379';
}

/**
 * True when Redis answers. When it does not: warns and answers false, or, with REQUIRE_REDIS=1,
 * throws (at collection time this fails the test file with the message).
 * @example const available = await redisAvailable(); describe.skipIf(!available)(...)
 */
export async function redisAvailable(): Promise<boolean> {
  const url = redisUrl();
  const probe = createRedisStore({ url, prefix: 'provd-test-probe:' });
  let reason: string | undefined;
  try {
    await probe.getNetwork();
  } catch (err) {
    reason = (err as Error).message;
  } finally {
    await probe.close();
  }
  if (reason === undefined) return true;
  const message = `Redis at ${redact(url)} is not reachable (${reason})`;
  if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but ${message}; start Redis or unset REQUIRE_REDIS`);
  console.warn(`Skipping the redis store tests: ${message}. Set REDIS_URL to point at a Redis server.`);
  return false;
}

// --- internal ---

/** The URL without its password, fit for a log line. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable REDIS_URL)';
  }
}
