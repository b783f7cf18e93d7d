/**
 * @module A phone's further lines through the API: each refusal is a 400 naming
 * `lines.<i>.user_id` and writes nothing; the model's line count is checked again when the
 * model changes; `[]` clears the lines; a user's lines go when the user is deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhone, createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
let owner: { id: string };
let other: { id: string };
let third: { id: string };
beforeAll(async () => {
  api = await startApi();
  [owner, other, third] = [await createUser(api), await createUser(api), await createUser(api)];
});
afterAll(() => api.close());

let macs = 0;
const nextMac = () => `00:15:65:00:30:${(++macs).toString(16).padStart(2, '0')}`;

/** Expects a 400 PROV_ERR_VALIDATION naming exactly `fields`, with a message matching `message`. */
function expectRefused(res: { status: number; text: string; body: any }, fields: string[], message: RegExp) {
  expect(res.status, res.text).toBe(400);
  expect(res.body.code).toBe('PROV_ERR_VALIDATION');
  expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toStrictEqual([...fields].sort());
  for (const e of res.body.errors) expect(e.message).toMatch(message);
}

describe('creating a phone with lines', () => {
  const post = (lines: unknown, model = 'Z1', vendor = 'zenith') =>
    api.post(`/api/users/${owner.id}/phones`, { mac: nextMac(), vendor, model, lines });

  it('stores the lines in order with their labels and shows them', async () => {
    const res = await post([{ user_id: other.id, label: 'Sales' }, { user_id: third.id }]);
    expect(res.status, res.text).toBe(201);
    expect(res.body.lines).toStrictEqual([{ user_id: other.id, label: 'Sales' }, { user_id: third.id }]);
    expect((await api.get(`/api/users/${owner.id}/phones/${res.body.id}`)).body.lines).toStrictEqual(res.body.lines);
  });

  it('refuses a user that does not exist', async () =>
    expectRefused(await post([{ user_id: other.id }, { user_id: 'no-such-user' }]), ['lines.1.user_id'], /no such user/));
  it("refuses the phone's own user (it is line 1)", async () =>
    expectRefused(await post([{ user_id: owner.id }]), ['lines.0.user_id'], /own user/));
  it('refuses a user listed twice', async () =>
    expectRefused(await post([{ user_id: other.id }, { user_id: other.id }]), ['lines.1.user_id'], /twice/));
  it('refuses more lines than the model has', async () =>
    expectRefused(await post([{ user_id: other.id }, { user_id: third.id }], 'X100', 'acme'), ['lines.1.user_id'], /X100 has 2 line/));
  it('refuses a malformed line', async () => {
    const res = await post([{ user_id: other.id, extra: 1 }]);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toStrictEqual(['lines.0.extra']);
  });
  it('writes nothing when refused', async () => {
    const before = (await api.get('/api/phones')).body.count;
    await post([{ user_id: 'no-such-user' }]);
    expect((await api.get('/api/phones')).body.count).toBe(before);
  });
});

describe('updating a phone with lines', () => {
  it('checks the lines again when the model changes, and clears them with []', async () => {
    const phone = await createPhone(api, owner.id, { mac: nextMac(), vendor: 'zenith', model: 'Z1', lines: [{ user_id: other.id }, { user_id: third.id }] });
    const path = `/api/users/${owner.id}/phones/${phone.id}`;
    expectRefused(await api.post(path, { vendor: 'acme', model: 'X100' }), ['lines.1.user_id'], /X100 has 2 line/);
    expect((await api.get(path)).body).toMatchObject({ vendor: 'zenith', model: 'Z1' });
    const fewer = await api.post(path, { vendor: 'acme', model: 'X100', lines: [{ user_id: third.id, label: 'Carol' }] });
    expect(fewer.status, fewer.text).toBe(200);
    expect(fewer.body.lines).toStrictEqual([{ user_id: third.id, label: 'Carol' }]);
    expectRefused(await api.post(path, { lines: [{ user_id: owner.id }] }), ['lines.0.user_id'], /own user/);
    const cleared = await api.post(path, { lines: [] });
    expect(cleared.status).toBe(200);
    expect(cleared.body).not.toHaveProperty('lines');
  });

  it("deleting a line's user removes the line; the phone stays", async () => {
    const gone = await createUser(api);
    const phone = await createPhone(api, owner.id, { mac: nextMac(), vendor: 'zenith', model: 'Z1', lines: [{ user_id: gone.id }, { user_id: third.id }] });
    expect((await api.request('DELETE', `/api/users/${gone.id}`)).status).toBe(204);
    const after = await api.get(`/api/users/${owner.id}/phones/${phone.id}`);
    expect(after.status).toBe(200);
    expect(after.body.lines).toStrictEqual([{ user_id: third.id }]);
  });
});

describe('GET /api/users/{id}/lines', () => {
  it("lists the phones carrying the user, with the line's number and label, by MAC", async () => {
    const carried = await createUser(api);
    const a = await createPhone(api, owner.id, { mac: '00:15:65:00:31:02', vendor: 'zenith', model: 'Z1', lines: [{ user_id: third.id }, { user_id: carried.id, label: 'Hotline' }] });
    const b = await createPhone(api, other.id, { mac: '00:15:65:00:31:01', vendor: 'acme', model: 'X100', lines: [{ user_id: carried.id }] });
    const res = await api.get(`/api/users/${carried.id}/lines`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toStrictEqual({
      count: 2,
      items: [
        { phone_id: b.id, mac: '001565003101', vendor: 'acme', model: 'X100', user_id: other.id, line: 2 },
        { phone_id: a.id, mac: '001565003102', vendor: 'zenith', model: 'Z1', user_id: owner.id, line: 3, label: 'Hotline' },
      ],
    });
    expect((await api.get(`/api/users/${owner.id}/lines`)).body).toStrictEqual({ count: 0, items: [] });
    const missing = await api.get('/api/users/no-such-user/lines');
    expect([missing.status, missing.body.code]).toStrictEqual([404, 'PROV_ERR_USER_NOT_FOUND']);
  });
});
