/** Render warnings are logged once per configuration, not once per render (issue 9: a boot storm flooded the log). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import type { User } from '../../src/domain/user.js';
import { isRefused } from '../../src/provisioning/refusal.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { makePhone, makeUser } from '../helpers/records.js';

describe('render warnings', () => {
  let p: PhonePath;
  let alice: User;
  const macs = Array.from({ length: 50 }, (_, i) => `0a0b0c0010${i.toString(16).padStart(2, '0')}` as Mac);
  const warnings = () => p.logs.filter((l) => String(l.msg).startsWith('network has no address for WEB_DOMAIN'));
  /** Every phone's file, rendered afresh (the caches are empty after start and after a network change). */
  const bootStorm = async () => {
    for (const mac of macs) {
      const answer = await p.provisioning.fetch({ folder: alice.provision_token, filename: `acme${mac}.xml`, protocol: 'http', trustedSource: true, remoteAddress: '127.0.0.1', userAgent: '' });
      expect(isRefused(answer)).toBe(false);
    }
  };

  beforeEach(async () => {
    p = await startPhonePath();
    alice = makeUser({ interface: 'WEB_DOMAIN' });
    await p.store.insertUser(alice);
    for (const mac of macs) await p.store.insertPhone(makePhone(alice, { mac, vendor: 'acme', model: 'X1', filename: 'acme/X1', interface: 'WEB_DOMAIN' }));
    await p.store.putNetwork({ ...(await p.store.getNetwork()), private_ipv4: '10.0.0.5' });
  });
  afterEach(() => p.close());

  it('says "no address for WEB_DOMAIN" once for 50 renders, and once more after the network settings change', async () => {
    await bootStorm();
    const afterStorm = warnings().length;
    await p.store.putNetwork({ ...(await p.store.getNetwork()), udp_port: 5070 });
    await bootStorm();

    expect(afterStorm).toBe(1);
    expect(warnings()).toHaveLength(2);
    expect(warnings()[0]).toMatchObject({ level: 'warn', msg: 'network has no address for WEB_DOMAIN; using PRIVATE_IPV4' });
  });

  it('says nothing once the network has a web domain', async () => {
    await p.store.putNetwork({ ...(await p.store.getNetwork()), web_domain: 'pbx.example.com' });

    await bootStorm();

    expect(warnings()).toHaveLength(0);
  });
});
