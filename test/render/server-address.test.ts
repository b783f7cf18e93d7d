/** The provisioning folder's parts in the render context (vendors that take server, port and path apart). */
import { describe, expect, it } from 'vitest';
import { NetworkSchema } from '../../src/domain/network.js';
import { resolveServer } from '../../src/render/server-address.js';

const network = NetworkSchema.parse({ web_domain: 'pbx.example.com', private_ipv6: 'fd00::10' });
const TOKEN = 'Tok3nTok3nTok3nTok3nTok3nTok3nTok3nTok3nTok';

describe('resolveServer provisioning parts', () => {
  it('gives the folder URL\'s port and path beside the URL itself', () => {
    const s = resolveServer(network, 'WEB_DOMAIN', 'UDP', { httpPort: 8080, httpsPort: 8443 }, TOKEN, false, []);
    expect([s.provisioning_url, s.provisioning_port, s.provisioning_path]).toEqual([`http://pbx.example.com:8080/provision/${TOKEN}/`, 8080, `/provision/${TOKEN}`]);
  });

  it('gives the HTTPS port when the phone uses HTTPS and a listener exists, the HTTP one otherwise', () => {
    const https = resolveServer(network, 'PRIVATE_IPV6', 'TLS', { httpPort: 8080, httpsPort: 8443 }, TOKEN, true, []);
    expect([https.provisioning_base, https.provisioning_port]).toEqual([`https://[fd00::10]:8443/provision/${TOKEN}`, 8443]);
    const noListener = resolveServer(network, 'WEB_DOMAIN', 'TLS', { httpPort: 8080 }, TOKEN, true, []);
    expect([noListener.provisioning_scheme, noListener.provisioning_port]).toEqual(['http', 8080]);
  });

  it('has no port or path for common files (no folder)', () => {
    const s = resolveServer(network, 'WEB_DOMAIN', 'UDP', { httpPort: 8080 }, null, false, []);
    expect([s.provisioning_url, s.provisioning_port, s.provisioning_path]).toEqual([null, null, null]);
  });
});
