/**
 * Multi-line phones in the whole server (createApp, real templates, SQLite): a phone's further
 * lines are written into its per-MAC file, fetched over HTTP from the owner's folder only; a
 * change to a line user shows in the owner's file at once; deleting a line user removes its line
 * and re-renders the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';

let server: AppServer;
const users: Record<string, { id: string; provision_token: string }> = {};
const MAC = '001565aa0101';
const FILE = `${MAC}.cfg`;

beforeAll(async () => {
  server = await startAppServer({});
  await server.api('POST', '/api/network', { web_domain: 'pbx.example.com' });
  for (const [name, ext] of [['owner', '4101'], ['sales', '4102'], ['carol', '4103']] as const) {
    const res = await server.api('POST', '/api/users', { name: `lines-${name}`, extension_number: ext, extension_password: `Pw-${ext}-a` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    users[name] = res.body;
  }
  const phone = await server.api('POST', `/api/users/${users.owner!.id}/phones`, {
    mac: MAC, vendor: 'yealink', model: 'T46U', lines: [{ user_id: users.sales!.id, label: 'Sales' }, { user_id: users.carol!.id }],
  });
  expect(phone.status, JSON.stringify(phone.body)).toBe(201);
  expect(phone.body.lines).toStrictEqual([{ user_id: users.sales!.id, label: 'Sales' }, { user_id: users.carol!.id }]);
});
afterAll(() => server.stop());

const ownerFile = () => server.phone(users.owner!.provision_token, FILE);

describe('a multi-line phone in the running server', () => {
  it("serves every line's account in the owner's file, line keys 1-3 for them", async () => {
    const res = await ownerFile();
    expect(res.status).toBe(200);
    for (const line of [
      'account.1.user_name = 4101', 'account.1.password = Pw-4101-a',
      'account.2.user_name = 4102', 'account.2.password = Pw-4102-a', 'account.2.label = Sales',
      'account.3.user_name = 4103', 'account.3.password = Pw-4103-a',
      'linekey.2.line = 2', 'linekey.3.line = 3',
    ]) expect(res.body).toContain(line);
  });

  it("a line user's own folder does not serve the phone's file (it carries the other lines' passwords)", async () => {
    expect((await server.phone(users.sales!.provision_token, FILE)).status).toBe(404);
    expect((await server.phone(users.carol!.provision_token, FILE)).status).toBe(404);
    expect((await ownerFile()).status).toBe(200);
  });

  it("a changed line-2 password is in the owner's file right after the PATCH", async () => {
    expect((await ownerFile()).body).toContain('account.2.password = Pw-4102-a'); // cached now
    const patched = await server.api('PATCH', `/api/users/${users.sales!.id}`, { extension_password: 'Pw-4102-NEW', display_name: 'Sales Desk' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const after = await ownerFile();
    expect(after.body).toContain('account.2.password = Pw-4102-NEW');
    expect(after.body).toContain('account.2.display_name = Sales Desk');
    expect(after.body).not.toContain('Pw-4102-a');
  });

  it('deleting a line user removes its line from the phone and re-renders its file', async () => {
    expect((await ownerFile()).body).toContain('account.2.user_name = 4102');
    expect((await server.api('DELETE', `/api/users/${users.sales!.id}`)).status).toBe(204);
    const phone = await server.api('GET', `/api/phones/${MAC}`);
    expect(phone.body.lines).toStrictEqual([{ user_id: users.carol!.id }]);
    const after = await ownerFile();
    expect(after.status).toBe(200);
    expect(after.body).not.toContain('4102');
    expect(after.body).toContain('account.2.user_name = 4103');
    expect(after.body).not.toContain('account.3.');
  });
});
