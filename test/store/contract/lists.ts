/**
 * @module Store contract: list queries. Each case states the expected records and is also
 * checked against applyQuery() (query.ts, the reference semantics) over the same records.
 */
import { expect, it } from 'vitest';
import { formatMac } from '../../../src/domain/mac.js';
import type { Phone } from '../../../src/domain/phone.js';
import type { User } from '../../../src/domain/user.js';
import { applyQuery } from '../../../src/store/query.js';
import type { StoredPhone } from '../../../src/store/types.js';
import { makePhone, makeUser } from '../../helpers/records.js';
import { names, phoneQuery, userQuery, type ContractContext } from './support.js';

type Raw = Record<string, string>;

/** Users in creation order: Alice, bob, Carol_1, Ärger, O'Brien. */
const USER_CASES: [Raw, string[]][] = [
  [{}, ['Alice', 'bob', 'Carol_1', 'Ärger', "O'Brien"]],
  [{ filter: "name eq 'bob'" }, ['bob']],
  [{ filter: "name eq 'BOB'" }, []],
  [{ filter: "name ne 'bob'" }, ['Alice', 'Carol_1', 'Ärger', "O'Brien"]],
  [{ filter: "name eq 'O''Brien'" }, ["O'Brien"]],
  [{ filter: 'enabled eq false' }, ['bob', "O'Brien"]],
  [{ filter: 'enabled eq 1' }, []],
  [{ filter: 'enabled gt false' }, ['Alice', 'Carol_1', 'Ärger']],
  [{ filter: 'enable_dnd eq true' }, ['Carol_1']],
  [{ filter: 'enable_dnd ne true' }, ['Alice', 'bob', 'Ärger', "O'Brien"]],
  [{ filter: "enabled eq true and department eq 'Sales'" }, ['Alice', 'Carol_1']],
  [{ filter: "department eq 'Support' or extension_number eq '2000'" }, ['bob', 'Ärger']],
  [{ filter: "not (department eq 'Sales')" }, ['bob', 'Ärger', "O'Brien"]],
  [{ filter: 'not enabled eq true' }, ['bob', "O'Brien"]],
  [{ filter: 'department eq null' }, ['Ärger', "O'Brien"]],
  [{ filter: 'department ne null' }, ['Alice', 'bob', 'Carol_1']],
  [{ filter: 'email eq null and department eq null' }, ['Ärger', "O'Brien"]],
  [{ filter: "department gt 'S'" }, ['Alice', 'bob', 'Carol_1']],
  [{ filter: "department lt 'Z'" }, ['Alice', 'bob', 'Carol_1']],
  [{ filter: 'department le null' }, []],
  [{ filter: 'extension_number eq 1001' }, []],
  [{ filter: "extension_number ge '1003'" }, ['Carol_1', 'Ärger', "O'Brien"]],
  [{ filter: 'extension_number gt 1005' }, ['Carol_1', 'Ärger']],
  [{ filter: "startswith(name,'AL')" }, ['Alice']],
  [{ filter: "endswith(display_name,'DAVE')" }, ['Ärger']],
  [{ filter: "contains(display_name,'50%')" }, ['bob']],
  [{ filter: "contains(display_name,'e_')" }, ["O'Brien"]],
  [{ filter: "contains(display_name,'är')" }, ['Ärger']],
  [{ filter: "contains(email,'EXAMPLE')" }, ['Alice']],
  [{ filter: "name eq 'bob' or name eq 'Alice' and enabled eq false" }, ['bob']],
  [{ filter: "(name eq 'bob' or name eq 'Alice') and enabled eq true" }, ['Alice']],
  [{ search: 'LIDD' }, ['Alice']],
  [{ search: '10' }, ['Alice', 'bob', 'Carol_1', "O'Brien"]],
  [{ search: '100' }, ['Alice', 'bob', "O'Brien"]],
  [{ search: 'example.com' }, ['Alice']],
  [{ search: 'är' }, ['Ärger']],
  [{ search: '%' }, ['bob']],
  [{ search: '10', filter: 'enabled eq true' }, ['Alice', 'Carol_1']],
  [{ orderby: 'name' }, ['Alice', 'Carol_1', "O'Brien", 'bob', 'Ärger']],
  [{ orderby: 'name desc' }, ['Ärger', 'bob', "O'Brien", 'Carol_1', 'Alice']],
  [{ orderby: 'department asc, name desc' }, ['Ärger', "O'Brien", 'Carol_1', 'Alice', 'bob']],
  [{ orderby: 'department desc' }, ['bob', 'Alice', 'Carol_1', 'Ärger', "O'Brien"]],
  [{ orderby: 'enabled desc, extension_number asc' }, ['Alice', 'Carol_1', 'Ärger', 'bob', "O'Brien"]],
  [{ orderby: 'email desc' }, ['Alice', 'bob', 'Carol_1', 'Ärger', "O'Brien"]],
  [{ orderby: 'extension_number', skip: '1', top: '2' }, ['bob', "O'Brien"]],
  [{ skip: '10' }, []],
];

