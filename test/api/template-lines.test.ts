/**
 * @module A model's `template_lines` through the API with the real templates/: a further line past
 * what the model's templates write is refused (400 naming `lines.<i>.user_id`), never accepted and
 * left out of the phone's file (test/vendors/template-lines.test.ts checks the templates' side).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
let api: ApiHarness;
let owner: string;
const others: string[] = [];
let macs = 0;
beforeAll(async () => {
  api = await startApi({ vendorDir: TEMPLATES });
  owner = (await createUser(api)).id;
  for (let i = 0; i < 6; i++) others.push((await createUser(api)).id);
});
afterAll(() => api.close());

const create = (vendor: string, model: string, count: number) =>
  api.post(`/api/users/${owner}/phones`, {
    mac: `0c:38:3e:00:50:${(++macs).toString(16).padStart(2, '0')}`,
    vendor,
    model,
    lines: others.slice(0, count).map((user_id) => ({ user_id })),
  });

describe('further lines are capped by what the templates write', () => {
  it('refuses a second line on a Fanvil door station whose template writes one account', async () => {
    const res = await create('fanvil', 'i10S', 1);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'lines.0.user_id', message: 'model i10S: its templates write 1 line(s): no line 2' }]);
  });

  it('takes lines 2-6 on an Htek UC926 (16 lines, 6 written) and refuses line 7', async () => {
    const six = await create('htek', 'UC926', 5);
    const seven = await create('htek', 'UC926', 6);

    expect(six.status, six.text).toBe(201);
    expect(seven.status).toBe(400);
    expect(seven.body.errors.map((e: { field: string }) => e.field)).toEqual(['lines.5.user_id']);
  });

  it('takes as many lines as a model declares when it says nothing (Yealink T46U)', async () => {
    const res = await create('yealink', 'T46U', 6);

    expect(res.status, res.text).toBe(201);
  });
});
