/** Where client commands find the API and token: flags, then PROVD_API/PROVD_TOKEN, then the local defaults. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_API, resolveConnection } from '../../../src/cli/client/connection.js';

describe('resolveConnection', () => {
  const install = mkdtempSync(join(tmpdir(), 'provd-conn-'));
  mkdirSync(join(install, 'data'));
  writeFileSync(join(install, 'data', 'admin-token'), 'default-folder-token\n');
  mkdirSync(join(install, 'elsewhere'));
  writeFileSync(join(install, 'elsewhere', 'admin-token'), 'prov-data-dir-token\n');
  afterAll(() => rmSync(install, { recursive: true, force: true }));

  it('takes --api and --token over the environment, without a trailing slash', () => {
    const env = { PROVD_API: 'http://env:1', PROVD_TOKEN: 'env-token' };

    expect(resolveConnection({ api: 'http://flag:2/', token: 'flag-token' }, env, install)).toEqual({ api: 'http://flag:2', token: 'flag-token' });
    expect(resolveConnection({}, env, install)).toEqual({ api: 'http://env:1', token: 'env-token' });
  });

  it("falls back to 127.0.0.1:8081 and the admin token file of PROV_DATA_DIR, else of the install folder's data/", () => {
    expect(resolveConnection({}, { PROVD_API: ' ' }, install)).toEqual({ api: DEFAULT_API, token: 'default-folder-token' });
    expect(resolveConnection({}, { PROV_DATA_DIR: join(install, 'elsewhere') }, install).token).toBe('prov-data-dir-token');
  });

  it('has no token when none is given and the file cannot be read (the API then answers 401)', () => {
    expect(resolveConnection({}, { PROV_DATA_DIR: join(install, 'missing') }, install)).toEqual({ api: DEFAULT_API, token: undefined });
  });
});
