/** The generated admin token lives in a private data folder (issue 9, §3: the folder was 0755). */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAdminToken } from '../src/admin-token.js';
import { tempDir } from './certs/support.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('resolveAdminToken', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('creates the data folder 0700 and the token file 0600 at first start', () => {
    const dataDir = join(tmp.dir, 'data');

    const admin = resolveAdminToken(undefined, dataDir);

    expect(admin.created).toBe(true);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(admin.path!)).toBe(0o600);
    expect(readFileSync(admin.path!, 'utf8').trim()).toBe(admin.token);
  });

  it('reuses the kept token on a later start', () => {
    const dataDir = join(tmp.dir, 'data');
    const first = resolveAdminToken(undefined, dataDir);

    const again = resolveAdminToken(undefined, dataDir);

    expect(again).toEqual({ token: first.token, path: first.path, created: false });
  });

  it('replaces a token file emptied by hand with a new 0600 one, even when it was 0644', () => {
    const dataDir = join(tmp.dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'admin-token'), '\n', { mode: 0o644 });

    const admin = resolveAdminToken(undefined, dataDir);

    expect(admin.created).toBe(true);
    expect(admin.token.length).toBeGreaterThanOrEqual(16);
    expect(modeOf(admin.path!)).toBe(0o600);
  });

  it('uses a configured token and writes nothing', () => {
    const dataDir = join(tmp.dir, 'data');

    expect(resolveAdminToken('a-configured-token-1234', dataDir)).toEqual({ token: 'a-configured-token-1234', path: undefined, created: false });
    expect(() => statSync(dataDir)).toThrow(/ENOENT/);
  });
});
