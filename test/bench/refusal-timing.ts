/**
 * @module Does a 404 tell which MACs exist? (issue 12 §1 timing) Over keep-alive HTTP on the
 * SQLite store with sealed secrets, the same folder asks, interleaved, for another user's
 * registered MAC and for unregistered MACs; prints p50 and mean client-side latency of each
 * (BENCH_SAMPLES=4000 each, after 500 warm-up pairs). Not part of `npm test`.
 * `node --import tsx test/bench/refusal-timing.ts`
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPhonePipeline } from '../../src/access/pipeline.js';
import { close, listen } from '../../src/http/listen.js';
import { createPhoneHandler } from '../../src/http/phone-handler.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createProvisioningService } from '../../src/provisioning/service.js';
import { createRenderer } from '../../src/render/renderer.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { phoneWithSecrets, userWithSecrets } from '../helpers/secrets-dump.js';
import { testCodec } from '../secrets/support.js';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 4000);
const dir = mkdtempSync(join(tmpdir(), 'provd-bench-timing-'));
const store = createSqliteStore({ file: join(dir, 'provd.sqlite'), codec: testCodec().codec });
const vendors = loadVendors(fileURLToPath(new URL('../../templates', import.meta.url)));
const logger = createLogger({ level: 'silent' });
const metrics = createMetrics();
const alice = userWithSecrets();
const bob = userWithSecrets();
await store.insertUser(alice);
await store.insertUser(bob);
await store.insertPhone(phoneWithSecrets(alice));
const bobs = phoneWithSecrets(bob);
await store.insertPhone(bobs);

const provisioning = createProvisioningService({ store, registry: createVendorRegistry(vendors), renderer: createRenderer(vendors), logger, metrics, server: { httpPort: 8080, defaultTimezone: 'UTC' } });
const pipeline = createPhonePipeline({ provisioning, admits: () => true });
const server = createServer(createPhoneHandler({ pipeline, logger, metrics, protocol: 'http', trustProxy: false }));
const port = await listen(server, 0, '127.0.0.1');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Microseconds for one GET, client side. */
function get(path: string): Promise<number> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 404 ? resolve(Number(process.hrtime.bigint() - start) / 1e3) : reject(new Error(`status ${res.statusCode}`))));
    }).on('error', reject).end();
  });
}

const unregistered = () => `001565${randomInt(0x800000, 0xffffff).toString(16)}`;
const path = (mac: string) => `/provision/${alice.provision_token}/${mac}.cfg`;
const other: number[] = [];
const unknown: number[] = [];
for (let i = 0; i < 500; i++) await Promise.all([get(path(bobs.mac)), get(path(unregistered()))]).catch(() => undefined);
for (let i = 0; i < SAMPLES; i++) {
  // Alternate which goes first, so drift hits both equally.
  if (i % 2) {
    other.push(await get(path(bobs.mac)));
    unknown.push(await get(path(unregistered())));
  } else {
    unknown.push(await get(path(unregistered())));
    other.push(await get(path(bobs.mac)));
  }
}
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(JSON.stringify({
  samples: SAMPLES,
  other_user_p50_us: +p50(other).toFixed(1),
  unregistered_p50_us: +p50(unknown).toFixed(1),
  p50_difference_us: +(p50(other) - p50(unknown)).toFixed(1),
  other_user_mean_us: +mean(other).toFixed(1),
  unregistered_mean_us: +mean(unknown).toFixed(1),
}));
agent.destroy();
await close(server);
provisioning.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
