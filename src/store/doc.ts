/** @module Stored JSON documents read back by the durable stores (sqlite, redis). */
import { ProvError } from '../errors.js';

/**
 * Parses a stored JSON document.
 * @throws ProvError PROV_ERR_STORE_CORRUPT naming `what` when it is not a JSON object.
 */
export function parseDoc<T>(text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ProvError('PROV_ERR_STORE_CORRUPT', [`${what}: ${(err as Error).message}`], { cause: err });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProvError('PROV_ERR_STORE_CORRUPT', [`${what}: not a JSON object`]);
  }
  return value as T;
}
