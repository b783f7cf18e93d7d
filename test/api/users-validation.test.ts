/** @module Every user schema rule through the API: PROV_ERR_VALIDATION naming each bad field; nothing written. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, userBody, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** Posts a user; expects 400 PROV_ERR_VALIDATION naming exactly `fields` (any order). */
async function expectInvalid(overrides: Record<string, unknown>, fields: string[]) {
  const before = (await api.get('/api/users')).body.count;
  const res = await api.post('/api/users', userBody(overrides));
  expect(res.status, res.text).toBe(400);
  expect(res.body.code).toBe('PROV_ERR_VALIDATION');
  // A field may carry several issues (e.g. too short AND not digits): compare the set of fields.
  expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([...fields].sort());
  for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
  expect((await api.get('/api/users')).body.count).toBe(before);
  return res.body;
}

describe('user name', () => {
  it.each(['Admin', 'ROOT', 'system', 'administrator'])('refuses the reserved name %s', async (name) => {
    const body = await expectInvalid({ name }, ['name']);
    expect(body.errors[0].message).toMatch(/reserved/);
  });
  it.each(['.bob', 'bob.', 'bo b', 'bob@x', '', 'x'.repeat(65)])('refuses %j', (name) => expectInvalid({ name }, ['name']));
  it.each(["o'brien", 'a_b-c.d', 'Jürgen', 'x'.repeat(64)])('accepts %j', async (name) => {
    expect((await api.post('/api/users', userBody({ name }))).status).toBe(201);
  });
});

describe('extension, PIN, options, enums', () => {
  it.each(['12', 'abc', '12a4', ''])('refuses extension %j', (extension_number) => expectInvalid({ extension_number }, ['extension_number']));
  it.each(['123456', '111222', '12345', '98765432', '1234567890a', '12345678901'])('refuses voicemail PIN %j', (voicemail_pin) =>
    expectInvalid({ voicemail_pin }, ['voicemail_pin'])
  );
  it('accepts voicemail PIN 135790 and does not return it', async () => {
    const res = await api.post('/api/users', userBody({ voicemail_pin: '135790' }));
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('voicemail_pin');
  });
  it('refuses custom_options that are not JSON, accepts JSON', async () => {
    await expectInvalid({ custom_options: '{not json' }, ['custom_options']);
    expect((await api.post('/api/users', userBody({ custom_options: '{"a":1}' }))).status).toBe(201);
  });
  it.each([
    ['sms', 'SOMETIMES'],
    ['voicemail_play_datetime', '25_HOUR_CLOCK'],
    ['interface', 'LAN'],
    ['preferred_transport', 'SCTP'],
  ])('refuses %s = %j', (field, value) => expectInvalid({ [field]: value }, [field]));
  it.each([
    ['email', 'not-an-email'],
    ['enabled', 'yes'],
    ['mobile_phone', 'call me'],
    ['voicemail_prompt', 'not a tag!'],
    ['display_name', 'two\nlines'],
    ['blfs', [{ value: 'x' }]],
  ])('refuses %s = %j', (field, value) => expectInvalid({ [field]: value }, [field === 'blfs' ? 'blfs.0.key' : field]));
  it('requires name, extension_number and extension_password', async () => {
    const res = await api.post('/api/users', { email: 'a@example.com' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extension_number', 'extension_password', 'name']);
    expect(res.body.errors[0].message).toBe('is required');
  });
  it('refuses unknown fields', () => expectInvalid({ colour: 'blue' }, ['colour']));
});

describe('several bad fields', () => {
  it('names every bad field in one answer', async () => {
    const body = await expectInvalid(
      { name: '.Admin', extension_number: '12', voicemail_pin: '111222', custom_options: '{', sms: 'NOPE' },
      ['name', 'extension_number', 'voicemail_pin', 'custom_options', 'sms']
    );
    expect(body.message).toMatch(/name/);
    expect(body.message).toMatch(/sms/);
  });
});

describe('read-only fields', () => {
  it('ignores id, created_at, provision_token a client echoes', async () => {
    const res = await api.post('/api/users', userBody({ id: 'mine', created_at: '2000-01-01T00:00:00Z', provision_token: 'chosen' }));
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe('mine');
    expect(res.body.created_at).not.toBe('2000-01-01T00:00:00Z');
    expect(res.body.provision_token).not.toBe('chosen');
  });
});
