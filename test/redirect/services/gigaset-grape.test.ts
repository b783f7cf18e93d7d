import { describe, expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import { gigasetGrape } from '../../../src/redirect/services/gigaset-grape.js';
import { runHawkRestTests } from './hawk-rest-family.js';

runHawkRestTests({
  definition: gigasetGrape,
  settingName: 'ProvisioningServer',
  macs: { ours: '7c2f80a1b2c3' as Mac, foreign: '7c2f80ffee01' as Mac, invalid: '000413a1b2c3' as Mac },
  ouis: ['7c2f80', '589ec6'],
});

describe('gigaset-grape definition', () => {
  it('is the gigaset access-key service on api.grape.gigaset.net by default', () => {
    expect(gigasetGrape).toMatchObject({ id: 'gigaset-grape', vendor: 'gigaset', credentials: 'access_key', defaultUrl: 'https://api.grape.gigaset.net/api/v1/' });
  });
});
