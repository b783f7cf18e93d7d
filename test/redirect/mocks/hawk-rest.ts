/**
 * @module A stand-in for Snom SRAPS or Gigaset GRAPE (rps-facts.md §4.2, §5.2), which differ only in
 * the setting name: every request's Hawk header checked (hawk-verify.ts), `tokens/{id}` and the
 * company answering absolute `links`, `settings/` as a JSON array paged by a `Link: rel="next"`
 * header (the mock's page is 2 settings, whatever page_size asks), endpoints kept per company (MACs
 * pre-owned by another company). Error statuses and bodies beyond Falconieri's owned-by-other texts
 * are assumptions (Django-REST style).
 */
import { startMockService, type MockReply, type MockService, type ReceivedRequest } from '../support/mock-http.js';
import { hawkId, hawkRefusal } from './hawk-verify.js';

export interface HawkRestEndpoint {
  readonly mac: string;
  readonly company: string;
  url: string;
}

export interface HawkRestMock extends MockService {
  endpoint(mac: string): HawkRestEndpoint | undefined;
  /** The company uuid of an access key id. */
  companyOf(id: string): string;
}

export interface HawkRestMockOptions {
  /** Access key id -> secret; each key is its own company. */
  readonly keys: Readonly<Record<string, string>>;
  /** `setting_server` (SRAPS) or `ProvisioningServer` (GRAPE). */
  readonly settingName: string;
  /** The vendor's OUIs: another MAC is refused as invalid. */
  readonly ouis: readonly string[];
  readonly foreign?: readonly string[];
  /** Overrides the company link of `tokens/{id}` (to test that a link elsewhere is not followed). */
  readonly companyLink?: (origin: string, company: string) => string;
}

const PAGE = 2;
const OTHER_SETTINGS = ['setting_user', 'setting_pass', 'language'];

export async function startHawkRestMock(options: HawkRestMockOptions): Promise<HawkRestMock> {
  const keys = new Map(Object.entries(options.keys));
  const nonces = new Set<string>();
  const endpoints = new Map<string, HawkRestEndpoint>();
  const settingUuid = 'b5b0c6a2-5c1e-4c5e-9d3f-0a1b2c3d4e5f';
  const settings = [...OTHER_SETTINGS.map((name, i) => ({ uuid: `0000000${i}-aaaa-bbbb-cccc-000000000000`, param_name: name, section: 'phone-settings' }))];
  settings.push({ uuid: settingUuid, param_name: options.settingName, section: 'phone-settings' });
  const companyOf = (id: string) => `company-${Buffer.from(id).toString('hex').slice(0, 16)}`;
  for (const mac of options.foreign ?? []) endpoints.set(mac, { mac, company: 'another-company', url: 'https://elsewhere.example/' });

  const handle = (req: ReceivedRequest): MockReply => {
    const refusal = hawkRefusal(req, keys, nonces, Date.now());
    if (refusal) return json(401, { detail: `Hawk authentication failed: ${refusal}` }, { 'WWW-Authenticate': 'Hawk' });
    const origin = `http://${String(req.headers.host)}`;
    const url = new URL(req.path, origin);
    const company = companyOf(hawkId(req));
    const path = url.pathname.replace(/^\/api\/v1\//, '');
    if (req.method === 'GET' && path === `tokens/${hawkId(req)}`) {
      const link = options.companyLink?.(origin, company) ?? `${origin}/api/v1/companies/${company}/`;
      return json(200, { id: hawkId(req), links: { company: link } });
    }
    if (req.method === 'GET' && path === `companies/${company}/`) return json(200, { uuid: company, links: { endpoints: `${origin}/api/v1/companies/${company}/endpoints/` } });
    if (req.method === 'GET' && path === 'settings/') return settingsPage(url, settings);
    const mac = new RegExp(`^companies/${company}/endpoints/([^/]+)$`).exec(path)?.[1];
    if (mac !== undefined) return endpointRoute(req, mac.toLowerCase(), company);
    return json(404, { detail: 'Not found.' });
  };

  const endpointRoute = (req: ReceivedRequest, mac: string, company: string): MockReply => {
    const held = endpoints.get(mac);
    if (held && held.company !== company) return json(403, { detail: req.method === 'PUT' ? 'taken_mac_or_forbidden' : 'User lacks permission to endpoint' });
    if (req.method === 'GET') return held ? json(200, view(held, settingUuid)) : json(404, { detail: 'Not found.' });
    if (req.method === 'DELETE') return held && endpoints.delete(mac) ? { status: 204 } : json(404, { detail: 'Not found.' });
    if (req.method !== 'PUT') return json(405, { detail: `Method "${req.method}" not allowed.` });
    if (!/^[0-9a-f]{12}$/.test(mac) || !options.ouis.includes(mac.slice(0, 6))) return json(400, { mac: ['Enter a valid MAC address.'] });
    const body = JSON.parse(req.body) as { mac?: string; settings_manager?: Record<string, { value?: unknown }> };
    const value = body.settings_manager?.[settingUuid]?.value;
    if (body.mac?.toLowerCase() !== mac) return json(400, { mac: ['The MAC does not match the URL.'] });
    if (typeof value !== 'string' || !/^https?:\/\/\S+$/.test(value)) return json(400, { settings_manager: ['Enter a valid URL.'] });
    const created = !held;
    const endpoint = held ?? { mac, company, url: value };
    endpoint.url = value;
    endpoints.set(mac, endpoint);
    return json(created ? 201 : 200, view(endpoint, settingUuid));
  };

  const mock = await startMockService(handle);
  return { ...mock, endpoint: (mac) => endpoints.get(mac), companyOf };
}

// --- internal ---

function settingsPage(url: URL, settings: readonly object[]): MockReply {
  const page = Number(url.searchParams.get('page') ?? 1);
  const size = Math.min(Number(url.searchParams.get('page_size') ?? PAGE), PAGE);
  const headers: Record<string, string> = {};
  if (page * size < settings.length) headers.Link = `<${url.origin}${url.pathname}?page=${page + 1}&page_size=${size}>; rel="next"`;
  return json(200, settings.slice((page - 1) * size, page * size), headers);
}

function view(endpoint: HawkRestEndpoint, settingUuid: string): object {
  return { mac: endpoint.mac, autoprovisioning_enabled: true, settings_manager: { [settingUuid]: { value: endpoint.url, attrs: { perm: 'RW' } } } };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): MockReply {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