/** Phones p1-p3 of user A, p4 of user B; p2 and p4 were seen. */
const PHONE_CASES: [Raw | ((s: PhoneSeed) => Raw), string[], 'A' | 'B' | 'none' | undefined][] = [
  [{}, ['p1', 'p2', 'p3', 'p4'], undefined],
  [{ filter: "vendor eq 'yealink'" }, ['p1', 'p3'], undefined],
  [{ filter: 'rps eq true' }, ['p1', 'p4'], undefined],
  [{ filter: 'not (rps eq true)' }, ['p2', 'p3'], undefined],
  [{ filter: "rps_status eq 'pending'" }, ['p1', 'p4'], undefined],
  [{ filter: "rps_status eq 'disabled'" }, ['p2', 'p3'], undefined],
  [{ filter: "rps_status ne 'disabled' and vendor eq 'grandstream'" }, ['p4'], undefined],
  [{ filter: "startswith(rps_status,'PEND')" }, ['p1', 'p4'], undefined],
  [{ orderby: 'rps_status desc' }, ['p1', 'p4', 'p2', 'p3'], undefined],
  [{ filter: "rps_status eq 'disabled'" }, ['p2', 'p3'], 'A'],
  [{ filter: 'wan_port_id ge 10' }, ['p1', 'p2'], undefined],
  [{ filter: 'wan_port_id lt 100' }, ['p1', 'p4'], undefined],
  [{ filter: 'wan_port_id eq null' }, ['p3'], undefined],
  [(s) => ({ filter: `mac eq '${formatMac(s.p1.mac, { separator: ':', upper: true })}'` }), ['p1'], undefined], // any MAC spelling
  [(s) => ({ filter: `user_id eq '${s.b.id}'` }), ['p4'], undefined],
  [{ filter: "startswith(model,'t')" }, ['p1', 'p3'], undefined],
  [{ filter: "contains(serial_number,'n-1')" }, ['p2'], undefined],
  [{ filter: 'last_seen_at ne null' }, ['p2', 'p4'], undefined],
  [{ filter: 'last_seen_at eq null' }, ['p1', 'p3'], undefined],
  [{ filter: "last_seen_at gt '2025-05-15'" }, ['p2'], undefined],
  [{ search: 'GRP' }, ['p4'], undefined],
  [{ orderby: 'wan_port_id' }, ['p3', 'p4', 'p1', 'p2'], undefined],
  [{ orderby: 'wan_port_id desc' }, ['p2', 'p1', 'p4', 'p3'], undefined],
  [{ orderby: 'vendor, model desc' }, ['p4', 'p2', 'p3', 'p1'], undefined],
  [{ orderby: 'last_seen_at desc' }, ['p2', 'p4', 'p1', 'p3'], undefined],
  [{}, ['p1', 'p2', 'p3'], 'A'],
  [{ filter: 'rps eq true' }, ['p1'], 'A'],
  [{ skip: '1', top: '1' }, ['p2'], 'A'],
  [{}, ['p4'], 'B'],
  [{}, [], 'none'],
];

interface PhoneSeed {
  readonly a: User;
  readonly b: User;
  readonly p1: Phone;
  readonly phones: Record<string, StoredPhone>;
}

