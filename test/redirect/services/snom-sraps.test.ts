import { describe, expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import { snomSraps } from '../../../src/redirect/services/snom-sraps.js';
import { runHawkRestTests } from './hawk-rest-family.js';

runHawkRestTests({
  definition: snomSraps,
  settingName: 'setting_server',
  macs: { ours: '000413a1b2c3' as Mac, foreign: '000413ffee01' as Mac, invalid: '001565a1b2c3' as Mac },
  ouis: ['000413'],
});

describe('snom-sraps definition', () => {
  it('is the snom access-key service on api.sraps.snom.com by default', () => {
    expect(snomSraps).toMatchObject({ id: 'snom-sraps', vendor: 'snom', credentials: 'access_key', defaultUrl: 'https://api.sraps.snom.com/api/v1/' });
  });
});
