/**
 * Scale: 100,000 users and phones created through the admin API (users first, then phones, 64
 * requests in flight, keep-alive), in `sqlite` and in `redis` (a unique PROV_REDIS_PREFIX whose
 * keys are deleted afterwards with SCAN + DEL). Reports create times, server RSS after creation
 * (VmRSS), and list latencies (`GET /api/phones?top=100`, with a filter, with skip=50000).
 * No reference server: the targets are absolute.
 *
 *   npm run bench:scale     (BENCH_SCALE_PHONES=100000, BENCH_STORES=sqlite,redis,
 *                            BENCH_CONCURRENCY=64, BENCH_LIST_REPEAT=50, BENCH_PROFILE=1)
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, rssBytes, sleep, start, tempDir, waitForPort, type Proc } from './lib/proc.js';
import { monotonicUs } from './lib/measure.js';
import { mainProfile, printProfile, summariseProfile, type ProfileSummary } from './lib/profile.js';
import { macOf, phoneBody, pool, seedNetwork, startProvd, userBody, type ApiClient, type Provd } from './lib/provd.js';
import { envNumber, fmt, percentile, printTable, writeResults } from './lib/stats.js';

const PHONES = envNumber('BENCH_SCALE_PHONES', 100_000);
const CONCURRENCY = envNumber('BENCH_CONCURRENCY', 64);
const REPEAT = envNumber('BENCH_LIST_REPEAT', 50);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,redis').split(',') as ('sqlite' | 'redis')[];
const TARGETS = { rssMb: 300, createSeconds: 60, listP50Ms: 20 }; // issue 5
const dir = tempDir('scale');

const LISTS: [string, string][] = [
  ['top=100', '/phones?top=100'],
  ["filter model eq 'T46U'", `/phones?top=100&filter=${encodeURIComponent("model eq 'T46U'")}`],
  ["filter startswith(mac,'0015651')", `/phones?top=100&filter=${encodeURIComponent("startswith(mac,'0015651')")}`],
  ['orderby mac desc', `/phones?top=100&orderby=${encodeURIComponent('mac desc')}`],
  ['skip=50000', `/phones?top=100&skip=${Math.floor(PHONES / 2)}`],
  ['one phone by MAC', `/phones/${macOf(Math.floor(PHONES / 3))}`],
];

/** Creates users [from, to) then their phones; answers both phase times. */
async function create(api: ApiClient, from: number, to: number, progress = true): Promise<{ usersS: number; phonesS: number }> {
  const ids: string[] = new Array(to - from);
  const tick = (phase: string, done: number, t0: number) => {
    if (progress && done % 20_000 === 0) console.log(`  ${phase} ${done}/${to - from} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };
  let done = 0;
  let t0 = performance.now();
  await pool(to - from, CONCURRENCY, async (k) => {
    ids[k] = (await api.ok('POST', '/users', userBody(from + k))).json<{ id: string }>().id;
    tick('users', ++done, t0);
  });
  const usersS = (performance.now() - t0) / 1000;
  done = 0;
  t0 = performance.now();
  await pool(to - from, CONCURRENCY, async (k) => {
    await api.ok('POST', `/users/${ids[k]}/phones`, phoneBody(from + k));
    tick('phones', ++done, t0);
  });
  return { usersS, phonesS: (performance.now() - t0) / 1000 };
}

/** p50/p99 (ms) of `REPEAT` sequential GETs, after 3 unmeasured ones. */
async function latency(api: ApiClient, path: string): Promise<{ p50: number; p99: number; count: number }> {
  let count = NaN;
  for (let i = 0; i < 3; i++) await api.ok('GET', path);
  const ms: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    const res = await api.ok('GET', path);
    ms.push(performance.now() - t0);
    if (i === 0) count = res.json<{ count?: number }>().count ?? NaN;
  }
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), count };
}

/** A reachable Redis: 127.0.0.1:6379 if it answers, else a redis-server started here. */
async function redisUrl(): Promise<{ url: string; proc?: Proc }> {
  const probe = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
    return { url: 'redis://127.0.0.1:6379' };
  } catch {
    const port = await freePort();
    const proc = start('redis-server', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { logDir: dir });
    await waitForPort(port, '127.0.0.1', 15_000, proc);
    return { url: `redis://127.0.0.1:${port}`, proc };
  } finally {
    probe.disconnect();
  }
}

/** Deletes every key under `prefix` (SCAN + DEL); answers how many. */
async function dropPrefix(url: string, prefix: string): Promise<number> {
  const r = new Redis(url);
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await r.del(...keys);
  } while (cursor !== '0');
  r.disconnect();
  return deleted;
}

