/**
 * How the admin API reads bodies (issue 9): depth bounds (free-form fields at validation, whole
 * bodies before parsing), bytes that are not UTF-8, and characters XML cannot carry, anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FREE_JSON_MAX_DEPTH } from '../../src/domain/free-json.js';
import { createPhone, createUser, startApi, TOKEN, userBody, type ApiHarness } from '../helpers/api-harness.js';
import { nested } from '../helpers/deep-json.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const userCount = async () => (await api.get('/api/users')).body.count as number;
const fields = (body: { errors: { field: string }[] }) => body.errors.map((e) => e.field);

/** Posts raw JSON text as a new user body (plus valid required fields) and answers the response. */
function postUserText(extra: string) {
  const base = JSON.stringify(userBody());
  return api.post('/api/users', `${base.slice(0, -1)},${extra}}`);
}

describe('depth of free-form JSON', () => {
  it('refuses office_hours nested 1,000 deep with 400 naming the field, and stores nothing', async () => {
    const before = await userCount();

    const res = await api.post('/api/users', userBody({ office_hours: nested(1000) }));

    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_VALIDATION');
    expect(fields(res.body)).toEqual(['office_hours']);
    expect(res.body.errors[0].message).toContain(`${FREE_JSON_MAX_DEPTH} levels`);
    expect(await userCount()).toBe(before);
  });

  it('refuses the forward rules, custom_forward_rules[].hours and custom_options nested too deep, naming each', async () => {
    const deep = nested(FREE_JSON_MAX_DEPTH + 1);
    const res = await api.post('/api/users', userBody({
      away_office_hours_forward_rule: deep,
      custom_forward_rules: [{ action: 'forward', hours: deep }],
      custom_options: JSON.stringify(deep),
    }));

    expect(res.status).toBe(400);
    expect(fields(res.body).sort()).toEqual(['away_office_hours_forward_rule', 'custom_forward_rules.0.hours', 'custom_options']);
  });

  it('refuses a PATCH that nests a free-form field too deep and keeps the stored value', async () => {
    const user = await createUser(api, { office_hours: { mon: { from: '09:00' } } });

    const res = await api.request('PATCH', `/api/users/${user.id}`, { office_hours: nested(1000) });

    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['office_hours']);
    expect((await api.get(`/api/users/${user.id}`)).body.office_hours).toEqual({ mon: { from: '09:00' } });
  });

  it('answers 400 PROV_ERR_BODY_INVALID, not 500, for a body nested 120,000 deep', async () => {
    const before = await userCount();

    // Arrays: 240 kB, under the 256 kB body limit (objects this deep would be refused as too large).
    const deepArray = `${'['.repeat(120_000)}${']'.repeat(120_000)}`;
    const inField = await postUserText(`"office_hours":{"mon":${deepArray}}`); // was 500: the stack overflowed
    const asArray = await api.post('/api/users', deepArray);
    const inObject = await api.post('/api/users', `{"a":${deepArray}}`);

    for (const res of [inField, asArray, inObject]) {
      expect(res.status, res.text.slice(0, 200)).toBe(400);
      expect(res.body.code).toBe('PROV_ERR_BODY_INVALID');
    }
    expect(fields(inField.body)).toEqual(['office_hours']);
    expect(await userCount()).toBe(before);
  });

  it('accepts and returns a legitimately nested body unchanged', async () => {
    const office_hours = { timezone: 'Europe/Berlin', days: { mon: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '17:00' }] }, holidays: [['2026-12-25', { closed: true }]] };
    const rule = { action: 'FORWARD', targets: [{ number: '200', after: { seconds: 20, then: { voicemail: true } } }] };
    const body = userBody({
      office_hours,
      busy_office_hours_forward_rule: rule,
      custom_forward_rules: [{ action: 'forward', number: '300', hours: office_hours }],
      custom_options: JSON.stringify({ ui: { theme: { colors: ['#fff', '#000'] } } }, null, 2),
    });

    const res = await api.post('/api/users', body);

    expect(res.status, res.text).toBe(201);
    expect(res.body.office_hours).toEqual(office_hours);
    expect(res.body.busy_office_hours_forward_rule).toEqual(rule);
    expect(res.body.custom_forward_rules[0].hours).toEqual(office_hours);
    expect(res.body.custom_options).toBe(body.custom_options);
  });
});

