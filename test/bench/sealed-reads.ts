/**
 * @module What sealing adds to a phone's first fetch, on the SQLite store, records stored plain vs
 * sealed, same data: the two store reads of a cold render (getUserByToken + getPhoneByMac), and
 * a whole cold fetch of `<mac>.cfg` through the provisioning service (new service per round:
 * nothing cached; Yealink templates). In process, no HTTP.
 * `node --import tsx test/bench/sealed-reads.ts` (BENCH_PHONES=2000, BENCH_ROUNDS=7). Not part of `npm test`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_NETWORK } from '../../src/domain/network.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createProvisioningService } from '../../src/provisioning/service.js';
import { createRenderer } from '../../src/render/renderer.js';
import { PLAIN_CODEC, type RecordCodec } from '../../src/store/codec.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { phoneWithSecrets, userWithSecrets } from '../helpers/secrets-dump.js';
import { testCodec } from '../secrets/support.js';

const PHONES = Number(process.env.BENCH_PHONES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const dir = mkdtempSync(join(tmpdir(), 'provd-bench-sealed-'));
const users = Array.from({ length: PHONES }, () => userWithSecrets());
const phones = users.map((u) => phoneWithSecrets(u));

const vendors = loadVendors(fileURLToPath(new URL('../../templates', import.meta.url)));
const logger = createLogger({ level: 'silent' });

/** Median microseconds per phone of `pass` over ROUNDS passes. */
async function median(pass: () => Promise<void>): Promise<number> {
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    await pass();
    rounds.push(Number(process.hrtime.bigint() - start) / 1e3 / PHONES);
  }
  return rounds.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

/** Both reads of a cold render, for every phone. */
const reads = (store: Store) => async () => {
  for (let i = 0; i < PHONES; i++) {
    await store.getUserByToken(users[i]!.provision_token);
    await store.getPhoneByMac(phones[i]!.mac);
  }
};

/** A cold fetch of every phone's `<mac>.cfg` under its folder, through a new provisioning service. */
const coldFetches = (store: Store) => async () => {
  const service = createProvisioningService({
    store, registry: createVendorRegistry(vendors), renderer: createRenderer(vendors), logger, metrics: createMetrics(), server: { httpPort: 8080, defaultTimezone: 'UTC' },
  });
  for (let i = 0; i < PHONES; i++) {
    const file = await service.fetch({ folder: users[i]!.provision_token, filename: `${phones[i]!.mac}.cfg`, protocol: 'http', trustedSource: true, remoteAddress: '127.0.0.1', userAgent: 'Yealink SIP-T46U' });
    if (!('body' in file)) throw new Error(`phone ${i} refused: ${JSON.stringify(file)}`);
  }
  service.close();
};

async function measure(name: string, codec: RecordCodec): Promise<{ reads: number; fetches: number }> {
  const store = createSqliteStore({ file: join(dir, `${name}.sqlite`), codec });
  await store.putNetwork({ ...DEFAULT_NETWORK, private_ipv4: '127.0.0.1' });
  for (const u of users) await store.insertUser(u);
  for (const p of phones) await store.insertPhone(p);
  const result = { reads: await median(reads(store)), fetches: await median(coldFetches(store)) };
  await store.close();
  return result;
}

try {
  const plain = await measure('plain', PLAIN_CODEC);
  const sealed = await measure('sealed', testCodec().codec);
  console.log(`node ${process.version}, sqlite, ${PHONES} phones x ${ROUNDS} rounds, median per phone:`);
  for (const key of ['reads', 'fetches'] as const) {
    const what = key === 'reads' ? 'getUserByToken + getPhoneByMac' : 'cold fetch of <mac>.cfg (provisioning service)';
    console.log(`  ${what.padEnd(48)} plain ${plain[key].toFixed(1).padStart(6)} us  sealed ${sealed[key].toFixed(1).padStart(6)} us  (+${(sealed[key] - plain[key]).toFixed(1)} us, +${((sealed[key] / plain[key] - 1) * 100).toFixed(0)} %)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
