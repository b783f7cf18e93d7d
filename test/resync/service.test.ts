/**
 * The resync service over the real vendor descriptors (templates/) and a memory store, sipp
 * playing the phones: where the NOTIFY goes and which Event each vendor gets.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createNotifySender } from '../../src/resync/notify-sender.js';
import { createResyncService, type ResyncService } from '../../src/resync/service.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { makePhone, makeUser, type PhoneOverrides } from '../helpers/records.js';
import { hasSipp, startSippUas, type SippUas } from './sipp.js';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
const vendors = loadVendors(TEMPLATES);
const registry = createVendorRegistry(vendors);
const sipp = hasSipp();

let store: Store;
let uas: SippUas | undefined;

beforeEach(() => {
  store = createMemoryStore();
});
afterEach(async () => {
  await uas?.stop();
  uas = undefined;
  await store.close();
});

function serviceFor(sipPort: number, timeoutMs = 5000): ResyncService {
  return createResyncService({ store, registry, sender: createNotifySender({ timeoutMs }), sipPort, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
}

/** A stored phone of a new user, seen at `ip` unless `ip` is null. */
async function phoneSeenAt(ip: string | null, overrides: PhoneOverrides = {}): Promise<{ mac: Mac; extension: string }> {
  const user = makeUser();
  await store.insertUser(user);
  const phone = makePhone(user, overrides);
  await store.insertPhone(phone);
  if (ip !== null) await store.recordSighting(phone.mac, { at: new Date().toISOString(), ip, user_agent: 'test' });
  return { mac: phone.mac, extension: user.extension_number };
}

/** One model of each vendor whose vendor.json has a resync entry (the vendor's first model). */
const VENDOR_MODELS = vendors.filter((v) => v.descriptor.resync).map((v) => ({ vendor: v.id, model: Object.keys(v.descriptor.models).find((m) => !v.descriptor.models[m]!.resync)! }));

describe.skipIf(!sipp)('resync service against sipp', () => {
  it('sends the NOTIFY to the last seen address and the SIP port, addressed to the extension', async () => {
    uas = await startSippUas();
    const { mac, extension } = await phoneSeenAt('::ffff:127.0.0.1');

    const result = await serviceFor(uas.port).resync(mac, { reboot: false });

    expect(result).toMatchObject({ mac, result: 'ok', status: 200, event: 'check-sync;reboot=false', sent_to: `127.0.0.1:${uas.port}` });
    expect(uas.notifies()[0]).toMatch(new RegExp(`^NOTIFY sip:${extension}@127\\.0\\.0\\.1:${uas.port} SIP/2\\.0`));
  });

  it('puts each vendor\'s resync and reboot events in the Event header', async () => {
    uas = await startSippUas({ calls: VENDOR_MODELS.length * 2 });
    const service = serviceFor(uas.port);
    const expected: string[] = [];

    for (const { vendor, model } of VENDOR_MODELS) {
      const { mac } = await phoneSeenAt('127.0.0.1', { vendor, model });
      for (const reboot of [false, true]) {
        const spec = registry.get(vendor)!.descriptor.resync!;
        if (reboot && !spec.reboot_event) continue;
        expected.push(reboot ? spec.reboot_event! : spec.event);
        expect((await service.resync(mac, { reboot })).result).toBe('ok');
      }
    }

    const events = uas.notifies().map((n) => /^Event: (.*?)\s*$/m.exec(n)?.[1]);
    expect(events).toEqual(expected);
    // The forms Yealink's admin guide gives (with sip.notify_reboot_enable = 0, as common.hbs sets).
    const yealink = registry.get('yealink')!.descriptor.resync!;
    expect([yealink.event, yealink.reboot_event]).toEqual(['check-sync;reboot=false', 'check-sync;reboot=true']);
    expect(events).toContain('check-sync;reboot=true');
  });
});

describe('resync service refusals (nothing is sent)', () => {
  it('refuses a phone never seen with PROV_ERR_RESYNC_NEVER_SEEN', async () => {
    const { mac } = await phoneSeenAt(null);

    await expect(serviceFor(9).resync(mac, { reboot: false })).rejects.toMatchObject({ code: 'PROV_ERR_RESYNC_NEVER_SEEN', status: 409 });
  });

  it('refuses a reboot for a vendor without a reboot event (Akuvox)', async () => {
    const { mac } = await phoneSeenAt('127.0.0.1', { vendor: 'akuvox', model: Object.keys(registry.get('akuvox')!.descriptor.models)[0]! });

    await expect(serviceFor(9).resync(mac, { reboot: true })).rejects.toMatchObject({ code: 'PROV_ERR_RESYNC_UNSUPPORTED', status: 400, message: expect.stringMatching(/rebooted/) });
  });

  it('lets a model override its vendor: a Gigaset N510 takes check-sync but no reboot flag', async () => {
    const { mac } = await phoneSeenAt('127.0.0.1', { vendor: 'gigaset', model: 'N510' });

    await expect(serviceFor(9).resync(mac, { reboot: true })).rejects.toMatchObject({ code: 'PROV_ERR_RESYNC_UNSUPPORTED' });
  });

  it('answers PROV_ERR_PHONE_NOT_FOUND for an unknown MAC', async () => {
    await expect(serviceFor(9).resync('001565000000' as Mac, { reboot: false })).rejects.toMatchObject({ code: 'PROV_ERR_PHONE_NOT_FOUND' });
  });
});
