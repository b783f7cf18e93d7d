/**
 * @module A fleet of phones for the HTTP benches: seeded into our server through the admin API,
 * every phone's files fetched once through `GET /api/phones/{mac}/files/{name}` and written under
 * an nginx root at the same paths (`provision/<token>/<file>`), so both serve the exact same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { choosePinning, pinning, pinServer, tempDir } from './proc.js';
import { commonFileName, fileBytes, pool, seedPhones, startProvd, type ApiClient, type Provd, type SeededPhone } from './provd.js';

export interface FleetFile {
  readonly path: string;
  readonly body: Buffer;
}

export interface Fleet {
  readonly phones: readonly SeededPhone[];
  /** Per phone: its common file and its per-MAC `<mac>.cfg`, in boot order. */
  readonly files: readonly { readonly common: FleetFile; readonly perMac: FleetFile }[];
  readonly seedSeconds: number;
  readonly perMacBytes: number;
  readonly commonBytes: number;
}

export async function buildFleet(api: ApiClient, count: number, root: string, concurrency = 32): Promise<Fleet> {
  console.log(`seeding ${count} users + phones through the admin API (${concurrency} in flight)...`);
  const { phones, seconds } = await seedPhones(api, count, concurrency);
  console.log(`  seeded in ${seconds.toFixed(1)} s (${((2 * count) / seconds).toFixed(0)} POST/s)`);
  // Common file per model (the same bytes under every folder).
  const common = new Map<string, { name: string; body: Buffer }>();
  for (const p of phones) {
    if (common.has(p.model)) continue;
    const name = await commonFileName(api, p.mac);
    common.set(p.model, { name, body: await fileBytes(api, p.mac, name) });
  }
  const files: Fleet['files'][number][] = new Array(count);
  await pool(count, concurrency, async (i) => {
    const p = phones[i]!;
    const c = common.get(p.model)!;
    const name = `${p.mac}.cfg`;
    files[i] = {
      common: { path: `${p.folder}${c.name}`, body: c.body },
      perMac: { path: `${p.folder}${name}`, body: await fileBytes(api, p.mac, name) },
    };
  });
  for (const f of files) {
    for (const { path, body } of [f.common, f.perMac]) {
      const target = join(root, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, body);
    }
  }
  const perMacBytes = files.reduce((n, f) => n + f.perMac.body.length, 0) / count;
  const commonBytes = files.reduce((n, f) => n + f.common.body.length, 0) / count;
  console.log(`  files: per-MAC <mac>.cfg ${perMacBytes.toFixed(0)} B on average, common ${commonBytes.toFixed(0)} B; written under ${root}`);
  return { phones, files, seedSeconds: seconds, perMacBytes, commonBytes };
}

/** Fisher-Yates with a seeded generator (same order for the reference and ours). */
export function shuffled<T>(items: readonly T[], seed = 42): T[] {
  const out = [...items];
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A bench's set-up: temp dir, our server seeded with a fleet written under `root` for nginx, CPU pinning chosen. */
export interface FleetBench {
  readonly dir: string;
  readonly root: string;
  readonly dataDir: string;
  readonly ours: Provd;
  readonly fleet: Fleet;
  /** Processes serving phone requests: nginx gets as many workers. */
  readonly workers: number;
}

export async function startFleetBench(name: string, phones: number): Promise<FleetBench> {
  const dir = tempDir(name);
  const root = join(dir, 'www');
  const dataDir = join(dir, 'data');
  const ours = await startProvd({ dataDir, logDir: dir });
  const fleet = await buildFleet(ours.api, phones, root);
  const workers = ours.workers();
  choosePinning(workers);
  pinServer(ours.proc.pid);
  console.log(`our server: ${workers} process(es) serving; nginx gets worker_processes ${workers}; ${pinning.enabled ? `servers pinned to CPU ${pinning.server}, client to CPU ${pinning.client}` : 'no CPU pinning'}`);
  return { dir, root, dataDir, ours, fleet, workers };
}
