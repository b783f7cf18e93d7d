/**
 * @module Our server for the benches: start it (`node dist/main.js` on the server runtime of
 * runtime.ts, Node 24 unless BENCH_NODE says otherwise; the environment passed through so e.g. a
 * worker-count variable applies), talk to its admin API with keep-alive, and seed phones the way
 * an integrator would (PortSIP-shaped POSTs, many in flight).
 */
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { freePort, freeUdpPort, pinServer, start, tree, waitForPort, type Proc } from './proc.js';
import { serverRuntime } from './runtime.js';

export const ADMIN_TOKEN = 'bench-admin-token-0123456789';

export interface Provd {
  readonly proc: Proc;
  readonly httpPort: number;
  readonly apiPort: number;
  readonly tftpPort: number | undefined;
  readonly api: ApiClient;
  readonly ports: Ports;
  /** Processes that serve phone requests (1, or the cluster workers). */
  workers(): number;
  stop(): Promise<void>;
}

export interface ProvdOptions {
  readonly dataDir: string;
  readonly logDir: string;
  readonly env?: Record<string, string>;
  readonly tftp?: boolean;
  /** Listen for HTTPS too (on a free port); otherwise PROV_HTTPS_PORT=off. */
  readonly https?: boolean;
  /**
   * Directory for `node --cpu-prof` (written when the server stops); dist/ has source maps, so
   * the profile summary names src/ lines.
   */
  readonly cpuProfDir?: string;
  readonly name?: string;
  /** Ports of a previous instance: a restart must keep them (they are written into the files). */
  readonly ports?: Ports;
}

export interface Ports {
  readonly http: number;
  readonly api: number;
  readonly tftp: number | undefined;
  readonly https: number | undefined;
}

export async function startProvd(opts: ProvdOptions): Promise<Provd> {
  const httpPort = opts.ports?.http ?? (await freePort());
  const apiPort = opts.ports?.api ?? (await freePort());
  const tftpPort = opts.tftp ? (opts.ports?.tftp ?? (await freeUdpPort())) : undefined;
  const httpsPort = opts.https ? (opts.ports?.https ?? (await freePort())) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PROV_DATA_DIR: opts.dataDir,
    PROV_HTTP_PORT: String(httpPort),
    PROV_API_PORT: String(apiPort),
    PROV_HOST: '127.0.0.1',
    PROV_API_HOST: '127.0.0.1',
    PROV_ADMIN_TOKEN: ADMIN_TOKEN,
    PROV_LOG_LEVEL: process.env.PROV_LOG_LEVEL ?? 'warn',
    PROV_TFTP_PORT: tftpPort === undefined ? 'off' : String(tftpPort),
    PROV_TFTP_HOST: '127.0.0.1',
    PROV_HTTPS_PORT: httpsPort === undefined ? 'off' : String(httpsPort),
    PROV_CERTS_DIR: join(opts.dataDir, 'certs'), // never the repository's certs/
    ...opts.env,
  };
  const runtime = serverRuntime();
  const main = join(runtime.installDir, 'dist', 'main.js');
  const args = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`, main] : [main];
  const proc = start(opts.name ?? 'provd', runtime.node, args, { env, cwd: runtime.installDir, logDir: opts.logDir });
  await waitForPort(apiPort, '127.0.0.1', 60_000, proc);
  await waitForPort(httpPort, '127.0.0.1', 60_000, proc);
  if (httpsPort !== undefined) await waitForPort(httpsPort, '127.0.0.1', 120_000, proc); // RSA key generation takes a while
  const api = createApiClient(apiPort);
  // Cluster workers (if any) may still be starting: wait until the phone port answers a request.
  await api.call('GET', '/healthz');
  pinServer(proc.pid);
  return {
    proc,
    httpPort,
    apiPort,
    tftpPort,
    api,
    ports: { http: httpPort, api: apiPort, tftp: tftpPort, https: httpsPort },
    // PROV_WORKERS > 1: the primary (API, TFTP) serves no phone request; only its workers count.
    workers: () => {
      const n = tree(proc.pid).length;
      return n > 1 ? n - 1 : n;
    },
    stop: async () => {
      api.close();
      await proc.stop();
    },
  };
}

export interface ApiResponse {
  readonly status: number;
  readonly body: Buffer;
  json<T = any>(): T;
}

export interface ApiClient {
  call(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  /** Like call but throws unless the status is 2xx. */
  ok(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  close(): void;
}

export function createApiClient(port: number, maxSockets = 64): ApiClient {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const call = (method: string, path: string, body?: unknown) =>
    new Promise<ApiResponse>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: path === '/healthz' || path === '/metrics' ? path : `/api${path}`,
          agent,
          headers: {
            Authorization: `Bearer ${ADMIN_TOKEN}`,
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const buf = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, body: buf, json: () => JSON.parse(buf.toString('utf8')) });
          });
          res.on('error', reject);
        }
      );
      req.on('error', reject);
      req.end(payload);
    });
  return {
    call,
    async ok(method, path, body) {
      const res = await call(method, path, body);
      if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} -> ${res.status} ${res.body.toString('utf8').slice(0, 300)}`);
      return res;
    },
    close: () => agent.destroy(),
  };
}

