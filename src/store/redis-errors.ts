/** @module Failures of the redis store (script replies, driver errors) mapped to ProvErrors. */
import { ProvError } from '../errors.js';

/**
 * `PROV:<CODE>` replies of the scripts become their ProvError; WRONGTYPE means a key under the
 * prefix holds something else (STORE_CORRUPT); anything else (refused connection, retries
 * exhausted, timeouts, a replica that refuses writes) means the store is unavailable.
 */
export function mapRedisError(err: unknown, ctx: Record<string, string>): unknown {
  if (err instanceof ProvError) return err;
  const message = String((err as Error)?.message ?? err);
  const code = /PROV:([A-Z_]+)/.exec(message)?.[1];
  const arg = (k: string) => [ctx[k] ?? ''];
  switch (code) {
    case 'EXTENSION_TAKEN': return new ProvError('PROV_ERR_EXTENSION_TAKEN', arg('extension'));
    case 'USER_NAME_TAKEN': return new ProvError('PROV_ERR_USER_NAME_TAKEN', arg('name'));
    case 'MAC_TAKEN': return new ProvError('PROV_ERR_MAC_TAKEN', arg('mac'));
    case 'USER_NOT_FOUND': return new ProvError('PROV_ERR_USER_NOT_FOUND', arg(ctx.userId ? 'userId' : 'id'));
    // A further line's user: its id follows the code (the caller's context does not hold it).
    case 'LINE_USER_NOT_FOUND': return new ProvError('PROV_ERR_USER_NOT_FOUND', [/PROV:LINE_USER_NOT_FOUND:(.*)$/s.exec(message)?.[1] ?? '']);
    case 'PHONE_NOT_FOUND': return new ProvError('PROV_ERR_PHONE_NOT_FOUND', arg('id'));
    case 'IDEMPOTENCY_KEY_REUSED': return new ProvError('PROV_ERR_IDEMPOTENCY_KEY_REUSED', arg('idempotencyKey'));
    case 'DATA_LOST': return new ProvError('PROV_ERR_STORE_DATA_LOST');
    case 'CORRUPT': return new ProvError('PROV_ERR_STORE_CORRUPT', [`${ctx.id ?? 'a record'} or a record it refers to is not JSON`]);
    case 'ID_TAKEN':
    case 'TOKEN_TAKEN': return new ProvError('PROV_ERR_INTERNAL', [], { cause: err }); // random server-made values
  }
  if (message.startsWith('WRONGTYPE')) return new ProvError('PROV_ERR_STORE_CORRUPT', [message], { cause: err });
  return new ProvError('PROV_ERR_STORE_UNAVAILABLE', [message], { cause: err });
}

/** Runs a Redis call, answering its result or throwing its error as a ProvError (mapRedisError). */
export async function redisCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw mapRedisError(err, {});
  }
}