describe('bytes and characters', () => {
  it.each([
    ['U+FFFE', '"\\ufffe"'],
    ['U+FFFF', '"Jane\uffff"'],
    ['a lone high surrogate', '"Jane \\ud800"'],
    ['a lone low surrogate', '"\\udc00 Jane"'],
  ])('refuses %s in display_name with 400 naming it, and stores nothing', async (_name, json) => {
    const before = await userCount();

    const res = await postUserText(`"display_name":${json}`);

    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_VALIDATION');
    expect(fields(res.body)).toEqual(['display_name']);
    expect(await userCount()).toBe(before);
  });

  it.each([
    ['U+FFFE', '"\\ufffe"', /U\+FFFE/],
    ['U+FFFF', '"\\uffff"', /U\+FFFF/],
    ['a lone high surrogate', '"\\ud83d"', /lone surrogate/],
    ['a lone low surrogate', '"\\ude00"', /lone surrogate/],
  ])('refuses %s inside office_hours with 400 naming its path', async (_name, json, message) => {
    const res = await postUserText(`"office_hours":{"mon":[{"label":${json}}]}`);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'office_hours.mon.0.label', message: expect.stringMatching(message) }]);
  });

  it('refuses a bad character in a free-form key, a control character in a free-form value, and C1 controls', async () => {
    const res = await postUserText('"office_hours":{"mo\\ud800n":1,"tue":"a\\u0007"},"department":"Sales\\u0085"');

    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['office_hours.mo\\u{d800}n', 'office_hours.tue', 'department']);
  });

  it('refuses bad characters in phone and network bodies and in fields the server ignores', async () => {
    const user = await createUser(api);
    const phone = await createPhone(api, user.id, { mac: '00:15:65:12:34:56' });

    const patch = await api.request('PATCH', `/api/users/${user.id}/phones/${phone.id}`, { ringtone: 'ring\uffff' });
    const network = await api.post('/api/network', { sip_domain: 'pbx\ufffe.example.com' });
    const ignored = await api.post('/api/users', userBody({ created_at: '\ufffe' }));
    const oneField = await api.post(`/api/users/${user.id}/role`, { role: 'Admin\u009c' });

    expect([patch.status, network.status, ignored.status, oneField.status]).toEqual([400, 400, 400, 400]);
    expect([fields(patch.body), fields(network.body), fields(ignored.body), fields(oneField.body)]).toEqual([['ringtone'], ['sip_domain'], ['created_at'], ['role']]);
    expect((await api.get(`/api/users/${user.id}/phones/${phone.id}`)).body.ringtone).toBeUndefined();
  });

  it('refuses bytes that are not UTF-8 with 400 PROV_ERR_BODY_INVALID instead of turning them into U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from(JSON.stringify(userBody()).slice(0, -1) + ',"display_name":"Jos'), Buffer.from([0xe9]), Buffer.from('"}')]);

    const res = await fetch(`${api.baseUrl}/api/users`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('PROV_ERR_BODY_INVALID');
  });

  it('accepts and returns emoji, CJK, combining marks, XML specials, and TAB/LF in a JSON string field', async () => {
    const display_name = `Jane 😀👩🏽‍💻 李小龙 Jose\u0301 & <Co> "q" 'a'`;
    const custom_options = '{\n\t"a": "x"\r\n}';

    const res = await api.post('/api/users', userBody({ display_name, custom_options, office_hours: { '月曜日': 'ok 🎉' } }));

    expect(res.status, res.text).toBe(201);
    expect(res.body.display_name).toBe(display_name);
    expect(res.body.custom_options).toBe(custom_options);
    expect(res.body.office_hours).toEqual({ '月曜日': 'ok 🎉' });
  });
});
