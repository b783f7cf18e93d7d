/**
 * The miss throttle on a real listener (issue 12 §1): a MAC-guessing burst under one valid folder
 * is answered 429 once its budget is spent, while 5,000 known phones behind the same address are
 * all served, before and while the scanner is throttled.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import type { User } from '../../src/domain/user.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { raw, type RawResponse } from '../helpers/raw-http.js';

const BUDGET = 20;
const BLOCK_S = 300;
const USERS = 50;
const PHONES_PER_USER = 100;

/** `0a0b0c` + 6 hex digits: the acme fixture vendor's per-phone file. */
const file = (mac: string) => `acme${mac}.xml`;
const knownMac = (u: number, i: number) => `0a0b0c${(u * PHONES_PER_USER + i).toString(16).padStart(6, '0')}`;
/** Never a known MAC: those stay below 0x010000. */
const guessedMac = () => `0a0b0c${randomInt(0x100000, 0xffffff).toString(16)}`;

async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<RawResponse>): Promise<RawResponse[]> {
  const out: RawResponse[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(each))));
  return out;
}

describe('the miss throttle', () => {
  let p: PhonePath;
  let users: User[];
  const known: Array<{ user: User; mac: string }> = [];

  beforeAll(async () => {
    p = await startPhonePath({ throttle: { misses: BUDGET, windowS: 60, blockS: BLOCK_S } });
    users = Array.from({ length: USERS }, () => makeUser());
    for (const [u, user] of users.entries()) {
      await p.store.insertUser(user);
      for (let i = 0; i < PHONES_PER_USER; i++) {
        const mac = knownMac(u, i);
        await p.store.insertPhone(makePhone(user, { mac: mac as Mac, vendor: 'acme', model: 'X1', filename: 'acme/X1' }));
        known.push({ user, mac });
      }
    }
  }, 60_000);
  afterAll(() => p.close());

  it('answers a guessing burst 404 within its budget, then 429 with Retry-After, and serves 5,000 known phones from the same address', async () => {
    const folder = users[0]!.provision_token;
    const guess = () => raw(p.base, 'GET', `/provision/${folder}/${file(guessedMac())}`);
    const fetchKnown = ({ user, mac }: { user: User; mac: string }) => raw(p.base, 'GET', `/provision/${user.provision_token}/${file(mac)}`);

    const burst = await inBatches(Array.from({ length: 200 }), 10, guess);
    // The scanner keeps guessing while the office's phones boot.
    const [phones, during] = await Promise.all([inBatches(known, 50, fetchKnown), inBatches(Array.from({ length: 100 }), 5, guess)]);

    expect(burst.filter((r) => r.status === 404)).toHaveLength(BUDGET);
    expect(burst.slice(BUDGET).every((r) => r.status === 429)).toBe(true);
    expect(burst[BUDGET]!.headers['retry-after']).toBe(String(BLOCK_S));
    expect(burst[BUDGET]!.body).toBe('Too Many Requests\n');
    expect(phones.filter((r) => r.status !== 200)).toEqual([]);
    expect(phones[0]!.body).toContain('<');
    expect(during.every((r) => r.status === 429)).toBe(true);
    const metrics = p.metrics.render();
    expect(metrics).toContain(`provd_phone_throttled_total{protocol="http"} ${200 - BUDGET + 100}\n`);
    expect(metrics).toContain(`provd_phone_refused_total{protocol="http",reason="throttled"} ${200 - BUDGET + 100}\n`);
    expect(p.logs.filter((l) => l.event === 'phone_refused').map((l) => l.reason)).toEqual(['not_owned', 'not_owned', 'not_owned', 'not_owned', 'not_owned']);
  }, 60_000);

  it('counts malformed paths as misses too, and never served files', async () => {
    const q = await startPhonePath({ throttle: { misses: 3, windowS: 60, blockS: 60 } });
    try {
      const user = makeUser();
      await q.store.insertUser(user);
      await q.store.insertPhone(makePhone(user, { mac: '0a0b0c000001' as Mac, vendor: 'acme', model: 'X1', filename: 'acme/X1' }));
      const served = await inBatches(Array.from({ length: 50 }), 10, () => raw(q.base, 'GET', `/provision/${user.provision_token}/${file('0a0b0c000001')}`));

      const probes = [await raw(q.base, 'GET', '/cgi-bin/login'), await raw(q.base, 'GET', '/provision/x/..%2f'), await raw(q.base, 'GET', '/wp-admin'), await raw(q.base, 'GET', '/wp-admin')];

      expect(served.every((r) => r.status === 200)).toBe(true);
      expect(probes.map((r) => r.status)).toEqual([404, 400, 404, 429]);
      expect(probes[3]!.headers['retry-after']).toBe('60');
    } finally {
      await q.close();
    }
  });
});
