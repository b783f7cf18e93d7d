/**
 * The phone pipeline's steps over real listeners (issue 12 §1): per-phone files `no-store`,
 * PROV_HTTP_ALLOW for the HTTP phone path, TFTP misses throttled with ERROR 0, and refusals under a
 * folder decided without reading the phone (an unregistered MAC and another user's cost the same).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMissLimiter } from '../../src/access/miss-limiter.js';
import { createPhonePipeline } from '../../src/access/pipeline.js';
import { createMissThrottle } from '../../src/access/throttle.js';
import { createAddressMatcher, parseCidrList } from '../../src/domain/cidr.js';
import type { Mac } from '../../src/domain/mac.js';
import type { User } from '../../src/domain/user.js';
import { createLogger } from '../../src/logger.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { createTftpFileSource } from '../../src/tftp/file-source.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { raw } from '../helpers/raw-http.js';
import { startTftp } from '../tftp/harness.js';

const MINE = '0a0b0c000011';
const BOBS = '0a0b0c000012';

async function withPhones(p: PhonePath): Promise<{ alice: User; bob: User }> {
  const alice = makeUser();
  const bob = makeUser();
  await p.store.insertUser(alice);
  await p.store.insertUser(bob);
  await p.store.insertPhone(makePhone(alice, { mac: MINE as Mac, vendor: 'acme', model: 'X1', filename: 'acme/X1' }));
  await p.store.insertPhone(makePhone(bob, { mac: BOBS as Mac, vendor: 'acme', model: 'X1', filename: 'acme/X1' }));
  return { alice, bob };
}

/** The memory store, counting the phone reads the phone path makes (a real store, not a stub). */
function countingStore(): { store: Store; phoneReads: () => number } {
  const store = createMemoryStore();
  let reads = 0;
  const getPhoneByMac = store.getPhoneByMac.bind(store);
  store.getPhoneByMac = (mac) => {
    reads++;
    return getPhoneByMac(mac);
  };
  return { store, phoneReads: () => reads };
}

describe('the phone pipeline', () => {
  let p: PhonePath | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it('sends per-phone files with Cache-Control: no-store and common files with no-cache', async () => {
    p = await startPhonePath();
    const { alice } = await withPhones(p);

    const device = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme${MINE}.xml`);
    const again = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme${MINE}.xml`, { 'if-none-match': String(device.headers.etag) });
    const common = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme-x1.cfg`);

    expect([device.status, device.headers['cache-control']]).toEqual([200, 'no-store']);
    expect([again.status, again.headers['cache-control']]).toEqual([304, 'no-store']);
    expect([common.status, common.headers['cache-control']]).toEqual([200, 'no-cache']);
  });

  it('serves per-phone files over HTTP only to PROV_HTTP_ALLOW sources, common files to anyone', async () => {
    p = await startPhonePath({ admits: createAddressMatcher(parseCidrList('192.0.2.0/24')) });
    const { alice } = await withPhones(p);

    const device = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme${MINE}.xml`);
    const common = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme-x1.cfg`);

    expect(device.status).toBe(404);
    expect(common.status).toBe(200);
    expect(p.logs.filter((l) => l.event === 'phone_refused').map((l) => l.reason)).toEqual(['not_allowed']);
  });

  it('does not answer an outside source from a file cached for an allowed one', async () => {
    let allowed = true;
    p = await startPhonePath({ admits: () => allowed });
    const { alice } = await withPhones(p);
    const path = `/provision/${alice.provision_token}/acme${MINE}.xml`;

    const inside = await raw(p.base, 'GET', path);
    allowed = false;
    const outside = await raw(p.base, 'GET', path);

    expect([inside.status, outside.status]).toEqual([200, 404]);
  });

  it('refuses an unregistered MAC and another user\'s MAC under a folder without reading either phone', async () => {
    const counted = countingStore();
    p = await startPhonePath({ store: counted.store });
    const { alice } = await withPhones(p);
    await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme${MINE}.xml`); // loads alice's MAC set
    const before = counted.phoneReads();

    const unknown = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme0a0b0c0000ff.xml`);
    const others = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme${BOBS}.xml`);

    expect([unknown.status, others.status]).toEqual([404, 404]);
    expect(counted.phoneReads()).toBe(before);
    expect(p.logs.filter((l) => l.event === 'phone_refused').map((l) => l.reason)).toEqual(['not_owned', 'not_owned']);
  });

  it('serves a phone moved to another user under its new folder only', async () => {
    p = await startPhonePath();
    const { alice, bob } = await withPhones(p);
    const path = (u: User) => `/provision/${u.provision_token}/acme${MINE}.xml`;
    expect((await raw(p.base, 'GET', path(alice))).status).toBe(200);
    expect((await raw(p.base, 'GET', path(bob))).status).toBe(404);
    const phone = (await p.store.getPhoneByMac(MINE as Mac))!;

    await p.store.updatePhone(phone.id, (current) => ({ ...current, user_id: bob.id }));

    expect((await raw(p.base, 'GET', path(alice))).status).toBe(404);
    expect((await raw(p.base, 'GET', path(bob))).status).toBe(200);
  });

  it('throttles TFTP misses with ERROR 0 and still serves a trusted source its known phones', async () => {
    p = await startPhonePath();
    await withPhones(p);
    const logger = createLogger({ level: 'silent' });
    const throttle = createMissThrottle({ limiter: createMissLimiter({ misses: 3, windowS: 60, blockS: 120 }), metrics: p.metrics, logger });
    const pipeline = createPhonePipeline({ provisioning: p.provisioning, admits: () => true, throttle });
    const tftp = await startTftp({ getFile: createTftpFileSource(pipeline, p.metrics, p.refusals) });
    try {
      const client = await tftp.client();
      const misses = [];
      for (let i = 0; i < 5; i++) misses.push(await client.download(`acme0a0b0c0001f${i}.xml`));
      const known = await client.download(`acme${MINE}.xml`);

      expect(misses.map((r) => r.error?.code)).toEqual([1, 1, 1, 0, 0]);
      expect(misses[3]!.error?.message).toBe('Too many requests, try again in 120 s');
      expect(known.error).toBeUndefined();
      expect(known.data?.toString()).toContain('<');
      expect(p.metrics.render()).toContain('provd_phone_throttled_total{protocol="tftp"} 2\n');
    } finally {
      await tftp.close();
    }
  });
});
