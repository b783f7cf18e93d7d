/**
 * Refused phone requests are logged (rate-limited) and counted by reason, while the phone gets
 * the same uniform answer whatever the reason (issue 9: 111,000 404s in 10 s left no log line).
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import type { User } from '../../src/domain/user.js';
import { createAddressMatcher, parseCidrList } from '../../src/domain/cidr.js';
import { createPhonePipeline } from '../../src/access/pipeline.js';
import { createTftpFileSource } from '../../src/tftp/file-source.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { raw } from '../helpers/raw-http.js';
import { startTftp } from '../tftp/harness.js';

const UA = 'Yealink SIP-T46U 108.86.0.20';
const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
const refusalLines = (p: PhonePath) => p.logs.filter((l) => l.event === 'phone_refused');

describe('refused phone requests', () => {
  let p: PhonePath;
  let alice: User;
  let bob: User;
  beforeEach(async () => {
    p = await startPhonePath();
    alice = makeUser();
    bob = makeUser();
    await p.store.insertUser(alice);
    await p.store.insertUser(bob);
    await p.store.insertPhone(makePhone(alice, { mac: '0a0b0c000011' as Mac, vendor: 'acme', model: 'X1', filename: 'acme/X1' }));
    await p.store.insertPhone(makePhone(bob, { mac: '0a0b0c000012' as Mac, vendor: 'acme', model: 'X1', filename: 'acme/X1' }));
  });
  afterEach(() => p.close());

  it('logs each refusal after answering, with address, file, reason and User-Agent', async () => {
    const get = (path: string) => raw(p.base, 'GET', path, { 'user-agent': UA });

    const answers = [
      await get(`/provision/${'Z'.repeat(32)}/acme0a0b0c000011.xml`),
      await get(`/provision/${alice.provision_token}/acme0a0b0c0000ff.xml`),
      await get(`/provision/${alice.provision_token}/acme0a0b0c000012.xml`),
      await get(`/provision/${alice.provision_token}/unknown.bin`),
      await get(`/provision/${alice.provision_token}/..%2fetc%2fpasswd`),
    ];

    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 400]);
    expect(refusalLines(p).map((l) => [l.reason, l.file])).toEqual([
      ['unknown_folder', 'acme0a0b0c000011.xml'],
      ['not_owned', 'acme0a0b0c0000ff.xml'],
      ['not_owned', 'acme0a0b0c000012.xml'],
      ['unknown_file', 'unknown.bin'],
      ['bad_path', `/provision/${alice.provision_token}/..%2fetc%2fpasswd`],
    ]);
    for (const line of refusalLines(p)) expect(line).toMatchObject({ level: 'warn', ip: '127.0.0.1', protocol: 'http', user_agent: UA });
    // Never the folder token of a refused per-phone request beyond the path the client sent itself.
    expect(JSON.stringify(p.logs)).not.toContain(bob.provision_token);
  });

  it('logs paths outside /provision/ and malformed folder names', async () => {
    const answers = [await raw(p.base, 'GET', '/cgi-bin/login'), await raw(p.base, 'HEAD', '/provision/admin/config.xml')];

    expect(answers.map((a) => a.status)).toEqual([404, 404]);
    expect(refusalLines(p).map((l) => [l.reason, l.file, l.user_agent])).toEqual([
      ['bad_path', '/cgi-bin/login', ''],
      ['bad_name', 'config.xml', ''],
    ]);
  });

  it("logs another vendor's file for a registered MAC as wrong_file", async () => {
    const real = await startPhonePath({ templatesDir: TEMPLATES });
    try {
      const carol = makeUser();
      await real.store.insertUser(carol);
      await real.store.insertPhone(makePhone(carol, { mac: '001565000031' as Mac })); // a Yealink T46U

      const res = await raw(real.base, 'GET', `/provision/${carol.provision_token}/cfg001565000031.xml`); // Grandstream's name

      expect(res.status).toBe(404);
      expect(real.logs.filter((l) => l.event === 'phone_refused').map((l) => l.reason)).toEqual(['wrong_file']);
    } finally {
      await real.close();
    }
  });

  it('answers every kind of refusal with the same status, headers and body', async () => {
    const unknownFolder = await raw(p.base, 'GET', `/provision/${'Z'.repeat(32)}/acme0a0b0c000011.xml`);
    const unknownMac = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme0a0b0c0000ff.xml`);
    const otherUser = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme0a0b0c000012.xml`);

    const shape = (r: typeof unknownMac) => ({ status: r.status, body: r.body, headers: { ...r.headers, date: undefined } });
    expect(shape(unknownMac)).toEqual(shape(unknownFolder));
    expect(shape(otherUser)).toEqual(shape(unknownFolder));
  });

  it('logs a flood from one address as a few lines, then one summary with the count and reasons', async () => {
    const total = 600;
    const paths = Array.from({ length: total }, (_, i) => `/provision/${alice.provision_token}/acme0a0b0c0001${(i % 256).toString(16).padStart(2, '0')}.xml`);

    for (let i = 0; i < total; i += 50) await Promise.all(paths.slice(i, i + 50).map((path) => raw(p.base, 'GET', path)));
    const linesDuringFlood = p.logs.length;
    p.clock.now += 60_000;
    p.refusals.flush();

    expect(linesDuringFlood).toBe(5);
    expect(p.logs.filter((l) => l.event === 'phone_refused_summary')).toEqual([
      expect.objectContaining({ ip: '127.0.0.1', suppressed: total - 5, reasons: { not_owned: total - 5 } }),
    ]);
    expect(p.metrics.render()).toContain(`provd_phone_refused_total{protocol="http",reason="not_owned"} ${total}\n`);
  });

  it('logs TFTP refusals: a per-phone file from outside PROV_TFTP_ALLOW, a bad name, a file not found', async () => {
    const pipeline = createPhonePipeline({ provisioning: p.provisioning, admits: createAddressMatcher(parseCidrList('192.0.2.0/24')) });
    const getFile = createTftpFileSource(pipeline, p.metrics, p.refusals);
    const onBadName = (address: string, file: string) => p.refusals.refused({ protocol: 'tftp', address, file, reason: 'bad_name', userAgent: '' });
    const tftp = await startTftp({ getFile, onBadName });
    try {
      const client = await tftp.client();
      const results = [
        await client.download('acme0a0b0c000011.xml'),
        await client.download('../etc/passwd'),
        await client.download('nothing-here.cfg'),
      ];
      await new Promise((r) => setImmediate(r)); // the log is written after the ERROR is sent

      expect(results.map((r) => r.error?.code)).toEqual([1, 2, 1]);
      expect(refusalLines(p).map((l) => [l.protocol, l.reason, l.file, l.ip])).toEqual([
        ['tftp', 'not_allowed', 'acme0a0b0c000011.xml', '127.0.0.1'],
        ['tftp', 'bad_name', '../etc/passwd', '127.0.0.1'],
        ['tftp', 'unknown_file', 'nothing-here.cfg', '127.0.0.1'],
      ]);
      expect(p.metrics.render()).toContain('provd_phone_refused_total{protocol="tftp",reason="not_allowed"} 1\n');
    } finally {
      await tftp.close();
    }
  });
});
