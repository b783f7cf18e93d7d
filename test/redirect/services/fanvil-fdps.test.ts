import { describe, expect, it } from 'vitest';
import { fanvilFdpsService, fanvilPassword, materialOf } from '../../../src/redirect/services/fanvil-fdps.js';
import { startFanvilFdpsMock } from '../mocks/fanvil-fdps.js';
import { rejection, URL_1 } from '../support/client-harness.js';
import { MAC, runXmlRpcTests, useClient } from './xmlrpc-family.js';

runXmlRpcTests({
  definition: fanvilFdpsService,
  startMock: startFanvilFdpsMock,
  derivedSecrets: (account) => [fanvilPassword(account.password!)],
  // FDPS refuses a server field it cannot use.
  refusedUrl: 'http://bad host/p/AbC123/',
});

describe('fanvil-fdps client', () => {
  const t = useClient(fanvilFdpsService, startFanvilFdpsMock);

  it('sends the password as hex md5(hex md5(password))', () => {
    // md5('password') = 5f4dcc3b5aa765d61d8327deb882cf99; md5 of that hex string:
    expect(fanvilPassword('password')).toBe('696d29e0940a4957748fe3fc9efd22a3');
  });

  it('rebuilds the per-MAC group: deRegisterDevice, deleteServer, addMaterialServer, registerDevice(MAC, MAC)', async () => {
    await t.client.register(MAC, 'https://prov.example.com:8443/p/AbC123/');

    expect(t.mock.calls).toEqual([
      { method: 'redirect.deRegisterDevice', params: ['001565A1B2C3'] },
      { method: 'redirect.deleteServer', params: ['001565A1B2C3'] },
      {
        method: 'redirect.addMaterialServer',
        params: [['cfgName=001565A1B2C3', 'cfgPfMode=1', 'cfgDhcpOpt=false', 'cfgPnpEnable=false', 'cfgPfSrv=prov.example.com:8443', 'cfgPfName=p/AbC123/', 'cfgPfProt=5']],
      },
      { method: 'redirect.registerDevice', params: ['001565A1B2C3', '001565A1B2C3'] },
    ]);
  });

  it('ignores the "not exist" texts of the clean-up steps (Error:device_not_exist, Error:server_not_existed)', async () => {
    await t.client.register(MAC, URL_1);

    expect(t.mock.held(MAC)).toBe(URL_1);
  });

  it("reads texts with a space after Error: (Error: device_had_existed) and leaves no empty group behind", async () => {
    t.mock.ownByOther(MAC);

    const err = await rejection(t.client.register(MAC, URL_1));

    expect(err.message).toBe('redirect.registerDevice: Error: device_had_existed');
    expect(t.mock.groups.has('001565A1B2C3')).toBe(false);
  });

  it('removes both the device and its group on unregister', async () => {
    await t.client.register(MAC, URL_1);

    await t.client.unregister(MAC);

    expect(t.mock.groups.size).toBe(0);
  });

  it.each([
    ['tftp://10.0.0.5/p/', ['cfgPfSrv=10.0.0.5', 'cfgPfName=p/', 'cfgPfProt=2']],
    ['ftp://files.example.com', ['cfgPfSrv=files.example.com', 'cfgPfName=', 'cfgPfProt=1']],
    ['HTTP://prov.example.com/a/b.cfg?x=1', ['cfgPfSrv=prov.example.com', 'cfgPfName=a/b.cfg?x=1', 'cfgPfProt=4']],
  ])('splits %s into the cfgPf* fields', (url, fields) => {
    expect(materialOf('G', url).slice(4)).toEqual(fields);
  });

  it('refuses a URL FDPS cannot hand to a phone as invalid_url before any call', async () => {
    const err = await rejection(t.client.register(MAC, 'gopher://prov.example.com/p/'));

    expect(err.kind).toBe('invalid_url');
    expect(t.mock.service.requests).toHaveLength(0);
  });
});
