/** openSecrets: what a server builds at start; a running server follows a rotation of the real key file. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addKey } from '../../src/secrets/rotate.js';
import { openSecrets } from '../../src/secrets/secrets.js';
import { makeUser } from '../helpers/records.js';
import { collectingLogger, tempDir } from '../certs/support.js';
import { sealedOf } from './support.js';

describe('openSecrets', () => {
  let tmp: ReturnType<typeof tempDir>;
  let keyFile: string;
  beforeEach(() => {
    tmp = tempDir();
    keyFile = join(tmp.dir, 'data', 'secret-key');
  });
  afterEach(() => tmp.remove());

  it('generates the key file at first start and reuses it on the next', () => {
    const { logger } = collectingLogger();
    const first = openSecrets({ keyFile, logger });
    const sealed = first.codec.sealUser(makeUser()).doc;

    const second = openSecrets({ keyFile, logger });

    expect([first.created, second.created]).toEqual([true, false]);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(second.codec.openUser(sealed)).toEqual(first.codec.openUser(sealed));
  });

  it('opens a record sealed under a key added to the file after start, by re-reading the file', () => {
    const { logger, logs } = collectingLogger();
    const running = openSecrets({ keyFile, logger });
    const user = makeUser();
    addKey(keyFile, logger);
    const rotated = openSecrets({ keyFile, logger });

    const sealedNew = rotated.codec.sealUser(user).doc;

    expect(running.codec.openUser(sealedNew)).toEqual(user);
    expect(logs.some((l) => l.msg === 'secret keys reloaded')).toBe(true);
  });

  it('seals under the new key after a reload (SIGHUP)', () => {
    const { logger } = collectingLogger();
    const running = openSecrets({ keyFile, logger });
    const newId = addKey(keyFile, logger);

    expect(running.reload()).toBe(true);

    expect(sealedOf(running.codec.sealUser(makeUser()).doc)).toContain(`$${newId}$`);
  });
});