export function listTests(ctx: ContractContext): void {
  const seedUsers = async (): Promise<User[]> => {
    const users = [
      makeUser({ name: 'Alice', extension_number: '1001', display_name: 'Alice Liddell', email: 'alice@example.com', department: 'Sales' }),
      makeUser({ name: 'bob', extension_number: '1002', display_name: '50% Bob', department: 'Support', enabled: false }),
      makeUser({ name: 'Carol_1', extension_number: '1010', display_name: '500 Carol', department: 'Sales', enable_dnd: true }),
      makeUser({ name: 'Ärger', extension_number: '2000', display_name: 'ÄRGER Dave' }),
      makeUser({ name: "O'Brien", extension_number: '1003', display_name: 'Eve_x', enabled: false }),
    ];
    for (const u of users) await ctx.store.insertUser(u);
    return users;
  };
  const seedPhones = async (): Promise<PhoneSeed> => {
    const [a, b] = [makeUser(), makeUser()];
    await ctx.store.insertUser(a);
    await ctx.store.insertUser(b);
    const p1 = makePhone(a, { rps: true, enable_vlan_wan_port: true, wan_port_id: 10 });
    const p2 = makePhone(a, { vendor: 'Snom', model: 'D785', enable_vlan_wan_port: true, wan_port_id: 200, serial_number: 'SN-100' });
    const p3 = makePhone(a, { model: 'T54W' });
    const p4 = makePhone(b, { vendor: 'grandstream', model: 'GRP2614', rps: true, enable_vlan_wan_port: true, wan_port_id: 9 });
    for (const p of [p1, p2, p3, p4]) await ctx.store.insertPhone(p);
    const s2 = { at: '2025-06-01T00:00:00.000Z', ip: '192.0.2.2', user_agent: 'snom' };
    const s4 = { at: '2025-05-01T00:00:00.000Z', ip: '192.0.2.4', user_agent: 'gs' };
    await ctx.store.recordSighting(p2.mac, s2);
    await ctx.store.recordSighting(p4.mac, s4);
    // As read back: with last_seen_* (checked by the phone tests) and rps_* (by the RPS tests).
    const read = async (p: Phone) => (await ctx.store.getPhone(p.id))!;
    return { a, b, p1, phones: { p1: await read(p1), p2: await read(p2), p3: await read(p3), p4: await read(p4) } };
  };

  it.each(USER_CASES)('lists users for %j', async (raw, expected) => {
    const users = await seedUsers();
    const query = userQuery(raw);
    const page = await ctx.store.listUsers(query);
    expect(names(page)).toStrictEqual(expected);
    expect(page).toStrictEqual(applyQuery(users, query));
  });

  it('counts all matches while skip/top cut the page', async () => {
    await seedUsers();
    const page = await ctx.store.listUsers(userQuery({ filter: 'enabled eq true', orderby: 'name desc', top: '1' }));
    expect(page.count).toBe(3);
    expect(names(page)).toStrictEqual(['Ärger']);
    const past = await ctx.store.listUsers(userQuery({ skip: '3' }));
    expect(past.count).toBe(5);
    expect(names(past)).toStrictEqual(['Ärger', "O'Brien"]);
    expect((await ctx.store.listUsers(userQuery({ top: '2' }))).count).toBe(5);
  });

  it.each(PHONE_CASES.map(([raw, expected, owner]) => ({ raw, expected, owner, label: typeof raw === 'function' ? raw.toString() : JSON.stringify(raw) })))(
    'lists phones of user $owner for $label',
    async ({ raw: rawOrFn, expected, owner }) => {
    const seed = await seedPhones();
    const query = phoneQuery(typeof rawOrFn === 'function' ? rawOrFn(seed) : rawOrFn);
    const userId = owner === 'A' ? seed.a.id : owner === 'B' ? seed.b.id : owner === 'none' ? 'no-such-user' : undefined;
    const page = await ctx.store.listPhones(query, userId);
    const label = new Map(Object.entries(seed.phones).map(([k, p]) => [p.id, k]));
    expect(page.items.map((p) => label.get(p.id))).toStrictEqual(expected);
    const pool = Object.values(seed.phones).filter((p) => userId === undefined || p.user_id === userId);
    expect(page).toStrictEqual(applyQuery(pool, query));
    }
  );
}
