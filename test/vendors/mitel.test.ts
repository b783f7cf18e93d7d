/** Mitel (Aastra) 6700i/6800i/6900: identification, the common files and the per-MAC `key: value` file. */
import { describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { createRedirectDirectory, REDIRECT_SERVICES } from '../../src/redirect/index.js';
import { FULL_DEVICE_PASSWORD } from '../helpers/render-fixture.js';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const mitel = registry.get('mitel')!;
const MAC = '00085da1b2c3' as Mac;

/** The `parameter: value` lines of a rendered file as a map (comments and blank lines dropped). */
function params(model: string, fixture: 'minimal' | 'full' = 'full', edit?: (i: FixtureInput) => void, fileId = 'device'): Map<string, string> {
  const { text } = renderVendorFile('mitel', model, fileId, fixture, edit);
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-z0-9 [\]|-]+): ?(.*)$/i.exec(line);
    expect(m, `not a "parameter: value" line: ${line}`).not.toBeNull();
    expect(out.has(m![1]!), `${m![1]} written twice`).toBe(false);
    out.set(m![1]!, m![2]!);
  }
  return out;
}
/** Gives the user `count` BLF keys (3000, 3001, ...). */
const blfs = (count: number) => (i: FixtureInput) => {
  (i.user as { blfs: unknown[] }).blfs = Array.from({ length: count }, (_, n) => ({ key: String(3000 + n) }));
};

describe('Mitel identification and files', () => {
  it('lists the 6700i, 9000i, 6800i and 6900 phones with lines, keys and key families', () => {
    const models = mitel.descriptor.models;
    expect(Object.keys(models).length).toBeGreaterThanOrEqual(24);
    for (const [name, caps] of Object.entries(models)) {
      expect(caps.keys, name).toBe(Number(caps.prgkeys) + Number(caps.topsoftkeys) + Number(caps.softkeys));
    }
    expect(models['6731i']).toMatchObject({ lines: 6, keys: 8, prgkeys: 8, line_keys: 0 });
    expect(models['6867i']).toMatchObject({ lines: 24, keys: 38, topsoftkeys: 20, softkeys: 18, line_keys: 1, softkey_blf: false });
    expect(models['6940']).toMatchObject({ keys: 48, topsoftkeys: 48, line_keys: 1 });
    expect(models['6970']).toMatchObject({ keys: 0, type: 'conference' });
  });

  it('owns the Aastra and Mitel OUIs and recognises both User-Agent spellings', () => {
    for (const oui of ['00085d', '08000f', '1400e9']) expect(registry.byOui(`${oui}112233` as Mac).map((v) => v.id)).toEqual(['mitel']);
    expect(registry.byUserAgent('Aastra6731i MAC:00-08-5D-23-74-29 V:3.2.0.70-SIP')?.id).toBe('mitel');
    expect(registry.byUserAgent('Mitel6915 MAC:14-00-E9-1B-E2-41 V:6.4.0.140-SIP')?.id).toBe('mitel');
    expect(registry.byUserAgent('Aastra57i MAC:00-08-5D-13-CA-05 V:2.6.0.1008-SIP')?.id).toBe('mitel');
    expect(registry.byUserAgent('Yealink SIP-T46S 66.86.0.15 00:15:65:aa:bb:cc')?.id).not.toBe('mitel');
  });

  it('serves startup.cfg and aastra.cfg as common files and <MAC>.cfg (upper case) per phone', () => {
    expect(registry.filesFor('mitel', '6869i', MAC).map((f) => [f.name, f.common])).toEqual([
      ['startup.cfg', true], ['aastra.cfg', true], ['00085DA1B2C3.cfg', false],
    ]);
    for (const name of ['STARTUP.CFG', 'Aastra.cfg']) expect(registry.matchFile(name).map((m) => m.vendor.id)).toEqual(['mitel']);
    for (const name of ['00085DA1B2C3.cfg', '00085da1b2c3.cfg']) {
      expect(registry.matchFile(name).find((m) => m.vendor.id === 'mitel')).toMatchObject({ file: { id: 'device' }, mac: MAC });
    }
  });

  it('declares why Mitel\'s redirect service is not used, a check-sync resync and provisioning credentials', () => {
    expect(createRedirectDirectory(REDIRECT_SERVICES).forVendor(mitel)).toMatchObject({ supported: false });
    expect(mitel.descriptor.resync).toEqual({ event: 'check-sync' });
    expect(mitel.descriptor.provisioningCredentials).toBe(true);
  });
});

