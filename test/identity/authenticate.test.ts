/**
 * Authentication of bearer tokens: the bootstrap token is a SystemAdmin named admin; a stored
 * token is found by its hash; unknown, revoked and orphaned (user deleted) tokens are nobody.
 */
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/identity/authenticate.js';
import { hashApiToken, newApiToken } from '../../src/identity/token.js';
import { createMemoryApiTokenStore } from '../../src/store/memory-tokens.js';
import type { User } from '../../src/domain/user.js';

const BOOTSTRAP = 'bootstrap-token-0123456789abcdef';
const users = new Map<string, User>([['u-1', { id: 'u-1' } as User]]);
const store = { getUser: async (id: string) => users.get(id) };

const setup = async () => {
  const tokens = createMemoryApiTokenStore();
  const authenticate = createAuthenticator({ adminToken: BOOTSTRAP, tokens, store });
  const add = async (role: string, user_id: string | null = null) => {
    const token = newApiToken();
    const id = `id-${role}-${user_id}`;
    await tokens.insert({ id, hash: hashApiToken(token), name: `n-${role}`, role, user_id, created_at: '2026-03-01T00:00:00.000Z' });
    return { token, id };
  };
  return { tokens, authenticate, add };
};

describe('createAuthenticator', () => {
  it('answers the bootstrap token as SystemAdmin named admin, with its fingerprint', async () => {
    const { authenticate } = await setup();

    expect(await authenticate(BOOTSTRAP)).toStrictEqual({ id: 'bootstrap', name: 'admin', role: 'SystemAdmin', userId: null, fingerprint: `sha256:${hashApiToken(BOOTSTRAP).slice(0, 8)}` });
  });

  it('answers a stored token with its record\'s identity', async () => {
    const { authenticate, add } = await setup();
    const { token, id } = await add('StandardUser', 'u-1');

    expect(await authenticate(token)).toStrictEqual({ id, name: 'n-StandardUser', role: 'StandardUser', userId: 'u-1', fingerprint: `sha256:${hashApiToken(token).slice(0, 8)}` });
  });

  it('answers nobody for an unknown token, a near miss of the bootstrap token, and a revoked token', async () => {
    const { authenticate, add, tokens } = await setup();
    const { token, id } = await add('Admin');
    await tokens.remove(id);

    expect(await authenticate(newApiToken())).toBeUndefined();
    expect(await authenticate(`${BOOTSTRAP}x`)).toBeUndefined();
    expect(await authenticate(BOOTSTRAP.slice(0, -1))).toBeUndefined();
    expect(await authenticate(token)).toBeUndefined();
  });

  it('answers nobody for a self-service token whose user is gone, or a record with a role it does not know', async () => {
    const { authenticate, add } = await setup();
    const orphan = await add('StandardUser', 'u-deleted');
    const odd = await add('QueueManager');

    expect(await authenticate(orphan.token)).toBeUndefined();
    expect(await authenticate(odd.token)).toBeUndefined();
  });

  it('refuses an empty bootstrap token at construction', () => {
    expect(() => createAuthenticator({ adminToken: '', tokens: createMemoryApiTokenStore(), store })).toThrow(/must not be empty/);
  });
});

describe('API token values', () => {
  it('makes 256-bit random tokens behind provd_, different each time, hashed as SHA-256 hex', () => {
    const a = newApiToken();
    const b = newApiToken();

    expect(a).toMatch(/^provd_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(6), 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(hashApiToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
