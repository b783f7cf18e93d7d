/**
 * The store contract against Redis (REDIS_URL, default redis://127.0.0.1:6379), plus what only a
 * shared server gives: two nodes see each other's changes, and an unreachable server fails
 * fast. Every key lives under a random prefix and is deleted afterwards. Without Redis the
 * file is skipped with a printed reason; with REQUIRE_REDIS=1 it fails instead.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_NETWORK } from '../../src/domain/network.js';
import { createStore } from '../../src/store/index.js';
import { createRedisStore } from '../../src/store/redis.js';
import type { Store, StoreEvent } from '../../src/store/types.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';
import { redisBytes } from '../helpers/secrets-dump.js';
import { expectProvError, phoneQuery, sealingHarness, userQuery, readBack } from './contract/support.js';
import { describeStoreContract } from './store.contract.js';

const available = await redisAvailable();
const RUN_PREFIX = `provd-test-${randomBytes(6).toString('hex')}:`;
let n = 0;
/** A prefix of its own for each store, all under RUN_PREFIX. */
const freshPrefix = () => `${RUN_PREFIX}${++n}:`;

describe.skipIf(!available)('redis', () => {
  const admin = available ? new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;

  afterAll(async () => {
    if (!admin) return;
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${RUN_PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await admin.del(...keys);
    } while (cursor !== '0');
    await admin.quit();
  });

  describeStoreContract('redis', async (sealed) => {
    const prefix = freshPrefix();
    const sealing = sealed ? sealingHarness(() => redisBytes(admin!, prefix)) : undefined;
    const store = createRedisStore({ url: redisUrl(), prefix, codec: sealing?.codec });
    return { store, sealing, cleanup: () => store.close() };
  });

  describe('redis store across nodes', () => {
    const open: Store[] = [];
    const node = (prefix: string) => {
      const s = createRedisStore({ url: redisUrl(), prefix });
      open.push(s);
      return s;
    };
    afterAll(async () => {
      await Promise.all(open.map((s) => s.close()));
    });

    it('lets a node see, as events, the changes another node makes, and its own exactly once', async () => {
      const prefix = freshPrefix();
      const a = node(prefix), b = node(prefix);
      const atA: StoreEvent[] = [], atB: StoreEvent[] = [];
      a.subscribe((e) => atA.push(e));
      b.subscribe((e) => atB.push(e));
      await b.getNetwork(); // returns once b's subscription is active
      const u = makeUser();
      const p = makePhone(u);
      await a.insertUser(u);
      await a.insertPhone(p);
      await b.deletePhone(p.id);
      const expected: StoreEvent[] = [
        { kind: 'user', id: u.id },
        { kind: 'phone', id: p.id, mac: p.mac, user_id: u.id },
        { kind: 'phone', id: p.id, mac: p.mac, user_id: u.id },
      ];
      await vi.waitFor(() => expect(atB).toStrictEqual(expected));
      await vi.waitFor(() => expect(atA).toStrictEqual(expected));
      // A later change reaching both means nothing earlier is still on its way: no duplicates.
      await a.putNetwork(await a.getNetwork());
      await vi.waitFor(() => expect(atB).toHaveLength(4));
      await vi.waitFor(() => expect(atA).toHaveLength(4));
      expect(atA).toStrictEqual(atB);
      expect(await b.getUser(u.id)).toStrictEqual(u);
    });

    it('tells listeners to drop everything (reset) when its subscription reconnects', async () => {
      const s = node(freshPrefix());
      const seen: StoreEvent[] = [];
      s.subscribe((e) => seen.push(e));
      await s.getNetwork(); // subscription active

      // Kill every pub/sub connection: changes published until it reconnects would be lost.
      await admin!.call('CLIENT', 'KILL', 'TYPE', 'pubsub');

      await vi.waitFor(() => expect(seen).toContainEqual({ kind: 'reset' }), { timeout: 5_000 });
    });

    it('keeps stores with different prefixes apart', async () => {
      const a = node(freshPrefix()), b = node(freshPrefix());
      const u = makeUser();
      await a.insertUser(u);
      await b.insertUser({ ...makeUser(), extension_number: u.extension_number, name: u.name });
      expect(await b.getUser(u.id)).toBeUndefined();
      expect((await a.listUsers(userQuery())).count).toBe(1);
    });

    it('keeps the creation-order index in step with writes and pages the default order from it', async () => {
      const prefix = freshPrefix();
      const s = node(prefix);
      const users = [makeUser({ created_at: '2025-01-01T00:00:02.000Z' }), makeUser({ created_at: '2025-01-01T00:00:01.000Z' })];
      for (const u of users) await s.insertUser(u);
      const phones = users.map((u) => makePhone(u, { created_at: '2025-01-01T00:00:03.000Z' }));
      for (const p of phones) await s.insertPhone(p);
      expect(await admin!.zrange(`${prefix}created:users`, '0', '-1')).toEqual([users[1]!.id, users[0]!.id]);
      expect(await admin!.zcard(`${prefix}created:phones`)).toBe(2);

      const page = await s.listPhones(phoneQuery({ top: '1', skip: '1' }));
      const tieOrder = phones.map((p) => p.id).sort();
      expect(page).toEqual({ count: 2, items: [expect.objectContaining({ id: tieOrder[1] })] }); // equal created_at: by id

      await s.deleteUser(users[0]!.id);
      expect(await admin!.zrange(`${prefix}created:users`, '0', '-1')).toEqual([users[1]!.id]);
      expect(await admin!.zrange(`${prefix}created:phones`, '0', '-1')).toEqual([phones[1]!.id]);
      await s.deletePhone(phones[1]!.id);
      expect(await admin!.zcard(`${prefix}created:phones`)).toBe(0);
    });

    it('fills the index for records written before it existed, and lists them all meanwhile', async () => {
      const prefix = freshPrefix();
      const s = node(prefix);
      const users = [makeUser({ created_at: '2025-02-01T00:00:00.000Z' }), makeUser({ created_at: '2025-01-01T00:00:00.000Z' }), makeUser({ created_at: '2025-03-01T00:00:00.000Z' })];
      for (const u of users) await s.insertUser(u);
      await admin!.del(`${prefix}created:users`); // as an older server left it

      const page = await s.listUsers(userQuery({ top: '2' }));
      expect(page.count).toBe(3);
      expect(page.items.map((u) => u.id)).toEqual([users[1]!.id, users[0]!.id]);
      expect(await admin!.zrange(`${prefix}created:users`, '0', '-1')).toEqual([users[1]!.id, users[0]!.id, users[2]!.id]);
    });

    it('reports a record that is not JSON as PROV_ERR_STORE_CORRUPT', async () => {
      const prefix = freshPrefix();
      const s = node(prefix);
      const u = makeUser();
      const p = makePhone(u);
      await s.insertUser(u);
      await s.insertPhone(p);
      await admin!.set(`${prefix}user:${u.id}`, '{"broken');
      await admin!.set(`${prefix}phone:${p.id}`, 'nope');
      await expectProvError(s.getUser(u.id), 'PROV_ERR_STORE_CORRUPT', u.id);
      await expectProvError(s.listUsers(userQuery()), 'PROV_ERR_STORE_CORRUPT');
      await expectProvError(s.getPhone(p.id), 'PROV_ERR_STORE_CORRUPT', p.id);
      await expectProvError(s.listPhones(phoneQuery()), 'PROV_ERR_STORE_CORRUPT');
      await expectProvError(s.updateUser(u.id, () => u), 'PROV_ERR_STORE_CORRUPT');
      await expectProvError(s.deletePhone(p.id), 'PROV_ERR_STORE_CORRUPT');
    });

    it('refuses every write once its claimed data-epoch marker is gone, and accepts them when it is back', async () => {
      const prefix = freshPrefix();
      const s = node(prefix);
      const u = makeUser();
      const p = makePhone(u);
      await s.insertUser(u);
      await s.insertPhone(p);
      await s.claimEpoch('epoch-1');
      await admin!.del(`${prefix}epoch`); // as after a restart of an empty Redis

      await expectProvError(s.insertUser(makeUser()), 'PROV_ERR_STORE_DATA_LOST');
      await expectProvError(s.updateUser(u.id, (x) => ({ ...x, display_name: 'x' })), 'PROV_ERR_STORE_DATA_LOST');
      await expectProvError(s.deletePhone(p.id), 'PROV_ERR_STORE_DATA_LOST');
      await expectProvError(s.deleteUser(u.id), 'PROV_ERR_STORE_DATA_LOST');
      await expectProvError(s.putNetwork(DEFAULT_NETWORK), 'PROV_ERR_STORE_DATA_LOST');
      await expectProvError(s.appendTemplateVersion({ vendor: 'yealink', file: 'device.hbs', version: 1, text: 'x', sha256: '0'.repeat(64), author_id: 't', author_name: 'ops', created_at: 'x', reverted_from: null }), 'PROV_ERR_STORE_DATA_LOST');
      expect(await s.getPhone(p.id)).toStrictEqual(readBack(p)); // reads go on
      await admin!.set(`${prefix}epoch`, 'another-epoch');
      await expectProvError(s.insertPhone(makePhone(u)), 'PROV_ERR_STORE_DATA_LOST');

      await admin!.set(`${prefix}epoch`, 'epoch-1');
      expect(await s.updateUser(u.id, (x) => ({ ...x, display_name: 'back' }))).toMatchObject({ display_name: 'back' });
    });

    it('rebuilds a name index written with lowercased keys at first use, keeping both users of a clash', async () => {
      const prefix = freshPrefix();
      const writer = node(prefix);
      const nfc = makeUser({ name: 'Jos\u00e9' });
      const plain = makeUser({ name: 'Ismail' });
      const placeholder = makeUser();
      const nfd = { ...placeholder, name: 'Jose\u0301' }; // stored by the older server, which kept NFD
      for (const u of [nfc, plain, placeholder]) await writer.insertUser(u);
      // As the older server left it: its NFD record, keys from toLowerCase(), no key version.
      await admin!.set(`${prefix}user:${nfd.id}`, JSON.stringify(nfd));
      await admin!.del(`${prefix}idx:name`, `${prefix}idx:name-of`, `${prefix}meta:name-key`);
      for (const u of [nfc, plain, nfd]) {
        await admin!.hset(`${prefix}idx:name`, u.name.toLowerCase(), u.id);
        await admin!.hset(`${prefix}idx:name-of`, u.id, u.name.toLowerCase());
      }
      const notices: Record<string, unknown>[] = [];

      const s = createRedisStore({ url: redisUrl(), prefix, notice: (details) => notices.push(details) });
      open.push(s);

      await expectProvError(s.insertUser(makeUser({ name: 'ISMA\u0130L' })), 'PROV_ERR_USER_NAME_TAKEN');
      await expectProvError(s.insertUser(makeUser({ name: 'JOS\u00c9' })), 'PROV_ERR_USER_NAME_TAKEN');
      expect(notices).toEqual([{ users: [{ id: expect.any(String), same_as: expect.any(String) }] }]);
      const clash = (notices[0]!.users as { id: string; same_as: string }[])[0]!;
      expect([clash.id, clash.same_as].sort()).toEqual([nfc.id, nfd.id].sort());
      expect(await admin!.get(`${prefix}meta:name-key`)).toBe('nfkc-fold-1');
      await s.deleteUser(clash.id); // the clashing user's own key is freed with it
      expect(await admin!.hlen(`${prefix}idx:name`)).toBe(2);
    });

    it('is what createStore opens for kind redis', async () => {
      const s = createStore({ kind: 'redis', dataDir: '/nonexistent', redisUrl: redisUrl(), redisPrefix: freshPrefix() });
      open.push(s);
      expect(s.kind).toBe('redis');
      const u = makeUser();
      await s.insertUser(u);
      expect(await s.getUser(u.id)).toStrictEqual(u);
    });
  });
});

describe('redis store without a server', () => {
  it('fails a call with PROV_ERR_STORE_UNAVAILABLE within a few seconds', async () => {
    const store = createRedisStore({ url: 'redis://127.0.0.1:1', prefix: 'provd-test-unreachable:' });
    const started = Date.now();
    try {
      await expectProvError(store.getUser('x'), 'PROV_ERR_STORE_UNAVAILABLE');
      await expectProvError(store.insertUser(makeUser()), 'PROV_ERR_STORE_UNAVAILABLE');
      store.subscribe(() => {});
      await expectProvError(store.putNetwork(DEFAULT_NETWORK), 'PROV_ERR_STORE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await store.close();
    }
  });
});
