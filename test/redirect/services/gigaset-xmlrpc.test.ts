import { describe, expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import { gigasetXmlRpcService } from '../../../src/redirect/services/gigaset-xmlrpc.js';
import { gigasetLabelCode, startGigasetXmlRpcMock } from '../mocks/gigaset-xmlrpc.js';
import { rejection, URL_1 } from '../support/client-harness.js';
import { MAC, runXmlRpcTests, useClient } from './xmlrpc-family.js';

const label = (mac: Mac) => ({ serialNumber: gigasetLabelCode(mac) });

runXmlRpcTests({
  definition: gigasetXmlRpcService,
  startMock: startGigasetXmlRpcMock,
  phone: label,
});

describe('gigaset-xmlrpc client', () => {
  const macId = `001565A1B2C3-${gigasetLabelCode(MAC)}`;
  const t = useClient(gigasetXmlRpcService, startGigasetXmlRpcMock);

  it('names the phone by its MAC-ID and deregisters before registering', async () => {
    await t.client.register(MAC, URL_1, label(MAC));

    expect(t.mock.calls).toEqual([
      { method: 'autoprov.deregisterDevice', params: [macId] },
      { method: 'autoprov.registerDevice', params: [macId, URL_1, 'provd'] },
    ]);
  });

  it('accepts the whole MAC-ID, in any case, as the serial number', async () => {
    await t.client.register(MAC, URL_1, { serialNumber: ` ${macId.toLowerCase()} ` });

    expect(t.mock.held(MAC)).toBe(URL_1);
  });

  it.each([['missing', undefined], ['too short', 'AB1'], ['not alphanumeric', 'AB-1'], ["another MAC's MAC-ID", `001565A1B2C4-${gigasetLabelCode(MAC)}`]])(
    'answers invalid_mac naming serial_number for a %s code, without calling the service',
    async (_what, serialNumber) => {
      for (const call of [t.client.register(MAC, URL_1, { serialNumber }), t.client.unregister(MAC, { serialNumber }), t.client.lookup(MAC, { serialNumber })]) {
        const err = await rejection(call);
        expect(err.kind).toBe('invalid_mac');
        expect(err.message).toContain("serial_number must hold the 4-character code from the device label");
      }
      expect(t.mock.service.requests).toHaveLength(0);
    },
  );

  it("maps mac_invalid for a code that is not the label's to invalid_mac", async () => {
    const wrong = gigasetLabelCode(MAC) === 'ZZZZ' ? 'YYYY' : 'ZZZZ';

    const err = await rejection(t.client.register(MAC, URL_1, { serialNumber: wrong }));

    expect(err.kind).toBe('invalid_mac');
    expect(err.message).toBe('autoprov.registerDevice: mac_invalid:001565A1B2C3');
  });

  it('reads the texts without an Error: prefix (mac_already_in_use: => owned_by_other)', async () => {
    t.mock.ownByOther(MAC);

    const err = await rejection(t.client.register(MAC, URL_1, label(MAC)));

    expect(err.kind).toBe('owned_by_other');
    expect(err.message).toBe('autoprov.registerDevice: mac_already_in_use:001565A1B2C3');
  });
});
