/**
 * What only the redis store does for secrets at rest (issue 9, §3): at the first call of a store
 * sealing secrets, what a version before sealing stored plain (or the first sealing build sealed
 * field by field) is sealed before the call goes on, once (`P meta:sealed`), safely when several nodes start at once; a record that changes between
 * its read and its rewrite is visited again. Every key lives under a random prefix.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/domain/user.js';
import { newKeyEntry } from '../../src/secrets/key-file.js';
import { PLAIN_CODEC } from '../../src/store/codec.js';
import { SEALED_FORMAT, SEALED_MARKER } from '../../src/store/redis-sealed.js';
import { createRedisStore } from '../../src/store/redis.js';
import type { SealedStore } from '../../src/store/types.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';
import { phoneWithSecrets, plainSecretsIn, redisBytes, userWithSecrets } from '../helpers/secrets-dump.js';
import { testCodec, v1Records } from '../secrets/support.js';
import { readBack } from './contract/support.js';

const available = await redisAvailable();
const RUN_PREFIX = `provd-test-sealed-${randomBytes(6).toString('hex')}:`;
let n = 0;
const freshPrefix = () => `${RUN_PREFIX}${++n}:`;

describe.skipIf(!available)('redis store with secrets sealed', () => {
  const admin = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  const open: SealedStore[] = [];
  const node = (prefix: string, codec = testCodec().codec, notice?: (details: Record<string, unknown>) => void) => {
    const s = createRedisStore({ url: redisUrl(), prefix, codec, notice });
    open.push(s);
    return s;
  };
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    const keys = await admin.keys(`${RUN_PREFIX}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });
  /** Users and phones written plain under `prefix`, as the version before sealing did. */
  const writePlain = async (prefix: string, count: number) => {
    const old = node(prefix, PLAIN_CODEC);
    const users = Array.from({ length: count }, () => userWithSecrets());
    const phones = users.map((u) => phoneWithSecrets(u));
    for (const u of users) await old.insertUser(u);
    for (const p of phones) await old.insertPhone(p);
    return { users, phones };
  };

  it('seals at its first call what was stored plain, naming what it cannot seal, and sets the marker; a node started later does nothing', async () => {
    const prefix = freshPrefix();
    const { users, phones } = await writePlain(prefix, 2);
    const [broken, foreign] = [userWithSecrets(), userWithSecrets()];
    await admin.set(`${prefix}user:${broken.id}`, '{"broken');
    await admin.set(`${prefix}user:${foreign.id}`, JSON.stringify(testCodec().codec.seal('user', foreign).doc));
    await admin.sadd(`${prefix}users`, broken.id, foreign.id);
    const notices: Record<string, unknown>[] = [];
    const codec = testCodec().codec;

    expect(await node(prefix, codec, (d) => notices.push(d)).getUserByToken(users[0]!.provision_token)).toStrictEqual(users[0]);

    expect(notices).toEqual(expect.arrayContaining([
      { kind: 'user', ids: [broken.id] },
      { resealed: { user: 2, phone: 2, rps_account: 0 } },
      { records: [`user ${foreign.id}: PROV_ERR_SECRET_KEY_UNKNOWN`] },
    ]));
    expect(await admin.get(`${prefix}${SEALED_MARKER}`)).toBe(SEALED_FORMAT);
    expect(plainSecretsIn(await redisBytes(admin, prefix), { users, phones })).toEqual([]);
    const later: Record<string, unknown>[] = [];
    expect(await node(prefix, codec, (d) => later.push(d)).getPhone(phones[1]!.id)).toStrictEqual(readBack(phones[1]!));
    expect(later).toEqual([]);
  });

  it('seals again as one value per record, at its first call under the marker of the first sealing build, what that build sealed field by field', async () => {
    const prefix = freshPrefix();
    const v1 = v1Records();
    const first = node(prefix, testCodec([v1.key]).codec);
    await first.insertUser(v1.user);
    await first.insertPhone(v1.phone);
    await admin.set(`${prefix}user:${v1.user.id}`, JSON.stringify(v1.userDoc)); // as that build stored them
    await admin.set(`${prefix}phone:${v1.phone.id}`, JSON.stringify(v1.phoneDoc));
    await admin.set(`${prefix}${SEALED_MARKER}`, '1');
    const notices: Record<string, unknown>[] = [];

    const later = node(prefix, testCodec([v1.key]).codec, (d) => notices.push(d));

    expect(await later.getUserByToken(v1.user.provision_token)).toStrictEqual(v1.user);
    expect(notices).toEqual([{ resealed: { user: 1, phone: 1, rps_account: 0 } }]);
    expect(await admin.get(`${prefix}${SEALED_MARKER}`)).toBe(SEALED_FORMAT);
    const bytes = (await redisBytes(admin, prefix)).toString('utf8');
    expect(bytes).not.toContain('$enc$v1$');
    expect(plainSecretsIn(bytes, { users: [v1.user], phones: [v1.phone] })).toEqual([]);
    expect(await later.getPhoneByMac(v1.phone.mac)).toStrictEqual(readBack(v1.phone));
  });

  it('lets several nodes start at once: each record is sealed once, every node reads every record', async () => {
    const prefix = freshPrefix();
    const { users, phones } = await writePlain(prefix, 40);
    const entries = [newKeyEntry()]; // one key file, copied to every node
    const counts: number[] = [];
    const nodes = [1, 2, 3].map(() => node(prefix, testCodec(entries).codec, (d) => {
      const resealed = d.resealed as { user: number; phone: number } | undefined;
      if (resealed) counts.push(resealed.user + resealed.phone);
    }));

    const firstReads = await Promise.all(nodes.map((s, i) => s.getUserByToken(users[i]!.provision_token)));

    expect(firstReads).toStrictEqual(users.slice(0, 3));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(users.length + phones.length);
    for (const s of nodes) expect(await s.getPhone(phones.at(-1)!.id)).toStrictEqual(readBack(phones.at(-1)!));
    expect(plainSecretsIn(await redisBytes(admin, prefix), { users, phones })).toEqual([]);
  });

  it('visits a record again from its changed doc when it changed between its read and its rewrite', async () => {
    const prefix = freshPrefix();
    const { codec, keyring, keys } = testCodec();
    const store = node(prefix, codec);
    const u = userWithSecrets();
    await store.insertUser(u);
    keys.replace([newKeyEntry(), ...keys.state.entries]);
    keyring.reload();
    const changed: User = { ...u, display_name: 'changed meanwhile' };
    const seen: string[] = [];

    await store.sealedRecords.forEachRecord('user', (doc) => {
      const plain = codec.open('user', doc);
      seen.push(plain.display_name ?? '');
      if (seen.length === 1) {
        // Another server writes the record after this walk read it (synchronously, before the rewrite).
        execFileSync('redis-cli', ['-u', redisUrl(), 'SET', `${prefix}user:${u.id}`, JSON.stringify(codec.seal('user', changed).doc)]);
      }
      return codec.seal('user', plain);
    });

    expect(seen).toEqual([u.display_name ?? '', 'changed meanwhile']);
    expect(await store.getUser(u.id)).toStrictEqual(changed);
    expect(await store.getUserByToken(u.provision_token)).toStrictEqual(changed);
  });
});
