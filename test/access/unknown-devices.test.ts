/**
 * The unknown-device recorder (issue 12 §3): which refusals it records, with what guesses, and
 * how often (real memory store, unknown-device table and the acme fixture vendor).
 */
import { describe, expect, it, vi } from 'vitest';
import { createUnknownDeviceRecorder } from '../../src/access/unknown-devices.js';
import type { Mac } from '../../src/domain/mac.js';
import { createLogger } from '../../src/logger.js';
import { REFUSED } from '../../src/provisioning/refusal.js';
import type { FetchRequest } from '../../src/provisioning/types.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createMemoryUnknownPhoneStore } from '../../src/store/memory-unknown.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { FIXTURE_TEMPLATES } from '../helpers/phone-path.js';
import { makePhone, makeUser } from '../helpers/records.js';

const request = (filename: string, over: Partial<FetchRequest> = {}): FetchRequest => ({
  folder: 'F'.repeat(32), filename, protocol: 'http', trustedSource: true, remoteAddress: '192.0.2.9', userAgent: '', ...over,
});

async function setup() {
  const store = createMemoryStore();
  const unknown = createMemoryUnknownPhoneStore();
  const clock = { now: Date.parse('2026-03-01T10:00:00Z') };
  const recorder = createUnknownDeviceRecorder({
    registry: createVendorRegistry(loadVendors(FIXTURE_TEMPLATES)), store, unknown, logger: createLogger({ level: 'silent' }), now: () => clock.now,
  });
  /** Resolves once the recorder's pending writes are done (they start after a setImmediate). */
  const settled = () => new Promise((r) => setImmediate(() => setImmediate(r)));
  return { store, unknown, clock, recorder, settled };
}

describe('the unknown-device recorder', () => {
  it('records per-phone names refused under a folder, over TFTP, or with a vendor User-Agent, with the vendor guessed', async () => {
    const { unknown, recorder, settled } = await setup();

    recorder.refused(request('acme0a0b0c000001.xml'), REFUSED.not_owned);
    recorder.refused(request('acme0a0b0c000002.xml', { folder: undefined, protocol: 'tftp', trustedSource: false, userAgent: '' }), REFUSED.not_allowed);
    recorder.refused(request('acme0a0b0c000003.xml', { userAgent: 'Acme-X1 1.0' }), REFUSED.unknown_folder);
    recorder.refused(request('acme0a0b0c000004.xml'), REFUSED.unknown_folder);
    recorder.refused(request('acme0a0b0c000005.xml'), { refused: 'throttled', retryAfterS: 60 });
    recorder.refused(request('acme-x1.cfg'), REFUSED.unknown_file);
    await settled();

    const all = await unknown.list({ searchFields: [], orderby: [{ field: 'mac', desc: false }], skip: 0, top: 10 });
    expect(all.items.map((e) => [e.mac, e.vendor, e.protocol])).toEqual([
      ['0a0b0c000001', 'acme', 'http'],
      ['0a0b0c000002', 'acme', 'tftp'],
      ['0a0b0c000003', 'acme', 'http'],
    ]);
  });

  it('never records a MAC a phone has (another user\'s)', async () => {
    const { store, unknown, recorder, settled } = await setup();
    const bob = makeUser();
    await store.insertUser(bob);
    await store.insertPhone(makePhone(bob, { mac: '0a0b0c000012' as Mac, vendor: 'acme', model: 'X1', filename: 'acme/X1' }));

    recorder.refused(request('acme0a0b0c000012.xml'), REFUSED.not_owned);
    await settled();

    expect(await unknown.get('0a0b0c000012')).toBeUndefined();
  });

  it('writes a MAC at most once a minute, counting the requests it writes', async () => {
    const { unknown, clock, recorder, settled } = await setup();

    for (let i = 0; i < 10; i++) recorder.refused(request('acme0a0b0c000001.xml'), REFUSED.not_owned);
    await settled();
    const first = await unknown.get('0a0b0c000001');
    clock.now += 60_000;
    recorder.refused(request('acme0a0b0c000001.xml', { remoteAddress: '192.0.2.10' }), REFUSED.not_owned);
    await vi.waitFor(async () => expect((await unknown.get('0a0b0c000001'))?.count).toBe(2));

    expect(first?.count).toBe(1);
    expect(await unknown.get('0a0b0c000001')).toMatchObject({ ip: '192.0.2.10', first_seen: '2026-03-01T10:00:00.000Z', last_seen: '2026-03-01T10:01:00.000Z' });
  });
});