describe('Mitel common file', () => {
  it('is the same for every model and carries no account, password or address', () => {
    const text = renderVendorFile('mitel', '6731i', 'startup').text;
    expect(renderVendorFile('mitel', '6940', 'common').text).toBe(text);
    expect(params('6731i', 'full', undefined, 'startup').get('sip dtmf method')).toBe('0');
    for (const secret of ['p&ss<w>rd', FULL_DEVICE_PASSWORD, 'Adm1n', 'password', 'pbx.example.com']) expect(text).not.toContain(secret);
  });
});

describe('Mitel <MAC>.cfg', () => {
  const full = params('6867i');

  it('registers line 1 at the SIP domain through the PBX as outbound proxy, over TLS (4)', () => {
    expect([full.get('sip line1 auth name'), full.get('sip line1 user name'), full.get('sip line1 password')]).toEqual(['2001', '2001', 'p&ss<w>rd"\'=;#1']);
    expect(full.get('sip line1 display name')).toBe("Jane O'Brien & <Co>");
    expect([full.get('sip line1 proxy ip'), full.get('sip line1 registrar ip'), full.get('sip line1 registrar port')]).toEqual(['example.com', 'example.com', '5061']);
    expect([full.get('sip line1 outbound proxy'), full.get('sip line1 outbound proxy port'), full.get('sip transport protocol')]).toEqual(['pbx.example.com', '5061', '4']);
    const minimal = params('6731i', 'minimal');
    expect([minimal.get('sip line1 proxy ip'), minimal.get('sip line1 outbound proxy'), minimal.get('sip transport protocol')]).toEqual(['192.168.1.10', '', '1']);
  });

  it('lists the codecs it knows in the phone\'s order by payload number (Opus has no documented payload: dropped)', () => {
    const { warnings } = renderVendorFile('mitel', '6867i', 'device');
    expect(full.get('sip customized codec')).toBe(['9', '8', '0', '18'].map((p) => `payload=${p};ptime=20;silsupp=off`).join(','));
    expect(warnings).toContain('mitel: no codecs mapping for "OPUS"; value dropped');
    expect(params('6930', 'full', (i) => Object.assign(i.phone, { codecs: ['OPUS'] })).has('sip customized codec')).toBe(false);
  });

  it('keeps line 1 on the first top softkey of the 6800/6900 and puts the BLFs after it, the other programmable keys off', () => {
    expect([full.get('topsoftkey1 type'), full.get('topsoftkey1 line')]).toEqual(['line', '1']);
    expect([full.get('topsoftkey2 type'), full.get('topsoftkey2 value'), full.get('topsoftkey2 label')]).toEqual(['blf', '2002', 'Bob Smith']);
    expect(full.get('topsoftkey4 value')).toBe('2004');
    expect(full.get('topsoftkey5 type')).toBe('none');
    expect(full.get('topsoftkey20 type')).toBe('none');
    expect(full.has('softkey1 type')).toBe(false);
  });

  it('uses the prgkeys of a 6700i with line keys of its own from key 1, and stops at the model\'s key count', () => {
    const p = params('6731i', 'full', blfs(12));
    expect([p.get('prgkey1 type'), p.get('prgkey1 value')]).toEqual(['blf', '3000']);
    expect(p.get('prgkey8 value')).toBe('3007');
    expect(p.has('prgkey9 type')).toBe(false);
    expect([...p.keys()].some((k) => k.startsWith('softkey') || k.startsWith('topsoftkey'))).toBe(false);
  });

  it('continues on the softkeys after the top softkeys, as a speed dial on the 6800 series (no softkey BLF there)', () => {
    const p6867 = params('6867i', 'full', blfs(25));
    expect([p6867.get('topsoftkey20 type'), p6867.get('topsoftkey20 value')]).toEqual(['blf', '3018']);
    expect([p6867.get('softkey1 type'), p6867.get('softkey1 value')]).toEqual(['speeddial', '3019']);
    const p6737 = params('6737i', 'full', blfs(12));
    expect([p6737.get('topsoftkey10 type'), p6737.get('softkey2 type'), p6737.get('softkey2 value')]).toEqual(['blf', 'blf', '3011']);
    expect(params('6873i', 'full', blfs(200)).has('softkey24 type')).toBe(true);
    expect(params('6873i', 'full', blfs(200)).has('softkey25 type')).toBe(false);
  });

  it('writes no key at all on the 6970 conference phone', () => {
    expect([...params('6970', 'full', blfs(3)).keys()].some((k) => /key\d/.test(k))).toBe(false);
  });

  it('carries the pickup prefix when the network has one', () => {
    expect(full.has('directed call pickup prefix')).toBe(false);
    const p = params('6930', 'full', (i) => Object.assign(i.network, { call_pickup_code: '**' }));
    expect([p.get('directed call pickup'), p.get('directed call pickup prefix')]).toEqual(['1', '**']);
  });

  it('writes the time zone as minutes west of UTC with the tz database\'s DST rule (1 = Sunday, -1 = last week)', () => {
    expect([full.get('time zone name'), full.get('time zone minutes'), full.get('dst config')]).toEqual(['Custom', '-60', '3']);
    expect(['month', 'week', 'day', 'hour'].map((f) => full.get(`dst start ${f}`))).toEqual(['3', '-1', '1', '2']);
    expect(['month', 'week', 'day', 'hour'].map((f) => full.get(`dst end ${f}`))).toEqual(['10', '-1', '1', '3']);
    const ny = params('6930', 'full', (i) => Object.assign(i.phone, { timezone: 'America/New_York' }));
    expect([ny.get('time zone minutes'), ny.get('dst start week'), ny.get('dst end month'), ny.get('dst end week')]).toEqual(['300', '2', '11', '1']);
    const minimal = params('6930', 'minimal');
    expect([minimal.get('time zone minutes'), minimal.get('dst config'), minimal.has('dst start month')]).toEqual(['0', '0', false]);
  });

  it('writes VLANs, LLDP, the 24-hour clock and the admin password', () => {
    expect(['tagging enabled', 'vlan id', 'priority non-ip', 'vlan id port 1', 'lldp'].map((k) => full.get(k))).toEqual(['1', '100', '5', '200', '1']);
    expect(params('6930', 'minimal').get('vlan id port 1')).toBe('4095');
    expect(full.get('time format')).toBe('1');
    expect(full.get('admin password')).toBe('Adm1n&<pw>');
  });

  it('points the phone back at its folder (server, port, path) and writes its digest credentials', () => {
    const minimal = params('6930', 'minimal');
    expect(['download protocol', 'http server', 'http port', 'http path'].map((k) => minimal.get(k))).toEqual(['HTTP', '192.168.1.10', '8080', '/provision/Tok3nTok3nTok3nTok3nTok3nTok3nTok3nTok3nTok']);
    expect(minimal.has('http digest username')).toBe(false);
    expect([full.get('http digest username'), full.get('http digest password')]).toEqual(['00085da1b2c3', FULL_DEVICE_PASSWORD]);
    const https = params('6930', 'full', (i) => Object.assign(i, { server: { ...i.server, httpsPort: 8443 }, phone: { ...i.phone, https: true } }));
    expect(['download protocol', 'https server', 'https port', 'https path'].map((k) => https.get(k))).toEqual(['HTTPS', 'pbx.example.com', '8443', '/provision/Tok3nTok3nTok3nTok3nTok3nTok3nTok3nTok3nTok']);
  });

  it('renders every model from both fixtures as "parameter: value" lines only', () => {
    for (const model of Object.keys(mitel.descriptor.models)) {
      for (const fixture of ['minimal', 'full'] as const) expect(params(model, fixture).get('sip line1 user name')).toMatch(/^\d+$/);
    }
  });
});