/** Runs fn(0..count-1) with at most `concurrency` in flight; rejects on the first error. */
export async function pool(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

// --- seeding ---

const MODELS = ['T46U', 'T54W', 'T48U', 'T57W'] as const;

/** Yealink MAC of phone i: OUI 00:15:65 + 24 bits of i (+ an offset so runs can differ). */
export function macOf(i: number, base = 0x100000): string {
  return `001565${(base + i).toString(16).padStart(6, '0')}`;
}

export interface SeededPhone {
  readonly index: number;
  readonly mac: string;
  readonly model: string;
  /** The phone's provisioning folder URL path, e.g. `/provision/<token>/`. */
  readonly folder: string;
  readonly userId: string;
}

/** Network settings phones are given (PortSIP's POST /api/network). */
export async function seedNetwork(api: ApiClient): Promise<void> {
  await api.ok('POST', '/network', {
    private_ipv4: '127.0.0.1',
    public_ipv4: '203.0.113.10',
    web_domain: 'pbx.example.com',
    sip_domain: 'example.com',
    sbc_domain: 'sbc.example.com',
    primary_dns_server: '127.0.0.53',
    secondary_dns_server: '9.9.9.9',
  });
}

/** PortSIP-shaped body of user i: extension 2000000+i, 16 BLF keys. */
export function userBody(i: number): Record<string, unknown> {
  return {
    name: `bench.user${i}`,
    display_name: `Bench User ${i}`,
    email: `user${i}@example.com`,
    extension_number: String(2_000_000 + i),
    extension_password: `Ext-pw-${(i * 7919).toString(36)}-x`,
    interface: 'PRIVATE_IPV4',
    preferred_transport: 'UDP',
    blfs: Array.from({ length: 16 }, (_, k) => ({ key: String(2_000_000 + ((i + k + 1) % 100_000)), first_name: `Colleague${k + 1}`, last_name: `Team${i % 50}` })),
  };
}

/** PortSIP-shaped body of phone i: a Yealink with every setting a site would set. */
export function phoneBody(i: number, macBase?: number): Record<string, unknown> {
  return {
    mac: macOf(i, macBase),
    vendor: 'yealink',
    model: MODELS[i % MODELS.length]!,
    password: `Web-pw-${i}`,
    language: 'ENGLISH',
    transfer: 'ATTENDED',
    timezone: 'Europe/Berlin',
    date_format: 'DD.MM.YYYY',
    time_format: '24',
    backlight: '60',
    screensaver: '600',
    codecs: ['OPUS', 'G722', 'PCMA', 'PCMU', 'G729'],
    enable_lldp: true,
    enable_vlan_wan_port: true,
    wan_port_id: 100,
    wan_port_priority: 5,
    enable_vlan_pc_port: true,
    pc_port_id: 200,
    pc_port_priority: 1,
    serial_number: `SN-${i}`,
  };
}

/** Creates user i and its phone; the phone's `<mac>.cfg` comes out at about 4 KB. */
export async function seedPhone(api: ApiClient, i: number, macBase?: number): Promise<SeededPhone> {
  const user = (await api.ok('POST', '/users', userBody(i))).json<{ id: string }>();
  const body = phoneBody(i, macBase);
  const phone = (await api.ok('POST', `/users/${user.id}/phones`, body)).json<{ url: string }>();
  return { index: i, mac: body.mac as string, model: body.model as string, folder: new URL(phone.url).pathname, userId: user.id };
}

/** Seeds network + `count` phones with `concurrency` requests in flight; answers them with the time taken. */
export async function seedPhones(api: ApiClient, count: number, concurrency = 32, macBase?: number): Promise<{ phones: SeededPhone[]; seconds: number }> {
  await seedNetwork(api);
  const phones: SeededPhone[] = new Array(count);
  const t0 = performance.now();
  let done = 0;
  await pool(count, concurrency, async (i) => {
    phones[i] = await seedPhone(api, i, macBase);
    if (++done % 10_000 === 0) process.stdout.write(`  seeded ${done}/${count} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  });
  return { phones, seconds: (performance.now() - t0) / 1000 };
}

/** The common file each phone fetches (Yealink `y000000000<code>.cfg`), per model, from the API. */
export async function commonFileName(api: ApiClient, mac: string): Promise<string> {
  const files = (await api.ok('GET', `/phones/${mac}/files`)).json<{ items: { name: string; common: boolean }[] }>().items;
  const common = files.find((f) => f.common);
  if (!common) throw new Error(`no common file for ${mac}`);
  return common.name;
}

/** Fetches one rendered file through the admin API (`GET /api/phones/{mac}/files/{name}`). */
export async function fileBytes(api: ApiClient, mac: string, name: string): Promise<Buffer> {
  return (await api.ok('GET', `/phones/${mac}/files/${name}`)).body;
}
