/**
 * @module A stand-in for Yealink's RPS JSON open API (rps-facts.md §2.2): every request's X-Ca
 * signature checked (xca-verify.ts), server entries and devices kept per enterprise (one per access
 * key; MACs pre-owned by "another enterprise"), the `{ret, data, error}` envelope and list pages
 * `{skip, limit, total, data}` as documented. Error keys beyond the owned-by-other ones are assumed.
 */
import { startMockService, type MockReply, type MockService, type ReceivedRequest } from '../support/mock-http.js';
import { xcaRefusal } from './xca-verify.js';

export interface YealinkDevice {
  readonly id: string;
  readonly mac: string;
  readonly owner: string;
  serverId?: string;
  uniqueServerUrl?: string;
}

export interface YealinkMock extends MockService {
  /** The device the service holds for a MAC (any enterprise). */
  device(mac: string): YealinkDevice | undefined;
  /** Server entries as `{id, serverName, url, owner}`. */
  readonly servers: { id: string; serverName: string; url: string; owner: string }[];
}

export interface YealinkMockOptions {
  /** Access key id -> secret; each key is one enterprise. */
  readonly keys: Readonly<Record<string, string>>;
  /** MACs already held by another enterprise. */
  readonly foreign?: readonly string[];
}

/** The mock accepts Yealink OUIs only, so another vendor's MAC is an invalid MAC. */
const YEALINK_OUIS = ['001565', '805ec0', '249ad8', '44dbd2'];
const URL_PATTERN = /^(https?|ftp|tftp):\/\/\S+$/;

export async function startYealinkMock(options: YealinkMockOptions): Promise<YealinkMock> {
  const secrets = new Map(Object.entries(options.keys));
  const nonces = new Set<string>();
  const devices = new Map<string, YealinkDevice>();
  const servers: YealinkMock['servers'] = [];
  let seq = 0;
  for (const mac of options.foreign ?? []) devices.set(mac, { id: `dev-${++seq}`, mac, owner: 'another-enterprise', uniqueServerUrl: 'https://elsewhere.example/' });

  const routes: Record<string, (p: Params, owner: string) => MockReply> = {
    'POST server/list': (p, owner) => page(servers.filter((s) => s.owner === owner && s.serverName.includes(String(p.key ?? ''))).map(({ owner: _o, ...s }) => s), p),
    'POST server/add': (p, owner) => {
      if (typeof p.serverName !== 'string' || typeof p.url !== 'string' || !URL_PATTERN.test(p.url)) return refuse('param.invalid', { field: 'url', msg: 'url.format.error' });
      const server = { id: `srv-${++seq}`, serverName: p.serverName, url: p.url, owner };
      servers.push(server);
      return ok({ id: server.id, serverName: server.serverName, url: server.url });
    },
    'POST device/add': (p, owner) => {
      const mac = Array.isArray(p.macs) ? String(p.macs[0]) : '';
      const invalid = invalidDevice(mac, p, owner);
      if (invalid) return invalid;
      const held = devices.get(mac);
      if (held) return held.owner === owner ? refuse('device.mac.existed') : { body: JSON.stringify({ ret: -1, data: mac, error: { msg: 'device.mac.added.by.other', errorCode: 409, fieldErrors: [] } }) };
      const device: YealinkDevice = { id: `dev-${++seq}`, mac, owner, serverId: p.serverId as string, uniqueServerUrl: p.uniqueServerUrl as string };
      devices.set(mac, device);
      return ok([{ id: device.id, mac }]);
    },
    'POST device/list': (p, owner) => page([...devices.values()].filter((d) => d.owner === owner && d.mac.includes(String(p.key ?? ''))).map(view), p),
    'POST device/edit': (p, owner) => {
      const device = [...devices.values()].find((d) => d.id === p.id && d.owner === owner);
      if (!device) return refuse('device.not.found');
      const invalid = invalidDevice(device.mac, p, owner);
      if (invalid) return invalid;
      Object.assign(device, { serverId: p.serverId, uniqueServerUrl: p.uniqueServerUrl });
      return ok(null);
    },
    'POST device/delete': (p, owner) => {
      for (const mac of Array.isArray(p.macs) ? p.macs : []) if (devices.get(String(mac))?.owner === owner) devices.delete(String(mac));
      return { body: JSON.stringify({ ret: 0, data: null, error: null }) };
    },
    'GET device/checkMac': (p) => ok({ existed: devices.has(String(p.mac)) }),
    'GET device/detail': (p, owner) => {
      const device = [...devices.values()].find((d) => d.id === p.id && d.owner === owner);
      return device ? ok(view(device)) : refuse('device.not.found');
    },
  };

  const serviceAnswer = (req: ReceivedRequest): MockReply => {
    const refusal = xcaRefusal(req, secrets, nonces, Date.now());
    if (refusal) return { status: 401, ...refuse(refusal) };
    const url = new URL(req.path, 'http://mock');
    const route = routes[`${req.method} ${url.pathname.replace('/api/open/v1/', '')}`];
    if (!route || !url.pathname.startsWith('/api/open/v1/')) return { status: 404, ...refuse('api.not.found') };
    let params: Params;
    try {
      params = req.method === 'GET' ? Object.fromEntries(url.searchParams) : (JSON.parse(req.body) as Params);
    } catch {
      return refuse('param.invalid');
    }
    return route(params, String(req.headers['x-ca-key']));
  };

  const mock = await startMockService(serviceAnswer);
  return { ...mock, servers, device: (mac) => devices.get(mac) };

  function invalidDevice(mac: string, p: Params, owner: string): MockReply | undefined {
    if (!/^[0-9a-f]{12}$/.test(mac) || !YEALINK_OUIS.includes(mac.slice(0, 6))) return refuse('device.mac.invalid', { field: 'macs', msg: 'mac.format.error' });
    if (typeof p.uniqueServerUrl !== 'string' || !URL_PATTERN.test(p.uniqueServerUrl)) return refuse('param.invalid', { field: 'uniqueServerUrl', msg: 'url.format.error' });
    if (!servers.some((s) => s.id === p.serverId && s.owner === owner)) return refuse('server.not.found');
    return undefined;
  }
}

// --- internal ---

type Params = Record<string, unknown>;

function ok(data: unknown): MockReply {
  return { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ret: 1, data, error: null }) };
}

function refuse(msg: string, fieldError?: { field: string; msg: string }): MockReply {
  const error = { msg, errorCode: 400, fieldErrors: fieldError ? [fieldError] : [] };
  return { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ret: -1, data: null, error }) };
}

function page(items: unknown[], p: Params): MockReply {
  const skip = Number(p.skip ?? 0);
  const limit = Number(p.limit ?? 10);
  return ok({ skip, limit, total: items.length, data: items.slice(skip, skip + limit) });
}

function view({ owner: _owner, ...device }: YealinkDevice): Omit<YealinkDevice, 'owner'> {
  return device;
}
