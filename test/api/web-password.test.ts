/**
 * @module The phone web password a model takes (vendor.json `web_password`), through the API with
 * the real templates/: Mitel phones take digits only (a password with letters is ignored by the
 * phone, which keeps its factory 22222), so the API refuses one and generates digits; a vendor
 * without a rule keeps the 12 alphanumeric characters. Nothing is written on a refusal.
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

const nextMac = () => `00:08:5d:00:40:${(++macs).toString(16).padStart(2, '0')}`;
const create = (body: Record<string, unknown>) => api.post(`/api/users/${userId}/phones`, { mac: nextMac(), ...body });
const update = (id: string, body: Record<string, unknown>) => api.request('PATCH', `/api/users/${userId}/phones/${id}`, body);
const phoneCount = async () => (await api.get(`/api/users/${userId}/phones`)).body.count as number;

describe('a model with a web password rule (Mitel: digits only)', () => {
  it('generates a password of nine digits and answers it once', async () => {
    const res = await create({ vendor: 'mitel', model: '6867i' });

    expect(res.status, res.text).toBe(201);
    expect(res.body.password).toMatch(/^[0-9]{9}$/);
    expect((await api.store.getPhone(res.body.id))!.password).toBe(res.body.password);
  });

  it('refuses a password with letters, naming the field and the model, and stores no phone', async () => {
    const before = await phoneCount();
    const res = await create({ vendor: 'mitel', model: '6867i', password: 'abc12345' });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_VALIDATION');
    expect(res.body.errors).toEqual([
      { field: 'password', message: 'the Mitel 6867i takes 1-9 characters of 0123456789 (a password outside that is ignored by the phone)' },
    ]);
    expect(await phoneCount()).toBe(before);
  });

  it('takes a numeric password', async () => {
    const res = await create({ vendor: 'mitel', model: '6930', password: '4711' });

    expect(res.status, res.text).toBe(201);
    expect((await api.store.getPhone(res.body.id))!.password).toBe('4711');
  });

  it('refuses a move to a Mitel model while the stored password has letters, and keeps the phone as it was', async () => {
    const made = await create({ vendor: 'yealink', model: 'T54W', password: 'Secret12ab' });
    expect(made.status, made.text).toBe(201);

    const moved = await update(made.body.id, { vendor: 'mitel', model: '6867i' });
    expect(moved.status).toBe(400);
    expect(moved.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
    expect((await api.store.getPhone(made.body.id))!).toMatchObject({ vendor: 'yealink', model: 'T54W', password: 'Secret12ab' });

    const withDigits = await update(made.body.id, { vendor: 'mitel', model: '6867i', password: '123456' });
    expect(withDigits.status, withDigits.text).toBe(200);
    expect((await api.store.getPhone(made.body.id))!).toMatchObject({ vendor: 'mitel', password: '123456' });
  });

  it('refuses a password with letters in an update of a Mitel phone', async () => {
    const made = await create({ vendor: 'mitel', model: '6869i', password: '1234' });
    const res = await update(made.body.id, { password: 'letters1' });

    expect(res.status).toBe(400);
    expect((await api.store.getPhone(made.body.id))!.password).toBe('1234');
  });
});

describe('a vendor without a rule', () => {
  it('generates 12 alphanumeric characters and takes letters', async () => {
    const generated = await create({ vendor: 'yealink', model: 'T54W' });
    const given = await create({ vendor: 'yealink', model: 'T54W', password: 'abcDEF123' });

    expect(generated.body.password).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(given.status, given.text).toBe(201);
  });
});
