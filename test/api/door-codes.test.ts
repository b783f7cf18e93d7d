/**
 * @module Door codes through the API, against the real templates/: each model takes the count and
 * lengths its vendor.json `door_codes` declares (issue 11); models declaring none keep PortSIP's
 * 4-8 digits. A refusal is a 400 naming the field; nothing is written.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
let api: ApiHarness;
let userId: string;
let macs = 0;
beforeAll(async () => {
  api = await startApi({ vendorDir: TEMPLATES });
  userId = (await createUser(api)).id;
});
afterAll(() => api.close());

const nextMac = () => `0c:11:05:00:30:${(++macs).toString(16).padStart(2, '0')}`;
const create = (body: Record<string, unknown>) => api.post(`/api/users/${userId}/phones`, { mac: nextMac(), ...body });
const fieldsOf = (body: { errors?: { field: string; message: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describe('door codes on create', () => {
  it.each([['7'], ['12'], ['1234']])('takes a %j DTMF code on an Akuvox E12W (1-4 digits)', async (code) => {
    const res = await create({ vendor: 'akuvox', model: 'E12W', door_password1: code });

    expect(res.status, res.text).toBe(201);
  });

  it('refuses a 5-digit code on an Akuvox, naming the field and the model', async () => {
    const res = await create({ vendor: 'akuvox', model: 'X916', door_password1: '12345' });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_VALIDATION');
    expect(res.body.errors).toEqual([{ field: 'door_password1', message: 'must be 1-4 digits on the Akuvox X916' }]);
  });

  it('refuses a second code on a one-relay model', async () => {
    const res = await create({ vendor: 'akuvox', model: 'E12W', door_password1: '1', door_password2: '2' });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'door_password2', message: 'the Akuvox E12W takes 1 door code' }]);
  });

  it('refuses two codes of different lengths where the device has one DTMF length', async () => {
    const res = await create({ vendor: 'akuvox', model: 'X916', door_password1: '12', door_password2: '345' });

    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['door_password2']);
    expect(res.body.errors[0].message).toMatch(/as many digits as door_password1/);
  });

  it('takes two 8-digit remote PINs on a GDS3710 and refuses a second on a GDS3705', async () => {
    const ok = await create({ vendor: 'grandstream', model: 'GDS3710', door_password1: '12345678', door_password2: '87654321' });
    const refused = await create({ vendor: 'grandstream', model: 'GDS3705', door_password1: '1234', door_password2: '5678' });

    expect(ok.status, ok.text).toBe(201);
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused.body)).toEqual(['door_password2']);
  });

  it.each([['123'], ['123456789']])('keeps PortSIP\'s 4-8 digits for a model declaring no door codes (%j refused)', async (code) => {
    const res = await create({ vendor: 'yealink', model: 'T46U', door_password1: code });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'door_password1', message: 'must be 4-8 digits on the Yealink SIP-T46U' }]);
  });

  it('refuses letters before any model rule (the shape is digits)', async () => {
    const res = await create({ vendor: 'akuvox', model: 'E12W', door_password1: '12a' });

    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['door_password1']);
  });
});

describe('door codes on update', () => {
  const phoneWith = async (body: Record<string, unknown>) => {
    const res = await create(body);
    expect(res.status, res.text).toBe(201);
    return `/api/users/${userId}/phones/${res.body.id}`;
  };
  const stored = async (path: string) => (await api.store.getPhone(path.split('/').pop()!))!;

  it('checks a changed code against the phone\'s model', async () => {
    const path = await phoneWith({ vendor: 'akuvox', model: 'R20A', door_password1: '12' });

    const res = await api.request('PATCH', path, { door_password1: '123456' });

    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['door_password1']);
    expect((await stored(path)).door_password1).toBe('12');
  });

  it('re-checks the stored codes when the model changes, and lets the client clear one with null', async () => {
    const path = await phoneWith({ vendor: 'grandstream', model: 'GDS3710', door_password1: '12345678', door_password2: '87654321' });

    const refused = await api.request('PATCH', path, { model: 'GDS3705' });
    const cleared = await api.request('PATCH', path, { model: 'GDS3705', door_password2: null });

    expect(refused.status).toBe(400);
    expect(fieldsOf(refused.body)).toEqual(['door_password2']);
    expect(cleared.status, cleared.text).toBe(200);
    const after = await stored(path);
    expect(after.model).toBe('GDS3705');
    expect(after.door_password1).toBe('12345678');
    expect(after).not.toHaveProperty('door_password2');
  });

  it('leaves stored codes alone on an update that does not touch them or the model', async () => {
    const path = await phoneWith({ vendor: 'akuvox', model: 'X915', door_password1: '1', door_password2: '2' });

    const res = await api.request('PATCH', path, { enable_lldp: true });

    expect(res.status, res.text).toBe(200);
    expect(await stored(path)).toMatchObject({ door_password1: '1', door_password2: '2', enable_lldp: true });
  });
});
