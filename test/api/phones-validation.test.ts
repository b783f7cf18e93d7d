/** @module Phone validation through the API: each rule names its field; nothing is written on error. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
let userId: string;
beforeAll(async () => {
  api = await startApi();
  userId = (await createUser(api)).id;
});
afterAll(() => api.close());

const base = { mac: '00:15:65:00:20:01', vendor: 'acme', model: 'X100' };

/** Posts a phone; expects 400 with `code` naming exactly `fields`; checks nothing was written. */
async function expectInvalid(body: Record<string, unknown>, fields: string[], code = 'PROV_ERR_VALIDATION') {
  const res = await api.post(`/api/users/${userId}/phones`, body);
  expect(res.status, res.text).toBe(400);
  expect(res.body.code).toBe(code);
  expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([...fields].sort());
  expect((await api.get('/api/phones')).body.count).toBe(0);
  return res.body;
}

describe('phone fields', () => {
  it.each(['zz:zz', '01:00:5e:00:00:01', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00', '00:15:65:aa:bb'])('refuses MAC %j', (mac) =>
    expectInvalid({ ...base, mac }, ['mac'])
  );
  it('requires mac, vendor and model', () => expectInvalid({}, ['mac', 'vendor', 'model']));
  it('unknown vendor: PROV_ERR_VENDOR_UNKNOWN naming vendor', () => expectInvalid({ ...base, vendor: 'nokia' }, ['vendor'], 'PROV_ERR_VENDOR_UNKNOWN'));
  it('unknown model: PROV_ERR_MODEL_UNKNOWN naming model', () => expectInvalid({ ...base, model: 'X999' }, ['model'], 'PROV_ERR_MODEL_UNKNOWN'));
  it('a model of another vendor is unknown', () => expectInvalid({ ...base, model: 'Z1' }, ['model'], 'PROV_ERR_MODEL_UNKNOWN'));
  it.each(['zenith/Z1', 'acme/X999', 'X100'])('filename %j must be a template of the same vendor', (filename) =>
    expectInvalid({ ...base, filename }, ['filename'])
  );
  it.each([
    ['wan_port_id', 0],
    ['wan_port_id', 4095],
    ['pc_port_id', 4095],
    ['wan_port_id', 1.5],
    ['wan_port_priority', 8],
    ['pc_port_priority', -1],
  ])('refuses %s = %j', (field, value) => expectInvalid({ ...base, [field]: value }, [field]));
  it('an enabled VLAN needs its id', () => expectInvalid({ ...base, enable_vlan_pc_port: true }, ['pc_port_id']));
  it.each([['12a4'], ['123'], ['123456789']])('refuses door password %j', (pw) =>
    expectInvalid({ ...base, door_password1: pw, door_password2: pw }, ['door_password1', 'door_password2'])
  );
  it('duplicate codec names the element', async () => {
    const body = await expectInvalid({ ...base, codecs: ['PCMU', 'g711u'] }, ['codecs.1']);
    expect(body.errors[0].message).toMatch(/duplicate/);
  });
  it('unknown codec names the element', async () => {
    const body = await expectInvalid({ ...base, codecs: ['PCMU', 'G999'] }, ['codecs.1']);
    expect(body.errors[0].message).toMatch(/unknown codec/);
  });
  it('an empty codec list is refused', () => expectInvalid({ ...base, codecs: [] }, ['codecs']));
  it.each([
    ['language', 'KLINGON'],
    ['transfer', 'WARM'],
    ['timezone', 'Mars/Olympus'],
    ['interface', 'LAN'],
    ['preferred_transport', 'SCTP'],
    ['rps', 'yes'],
    ['ringtone', 'a\nb'],
    ['colour', 'red'],
  ])('refuses %s = %j', (field, value) => expectInvalid({ ...base, [field]: value }, [field]));
  it('names every bad field at once', () =>
    expectInvalid(
      { ...base, mac: 'nope', wan_port_id: 0, wan_port_priority: 8, door_password1: '12a4', codecs: ['PCMU', 'PCMU'] },
      ['mac', 'wan_port_id', 'wan_port_priority', 'door_password1', 'codecs.1']
    ));
  it('accepts the edges: VLAN 1 and 4094, priority 0 and 7, door passwords of 4 and 8 digits', async () => {
    const res = await api.post(`/api/users/${userId}/phones`, {
      ...base, mac: '00:15:65:00:20:99', enable_vlan_wan_port: true, wan_port_id: 1, wan_port_priority: 0,
      enable_vlan_pc_port: true, pc_port_id: 4094, pc_port_priority: 7, door_password1: '1234', door_password2: '12345678',
    });
    expect(res.status, res.text).toBe(201);
    await api.request('DELETE', `/api/users/${userId}/phones/${res.body.id}`);
  });
});
