/** Store failures counted as provd_store_errors_total{operation,kind}; answers about the data are not failures. */
import { describe, expect, it } from 'vitest';
import { ProvError } from '../../src/errors.js';
import { createMetrics } from '../../src/metrics.js';
import { instrumentStore, storeErrorCounter } from '../../src/store/instrumented.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createRedisStore } from '../../src/store/redis.js';
import { makeUser } from '../helpers/records.js';
import { expectProvError } from './contract/support.js';

describe('instrumentStore', () => {
  it('counts an unreachable store by operation, and passes the error on', async () => {
    const metrics = createMetrics();
    const raw = createRedisStore({ url: 'redis://127.0.0.1:1', prefix: 'provd-test-unreachable:', timeouts: { connectMs: 500 } });
    const store = instrumentStore(raw, storeErrorCounter(metrics));
    try {
      await expectProvError(store.getUser('x'), 'PROV_ERR_STORE_UNAVAILABLE');
      await expectProvError(store.readEpoch(), 'PROV_ERR_STORE_UNAVAILABLE');
    } finally {
      await store.close();
    }
    expect(metrics.render()).toContain('provd_store_errors_total{kind="unavailable",operation="getUser"} 1\n');
    expect(metrics.render()).toContain('provd_store_errors_total{kind="unavailable",operation="readEpoch"} 1\n');
  });

  it('does not count answers about the data (taken, not found, a refusing change), counts an unexpected error as internal, wraps every operation', async () => {
    const metrics = createMetrics();
    const raw = createMemoryStore();
    const store = instrumentStore(raw, storeErrorCounter(metrics));
    const u = makeUser();
    await store.insertUser(u);

    await expectProvError(store.insertUser(makeUser({ extension_number: u.extension_number })), 'PROV_ERR_EXTENSION_TAKEN');
    await expectProvError(store.updatePhone('nope', (p) => p), 'PROV_ERR_PHONE_NOT_FOUND');
    await expectProvError(store.updateUser(u.id, () => Promise.reject(new ProvError('PROV_ERR_VALIDATION', ['refused']))), 'PROV_ERR_VALIDATION');
    await expect(store.updateUser(u.id, () => Promise.reject(new Error('bug in a change')))).rejects.toThrow('bug in a change');

    expect(metrics.render()).toBe('# HELP provd_store_errors_total Store failures by operation and kind (unavailable, data_lost, corrupt, conflict, internal)\n# TYPE provd_store_errors_total counter\nprovd_store_errors_total{kind="internal",operation="updateUser"} 1\n');
    const unwrapped = Object.keys(raw).filter((k) => typeof (raw as never)[k] === 'function' && !Object.hasOwn(store, k));
    expect(unwrapped.sort()).toEqual(['close', 'subscribe']);
  });
});
