/** Auto-resync: which changes make which phones get a NOTIFY (sipp receives them). */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/domain/user.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createAutoResync, type AutoResync } from '../../src/resync/auto.js';
import { createResyncJobs, type ResyncJobs } from '../../src/resync/jobs.js';
import { createNotifySender } from '../../src/resync/notify-sender.js';
import { createResyncService } from '../../src/resync/service.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { makePhone, makeUser, type PhoneOverrides } from '../helpers/records.js';
import { hasSipp, startSippUas, type SippUas } from './sipp.js';

const registry = createVendorRegistry(loadVendors(fileURLToPath(new URL('../../templates/', import.meta.url))));
const sipp = hasSipp();
const logger = createLogger({ level: 'silent' });
const DELAY_MS = 100;

let store: Store;
let jobs: ResyncJobs;
let auto: AutoResync | undefined;
let uas: SippUas | undefined;

beforeEach(() => {
  store = createMemoryStore();
});
afterEach(async () => {
  auto?.stop();
  jobs?.close();
  await uas?.stop();
  uas = undefined;
  await store.close();
});

function startAuto(sipPort: number, everyPhone: boolean): void {
  const resync = createResyncService({ store, registry, sender: createNotifySender({ timeoutMs: 2000 }), sipPort, logger, metrics: createMetrics() });
  jobs = createResyncJobs({ store, resync, ratePerSecond: 50, logger });
  auto = createAutoResync({ store, jobs, everyPhone, delayMs: DELAY_MS, logger });
  auto.start();
}

async function seenPhone(user: User, overrides: PhoneOverrides = {}) {
  const phone = makePhone(user, overrides);
  await store.insertPhone(phone);
  await store.recordSighting(phone.mac, { at: new Date().toISOString(), ip: '127.0.0.1', user_agent: 'test' });
  return phone;
}

const settle = () => new Promise((r) => setTimeout(r, DELAY_MS * 5));

describe.skipIf(!sipp)('auto-resync', () => {
  it('resyncs a phone with auto_resync after its own change, once for several changes', async () => {
    uas = await startSippUas({ calls: 1 });
    const user = makeUser();
    await store.insertUser(user);
    const phone = await seenPhone(user, { auto_resync: true });
    startAuto(uas.port, false);

    await store.updatePhone(phone.id, (p) => ({ ...p, enable_lldp: true }));
    await store.updatePhone(phone.id, (p) => ({ ...p, enable_lldp: false }));
    await uas.exited;
    await settle();

    expect(uas.notifies()).toHaveLength(1);
    expect(uas.notifies()[0]).toMatch(/^Event: check-sync;reboot=false\s*$/m);
    expect(jobs.list()).toHaveLength(1);
    expect(jobs.list()[0]).toMatchObject({ selection: { on_change: true }, reboot: false, total: 1 });
  });

  it('resyncs every phone of a changed user when PROV_RESYNC_ON_CHANGE is on', async () => {
    uas = await startSippUas({ calls: 2 });
    const user = makeUser();
    await store.insertUser(user);
    const macs = [(await seenPhone(user)).mac, (await seenPhone(user)).mac].sort();
    startAuto(uas.port, true);

    await store.updateUser(user.id, (u) => ({ ...u, display_name: 'Renamed' }));
    await uas.exited;

    expect(uas.notifies()).toHaveLength(2);
    const done = jobs.list()[0]!;
    expect(done.items.map((i) => i.mac)).toEqual(macs);
  });

  it('resyncs the phone that carries a changed user on a further line', async () => {
    uas = await startSippUas({ calls: 1 });
    const [owner, line] = [makeUser(), makeUser()];
    await store.insertUser(owner);
    await store.insertUser(line);
    const phone = await seenPhone(owner, { auto_resync: true, lines: [{ user_id: line.id }] });
    startAuto(uas.port, false);

    await store.updateUser(line.id, (u) => ({ ...u, extension_password: 'Changed-1' }));
    await uas.exited;

    expect(uas.notifies()).toHaveLength(1);
    expect(jobs.list()[0]!.items.map((i) => i.mac)).toEqual([phone.mac]);
  });
});

describe('auto-resync leaves alone', () => {
  it('phones without auto_resync when the global switch is off, and phones never seen', async () => {
    const user = makeUser();
    await store.insertUser(user);
    const quiet = await seenPhone(user);
    const unseen = makePhone(user, { auto_resync: true });
    await store.insertPhone(unseen);
    startAuto(9, false);

    await store.updatePhone(quiet.id, (p) => ({ ...p, enable_lldp: true }));
    await store.updatePhone(unseen.id, (p) => ({ ...p, enable_lldp: true }));
    await store.updateNetwork((n) => n);
    await settle();

    expect(jobs.list()).toEqual([]);
  });
});