const results: Record<string, unknown>[] = [];
const rows: string[][] = [['store', 'users s', 'phones s', 'POST/s', 'RSS MB', ...LISTS.map(([n]) => `${n} p50/p99 ms`)]];
let anyFail = false;
for (const store of STORES) {
  console.log(`\n== ${store}: ${PHONES} users + ${PHONES} phones ==`);
  const redis = store === 'redis' ? await redisUrl() : undefined;
  const prefix = `bench-${process.pid}-${Date.now()}:`;
  const env: Record<string, string> = { PROV_STORE: store, ...(redis ? { PROV_REDIS_URL: redis.url, PROV_REDIS_PREFIX: prefix } : {}) };
  const dataDir = join(dir, `data-${store}`);
  let ours: Provd = await startProvd({ dataDir, logDir: dir, env, name: `provd-${store}` });
  let profile: Record<string, ProfileSummary> | undefined;
  try {
    await seedNetwork(ours.api);
    const { usersS, phonesS } = await create(ours.api, 0, PHONES);
    const rssAfterCreate = rssBytes(ours.proc.pid);
    const lists: Record<string, { p50: number; p99: number; count: number }> = {};
    for (const [name, path] of LISTS) lists[name] = await latency(ours.api, path); // one at a time
    await sleep(2000);
    const rssAfterLists = rssBytes(ours.proc.pid);
    const listP50 = lists['top=100']!.p50;
    const pass = { rss: rssAfterCreate / 2 ** 20 <= TARGETS.rssMb, create: phonesS <= TARGETS.createSeconds, list: listP50 <= TARGETS.listP50Ms };
    anyFail ||= !pass.rss || !pass.create || !pass.list;
    rows.push([store, fmt(usersS, 1), fmt(phonesS, 1), fmt((2 * PHONES) / (usersS + phonesS)), fmt(rssAfterCreate / 2 ** 20), ...LISTS.map(([n]) => `${fmt(lists[n]!.p50, 1)}/${fmt(lists[n]!.p99, 1)}`)]);
    console.log(`  users ${usersS.toFixed(1)} s, phones ${phonesS.toFixed(1)} s, RSS ${(rssAfterCreate / 2 ** 20).toFixed(0)} MB (after lists ${(rssAfterLists / 2 ** 20).toFixed(0)} MB), list top=100 p50 ${listP50.toFixed(1)} ms (count ${lists['top=100']!.count})`);
    console.log(`  targets: RSS <= ${TARGETS.rssMb} MB ${pass.rss ? 'PASS' : 'FAIL'}; phones create <= ${TARGETS.createSeconds} s ${pass.create ? 'PASS' : 'FAIL'}; list p50 <= ${TARGETS.listP50Ms} ms ${pass.list ? 'PASS' : 'FAIL'}`);

    if (!pass.create || !pass.list || process.env.BENCH_PROFILE === '1') {
      // Same data, profiled build: 10,000 more users + phones, then the list queries.
      console.log('  profiling: 10,000 more users + phones, then the lists (node --cpu-prof)...');
      const profDir = join(dir, `cpuprof-${store}`);
      await ours.stop();
      ours = await startProvd({ dataDir, logDir: dir, env, ports: ours.ports, cpuProfDir: profDir, name: `provd-${store}-prof` });
      const c0 = monotonicUs();
      await create(ours.api, PHONES, PHONES + 10_000, false);
      const c1 = monotonicUs();
      for (const [, path] of LISTS) await latency(ours.api, path);
      const c2 = monotonicUs();
      await ours.stop();
      const file = mainProfile(profDir);
      if (file) {
        const created = summariseProfile(file, { fromUs: c0, toUs: c1 });
        const listed = summariseProfile(file, { fromUs: c1, toUs: c2 });
        profile = { create: created, lists: listed };
        console.log(`\n  -- ${store}: create (users then phones) --`);
        printProfile(created);
        console.log(`\n  -- ${store}: list queries --`);
        printProfile(listed);
      }
    }
    results.push({ store, phones: PHONES, concurrency: CONCURRENCY, usersSeconds: usersS, phonesSeconds: phonesS, rssAfterCreateMb: rssAfterCreate / 2 ** 20, rssAfterListsMb: rssAfterLists / 2 ** 20, lists, pass, profile });
  } finally {
    await ours.stop();
    if (redis) {
      const n = await dropPrefix(redis.url, prefix);
      console.log(`  redis: deleted ${n} keys under ${prefix}`);
      await redis.proc?.stop();
    }
  }
}

console.log(`\n== Scale: ${PHONES} phones (create through the API, ${CONCURRENCY} in flight; list latencies over ${REPEAT} sequential GETs) ==`);
printTable(rows);
console.log(`targets: RSS <= ${TARGETS.rssMb} MB, phones create <= ${TARGETS.createSeconds} s, list top=100 p50 <= ${TARGETS.listP50Ms} ms -> ${anyFail ? 'FAIL (see above)' : 'PASS'}`);
writeResults('scale', { settings: { phones: PHONES, concurrency: CONCURRENCY, listRepeat: REPEAT, stores: STORES }, targets: TARGETS, results });
