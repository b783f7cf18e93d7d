/**
 * Door QR codes through the admin API (issue 11 §3), on a fixture vendor (test/fixtures/
 * door-qr-vendor: not a real one) whose models declare a door_qr form; every real vendor's
 * model answers 400, since no vendor documents what its camera reads.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProvError } from '../../src/errors.js';
import { doorQrPayload } from '../../src/qr/door.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';
import { decodePng } from '../helpers/qr-decode.js';

const VENDORS = fileURLToPath(new URL('../fixtures/door-qr-vendor/', import.meta.url));
const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
let api: ApiHarness;
let mac = 0;
beforeAll(async () => {
  api = await startApi({ vendorDir: VENDORS, doorQrPerMinute: 3 });
});
afterAll(() => api.close());

const station = async (userId: string, model: string, codes: Record<string, string> = { door_password1: '4711', door_password2: '90210' }) => {
  const res = await api.post(`/api/users/${userId}/phones`, { mac: `02:aa:00:00:00:${(++mac).toString(16).padStart(2, '0')}`, vendor: 'doorcam', model, ...codes });
  if (res.status !== 201) throw new Error(res.text);
  return res.body.id as string;
};
const doorPath = (userId: string, phoneId: string, query: Record<string, string> = {}) =>
  `/api/users/${userId}/phones/${phoneId}/qrcode?${new URLSearchParams({ purpose: 'door', ...query })}`;

describe('GET /api/users/{id}/phones/{phone_id}/qrcode?purpose=door', () => {
  it('answers the door code in the model\'s documented form, no-store', async () => {
    const u = await createUser(api);
    const qr1 = await station(u.id, 'QR1');
    const qr2 = await station(u.id, 'QR2');

    const one = await api.get(doorPath(u.id, qr1, { format: 'text' }));
    const two = await api.get(doorPath(u.id, qr2, { format: 'text' }));

    expect([one.status, one.text, one.headers.get('cache-control')]).toStrictEqual([200, 'OPEN:4711#', 'no-store']);
    expect([two.status, two.text]).toStrictEqual([200, '90210']);
  });

  it('PNG decodes back to the code form', async () => {
    const u = await createUser(api);
    const id = await station(u.id, 'QR1');

    const res = await fetch(api.baseUrl + doorPath(u.id, id, { size: '300' }), { headers: { authorization: 'Bearer test-admin-token-0123456789' } });

    expect(decodePng(Buffer.from(await res.arrayBuffer())).toString('utf8')).toBe('OPEN:4711#');
  });

  it('400 PROV_ERR_DOOR_QR_UNDOCUMENTED for a model without a documented QR form', async () => {
    const u = await createUser(api);
    const id = await station(u.id, 'K1');

    const res = await api.get(doorPath(u.id, id));

    expect([res.status, res.body.code, res.headers.get('cache-control')]).toStrictEqual([400, 'PROV_ERR_DOOR_QR_UNDOCUMENTED', 'no-store']);
    expect(res.body.message).toContain('doorcam/K1');
  });

  it('400 PROV_ERR_DOOR_CODE_MISSING when the phone has no code of the kind the form carries', async () => {
    const u = await createUser(api);
    const id = await station(u.id, 'QR2', { door_password1: '4711' });

    const res = await api.get(doorPath(u.id, id));

    expect([res.status, res.body.code, res.body.errors[0].field]).toStrictEqual([400, 'PROV_ERR_DOOR_CODE_MISSING', 'door_password2']);
  });

  it('400 naming `purpose` without purpose=door; 404 for another user\'s phone', async () => {
    const u = await createUser(api);
    const other = await createUser(api);
    const id = await station(u.id, 'QR1');

    const bad = await api.get(`/api/users/${u.id}/phones/${id}/qrcode?purpose=gate`);
    const foreign = await api.get(doorPath(other.id, id));

    expect([bad.status, bad.body.errors[0].field]).toStrictEqual([400, 'purpose']);
    expect([foreign.status, foreign.body.code]).toStrictEqual([404, 'PROV_ERR_PHONE_NOT_FOUND']);
  });

  it('429 PROV_ERR_RATE_LIMITED with Retry-After past the limit per user and phone; other phones unaffected', async () => {
    const u = await createUser(api);
    const limited = await station(u.id, 'QR1');
    const other = await station(u.id, 'QR1');

    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api.get(doorPath(u.id, limited, { format: 'text' })));

    expect(answers.map((r) => r.status)).toStrictEqual([200, 200, 200, 429]);
    expect(answers[3]!.body.code).toBe('PROV_ERR_RATE_LIMITED');
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answers[3]!.text).not.toContain('4711');
    expect((await api.get(doorPath(u.id, other, { format: 'text' }))).status).toBe(200);
  });

  it('writes an audit line per request without the code', async () => {
    const u = await createUser(api);
    const id = await station(u.id, 'QR1', { door_password1: '86420' });

    await api.get(doorPath(u.id, id, { format: 'text' }));

    const lines = api.logs().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines.find((l) => l.audit === 'door_qr' && l.resource === id)).toMatchObject({ actor: 'admin', user: u.id, purpose: 'door', status: 200 });
    expect(api.logs()).not.toContain('86420');
  });
});

describe('shipped vendors', () => {
  // No vendor documents what its camera reads from a QR code (README "QR codes"); when one does,
  // its vendor.json gets a door_qr entry with the source, and this list changes.
  it('declare no QR door opening, so every model answers PROV_ERR_DOOR_QR_UNDOCUMENTED', () => {
    for (const vendor of loadVendors(TEMPLATES)) {
      for (const model of Object.keys(vendor.descriptor.models)) {
        const phone = { id: 'p', vendor: vendor.id, model, door_password1: '1234', door_password2: '5678' };
        let code: string | undefined;
        try {
          doorQrPayload(vendor.descriptor, phone);
        } catch (err) {
          code = isProvError(err) ? err.code : String(err);
        }
        expect(code, `${vendor.id}/${model}`).toBe('PROV_ERR_DOOR_QR_UNDOCUMENTED');
      }
    }
  });
});
