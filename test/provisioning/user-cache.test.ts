/** Users by token: loaded once, dropped by id, and never kept when a change raced the load. */
import { describe, expect, it, vi } from 'vitest';
import type { User } from '../../src/domain/user.js';
import { createUserCache } from '../../src/provisioning/user-cache.js';
import { makeUser } from '../helpers/records.js';

describe('user cache', () => {
  it('loads a token once, and again after the user is dropped', async () => {
    const alice = makeUser();
    const cache = createUserCache();
    const load = vi.fn(async () => alice);
    expect(await cache.get(alice.provision_token, load)).toBe(alice);
    expect(await cache.get(alice.provision_token, load)).toBe(alice);
    expect(load).toHaveBeenCalledTimes(1);
    cache.drop(alice.id);
    await cache.get(alice.provision_token, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep a user loaded while a change came in (it may be the old record)', async () => {
    const alice = makeUser();
    const cache = createUserCache();
    let release: (u: User) => void = () => {};
    const slow = vi.fn(() => new Promise<User | undefined>((r) => (release = r)));
    const pending = cache.get(alice.provision_token, slow);
    cache.drop(alice.id); // the change lands while the read is in flight
    release(alice);
    expect(await pending).toBe(alice);
    const fresh = { ...alice, extension_password: 'new-secret-9' };
    expect(await cache.get(alice.provision_token, async () => fresh)).toBe(fresh);
  });

  it('does not remember unknown tokens, and evicts the oldest beyond its size', async () => {
    const cache = createUserCache(2);
    const miss = vi.fn(async () => undefined);
    await cache.get('nobody', miss);
    await cache.get('nobody', miss);
    expect(miss).toHaveBeenCalledTimes(2);
    const [a, b, c] = [makeUser(), makeUser(), makeUser()];
    for (const u of [a, b, c]) await cache.get(u.provision_token, async () => u);
    const reload = vi.fn(async () => a);
    await cache.get(a.provision_token, reload);
    expect(reload).toHaveBeenCalledTimes(1); // a was evicted
    await cache.get(c.provision_token, reload);
    expect(reload).toHaveBeenCalledTimes(1); // c was kept
  });
});
