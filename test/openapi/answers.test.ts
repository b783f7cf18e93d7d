/**
 * The server answers as its OpenAPI document says (issue 13 §1, no drift in shapes): a realistic
 * session on a real listener (users, phones, files, tokens, self-service, QR, network, vendors,
 * RPS, unknown devices, errors) and then every operation not yet seen, each answer checked
 * against the documented status, media type and JSON Schema (ajv, draft 2020-12).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userBody } from '../helpers/api-harness.js';
import { startFullApi, type FullApi } from '../helpers/full-api.js';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };

describe('answers against the OpenAPI document', () => {
  let api: FullApi;
  let doc: Doc;
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  const validators = new Map<string, ValidateFunction>();
  const seen = new Set<string>();
  const problems: string[] = [];

  beforeAll(async () => {
    api = await startFullApi();
    doc = (await (await api.request('GET', '/api/openapi.json', { token: null })).json()) as Doc;
    ajv.addSchema(doc, 'doc');
  });
  afterAll(() => api.close());
  beforeEach(() => {
    problems.length = 0;
  });

  /** The documented path a URL is an instance of (the one with the fewest parameters). */
  function templateOf(url: string): string | undefined {
    const path = url.split('?')[0]!;
    const matches = Object.keys(doc.paths).filter((t) => new RegExp(`^${t.replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
    return matches.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
  }

  /** Sends the request and records whether the answer is one the document describes. */
  async function call(method: string, url: string, options: { body?: unknown; token?: string | null } = {}): Promise<any> {
    const res = await api.request(method, url, options);
    const template = templateOf(url);
    const op = template && doc.paths[template]![method.toLowerCase()];
    const where = `${method} ${template ?? url} -> ${res.status}`;
    if (!op) {
      problems.push(`${where}: not documented`);
      return undefined;
    }
    seen.add(`${method} ${template}`);
    const key = String(res.status) in op.responses ? String(res.status) : res.status >= 500 ? 'default' : undefined;
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!;
    const text = await res.text();
    if (!key) {
      problems.push(`${where}: status not documented (${text.slice(0, 200)})`);
      return undefined;
    }
    const content = op.responses[key]!.content;
    if (!content) {
      if (text !== '') problems.push(`${where}: documented without a body, answered ${type}`);
      return undefined;
    }
    if (!(type in content)) {
      problems.push(`${where}: ${type} is not among ${Object.keys(content).join(', ')}`);
      return undefined;
    }
    if (type !== 'application/json' || template === '/api/openapi.json') return text;
    const pointer = `doc#/paths/${template!.replaceAll('~', '~0').replaceAll('/', '~1')}/${method.toLowerCase()}/responses/${key}/content/application~1json/schema`;
    const validate = validators.get(pointer) ?? ajv.getSchema(pointer)!;
    validators.set(pointer, validate);
    const body = JSON.parse(text);
    if (!validate(body)) problems.push(`${where}: ${ajv.errorsText(validate.errors)} in ${text.slice(0, 300)}`);
    return body;
  }

  it('answers a whole admin session as documented', async () => {
    const user = await call('POST', '/api/users', { body: userBody() });
    await call('GET', '/api/users?top=5&orderby=name desc');
    await call('GET', `/api/users/${user.id}`);
    await call('PATCH', `/api/users/${user.id}`, { body: { department: 'Sales' } });
    await call('POST', `/api/users/${user.id}`, { body: { display_name: 'Renamed' } });
    await call('POST', `/api/users/${user.id}/extension_password`, { body: { extension_password: 'NewExt-2' } });
    await call('POST', `/api/users/${user.id}/role`, { body: { role: 'admin' } });
    await call('POST', `/api/users/${user.id}/password`, { body: { password: 'Web-Pass-2' } });
    await call('POST', `/api/users/${user.id}/provision_token`);
    const phone = await call('POST', `/api/users/${user.id}/phones`, { body: { mac: '00-15-65-12-34-56', vendor: 'acme', model: 'X100' } });
    await call('GET', `/api/users/${user.id}/phones`);
    await call('GET', `/api/users/${user.id}/phones/${phone.id}`);
    await call('PATCH', `/api/users/${user.id}/phones/${phone.id}`, { body: { codecs: ['PCMA', 'G722'], enable_vlan_wan_port: true, wan_port_id: 10 } });
    await call('GET', "/api/phones?filter=vendor eq 'acme'");
    await call('GET', '/api/phones/001565123456');
    await call('GET', '/api/phones/00:15:65:12:34:56/assignee');
    await call('GET', '/api/phones/001565123456/files');
    await call('GET', '/api/phones/001565123456/files/common.xml');
    await call('GET', '/api/phones/001565123456/files/001565123456.cfg');

    const admin = await call('POST', '/api/tokens', { body: { name: 'helpdesk', role: 'Admin' } });
    const own = await call('POST', '/api/tokens', { body: { name: 'own', role: 'StandardUser', user_id: user.id } });
    await call('GET', '/api/tokens', { token: admin.token });
    await call('GET', '/api/user', { token: own.token });
    await call('GET', '/api/user/phones', { token: own.token });
    await call('GET', `/api/user/phones/${phone.id}`, { token: own.token });
    await call('GET', '/api/user/qrcode?app=linphone&format=text', { token: own.token });
    await call('GET', '/api/users', { token: own.token });
    await call('GET', `/api/users/${user.id}/qrcode?app=acrobits&format=svg`);
    await call('GET', `/api/users/${user.id}/qrcode?app=linphone`);
    await call('POST', `/api/users/${user.id}/qrcode/revoke`);
    await call('DELETE', `/api/tokens/${admin.id}`);
    await call('POST', `/api/tokens/${own.id}/destroy`);

    await call('GET', '/api/network');
    await call('POST', '/api/network', { body: { web_domain: 'pbx.example.com', udp_port: 5070, public_ipv4: null } });
    await call('GET', '/api/vendors');
    await call('GET', '/api/phone_models');
    await call('GET', '/api/rps/vendors');
    await call('GET', '/api/rps/accounts');

    await api.unknownPhones.record({ mac: '001565abcdef', vendor: 'acme', model: 'X100', ip: '192.0.2.7', user_agent: 'Acme X100', file: '001565abcdef.cfg', protocol: 'http', at: '2026-03-01T12:00:00.000Z' });
    await api.unknownPhones.record({ mac: '001565abcdee', vendor: null, model: null, ip: '192.0.2.8', user_agent: 'curl', file: 'x.cfg', protocol: 'tftp', at: '2026-03-01T12:00:00.000Z' });
    await call('GET', '/api/unknown_phones?orderby=mac');
    await call('POST', '/api/unknown_phones/001565abcdef/assign', { body: { user_id: user.id } });
    await call('POST', '/api/phones/001565abcdee/reject');

    await call('GET', '/healthz', { token: null });
    await call('GET', '/readyz', { token: null });
    await call('GET', '/metrics', { token: null });
    await call('GET', '/api/docs', { token: null });
    await call('GET', '/api/docs/init.js', { token: null });

    await call('DELETE', `/api/users/${user.id}/phones/${phone.id}`);
    await call('POST', `/api/users/${user.id}/destroy`);

    expect(problems).toStrictEqual([]);
  });

  it('answers errors as documented: 400 naming fields, 401, 403, 404, 409', async () => {
    const user = await call('POST', '/api/users', { body: userBody() });
    await call('POST', '/api/users', { body: { name: '.bad', extension_number: '1' } });
    await call('POST', '/api/users', { body: userBody({ extension_number: user.extension_number }) });
    await call('GET', '/api/users', { token: null });
    await call('GET', '/api/users', { token: 'not-a-token' });
    await call('GET', "/api/users?filter=password eq 'x'");
    await call('GET', '/api/users/nobody');
    await call('GET', '/api/phones/not-a-mac');
    await call('GET', '/api/phones/001565000009');
    await call('POST', `/api/users/${user.id}/phones`, { body: { mac: '001565000010', vendor: 'nobody', model: 'X' } });
    await call('GET', `/api/users/${user.id}/qrcode?app=nothing`);
    await call('GET', '/api/docs/nothing.js', { token: null });
    await call('GET', '/api/certs/ca.pem');

    expect(problems).toStrictEqual([]);
  });

  it('answers every other documented operation as documented, whatever it answers', async () => {
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        if (seen.has(`${method.toUpperCase()} ${template}`)) continue;
        const url = template.replace(/\{(\w+)\}/g, (_m, name: string) => ({ mac: '001565000001', vendor: 'acme', asset: 'swagger-ui.css' })[name] ?? 'none');
        await call(method.toUpperCase(), url, method === 'get' || method === 'delete' ? {} : { body: {} });
      }
    }

    expect(problems).toStrictEqual([]);
  });
});
