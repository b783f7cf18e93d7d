/** The provisioning service without HTTP: folder-less (TFTP) requests, trust, and cache behaviour. */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { isRefused, type Refused } from '../../src/provisioning/refusal.js';
import type { FetchRequest, RenderedFile } from '../../src/provisioning/types.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { makePhone, makeUser } from '../helpers/records.js';

describe('provisioning service', () => {
  let p: PhonePath;
  const alice = makeUser();
  const phone = makePhone(alice, { mac: '0a0b0c00aa01' as Mac, vendor: 'acme', model: 'X1', filename: 'acme/X1' });
  const tftp = (filename: string, trustedSource: boolean): FetchRequest => ({
    folder: undefined, filename, trustedSource, protocol: 'tftp', remoteAddress: '192.0.2.7', userAgent: '',
  });

  beforeEach(async () => {
    p = await startPhonePath();
    await p.store.insertUser(alice);
    await p.store.insertPhone(phone);
  });
  afterEach(() => p.close());
  /** The file served, or undefined when refused. */
  const served = (answer: RenderedFile | Refused) => (isRefused(answer) ? undefined : answer);

  it('serves common files without a folder to any source', async () => {
    const file = served(await p.provisioning.fetch(tftp('acme-x2.cfg', false)));
    expect(file?.body.toString()).toContain('# Acme Acme X2 common');
    expect(file?.mac).toBeNull();
  });

  it('serves per-phone files without a folder only to a trusted source', async () => {
    const untrusted = await p.provisioning.fetch(tftp('acme0a0b0c00aa01.xml', false));
    const trusted = served(await p.provisioning.fetch(tftp('acme0a0b0c00aa01.xml', true)));
    const untrustedAfter = await p.provisioning.fetch(tftp('acme0a0b0c00aa01.xml', false));

    expect(untrusted).toEqual({ refused: 'not_allowed' });
    expect(trusted?.body.toString()).toContain(`password="${alice.extension_password}"`);
    expect(untrustedAfter).toEqual({ refused: 'not_allowed' }); // the trusted answer is not cached for untrusted sources
  });

  it('drops a folder-less cached per-phone file when the phone changes', async () => {
    const before = served(await p.provisioning.fetch(tftp('acme0a0b0c00aa01.xml', true)));
    await p.store.updatePhone(phone.id, (q) => ({ ...q, preferred_transport: 'TCP' }));
    const after = served(await p.provisioning.fetch(tftp('acme0a0b0c00aa01.xml', true)));
    expect(after?.etag).not.toBe(before?.etag);
    expect(after?.body.toString()).toContain('transport="1"');
  });

  it('cached() answers only what fetch() cached, the same object, and nothing once the phone changes', async () => {
    const req: FetchRequest = { folder: alice.provision_token, filename: 'acme0a0b0c00aa01.xml', protocol: 'http', trustedSource: true, remoteAddress: '127.0.0.1', userAgent: '' };
    expect(p.provisioning.cached(req)).toBeUndefined();
    const fetched = served(await p.provisioning.fetch(req));
    expect(fetched?.body.toString()).toContain(`password="${alice.extension_password}"`);
    expect(p.provisioning.cached(req)).toBe(fetched);
    expect(p.provisioning.cached({ ...req, filename: 'ACME0A0B0C00AA01.XML' })).toBe(fetched);
    expect(p.provisioning.cached({ ...req, folder: 'short' })).toBeUndefined();
    expect(p.provisioning.cached({ ...req, folder: undefined })).toBeUndefined(); // another scope: folder-less
    await p.store.updatePhone(phone.id, (q) => ({ ...q, preferred_transport: 'TCP' }));
    expect(p.provisioning.cached(req)).toBeUndefined();
    expect(p.metrics.render()).toMatch(/provd_render_cache_total\{result="hit"\} 2\n/);
  });

  it('reads a folder\'s user once for all its files, and again once the user changes', async () => {
    const reads = vi.spyOn(p.store, 'getUserByToken');
    const req = (filename: string): FetchRequest => ({ folder: alice.provision_token, filename, protocol: 'http', trustedSource: true, remoteAddress: '127.0.0.1', userAgent: '' });
    expect(served(await p.provisioning.fetch(req('acme-x2.cfg')))?.body.toString()).toContain('# Acme Acme X2 common');
    expect(served(await p.provisioning.fetch(req('acme0a0b0c00aa01.xml')))?.body.toString()).toContain(`password="${alice.extension_password}"`);
    expect(reads).toHaveBeenCalledTimes(1);

    await p.store.updateUser(alice.id, (u) => ({ ...u, extension_password: 'changed-secret-1' }));
    expect(served(await p.provisioning.fetch(req('acme0a0b0c00aa01.xml')))?.body.toString()).toContain('password="changed-secret-1"');
    expect(reads).toHaveBeenCalledTimes(2);
    await p.store.deleteUser(alice.id);
    expect(await p.provisioning.fetch(req('acme-x2.cfg'))).toEqual({ refused: 'unknown_folder' });
  });

  it('refuses malformed folder tokens and file names before any lookup', async () => {
    const base = { protocol: 'http' as const, trustedSource: true, remoteAddress: '127.0.0.1', userAgent: '' };
    expect(await p.provisioning.fetch({ ...base, folder: 'short', filename: 'acme-x2.cfg' })).toEqual({ refused: 'bad_name' });
    expect(await p.provisioning.fetch({ ...base, folder: alice.provision_token, filename: '../acme-x2.cfg' })).toEqual({ refused: 'bad_name' });
    expect(await p.provisioning.fetch({ ...base, folder: alice.provision_token, filename: '.hidden' })).toEqual({ refused: 'bad_name' });
  });

  it('answers byte-identical files on every render (deterministic output)', async () => {
    const first = await p.provisioning.renderFile(phone, alice, 'acme0a0b0c00aa01.xml');
    await p.store.putNetwork(await p.store.getNetwork()); // drops every cache
    const second = await p.provisioning.renderFile(phone, alice, 'acme0a0b0c00aa01.xml');
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.etag).toBe(first.etag);
  });

  it('lists a phone\'s files with URLs under its folder', async () => {
    const files = await p.provisioning.filesOf(phone, alice);
    expect(files).toEqual([
      { name: 'acme-x1.cfg', url: `http://127.0.0.1:8080/provision/${alice.provision_token}/acme-x1.cfg`, common: true },
      { name: 'acme0a0b0c00aa01.xml', url: `http://127.0.0.1:8080/provision/${alice.provision_token}/acme0a0b0c00aa01.xml`, common: false },
    ]);
  });
});

describe('provisioning service with the real vendors', () => {
  // `<mac>.cfg` is a Fanvil name and a Yealink name: a cold fetch tried each pattern with its own
  // store read (and, with secrets sealed, its own decryption) of the same phone.
  it('reads a phone once for a file name several vendors\' patterns match', async () => {
    const p = await startPhonePath({ templatesDir: fileURLToPath(new URL('../../templates', import.meta.url)) });
    const bob = makeUser();
    await p.store.insertUser(bob);
    await p.store.insertPhone(makePhone(bob, { mac: '001565aabbcc' as Mac, vendor: 'yealink', model: 'T46U', filename: 'yealink/T46U' }));
    const reads = vi.spyOn(p.store, 'getPhoneByMac');

    const answer = await p.provisioning.fetch({ folder: bob.provision_token, filename: '001565aabbcc.cfg', protocol: 'http', trustedSource: true, remoteAddress: '127.0.0.1', userAgent: '' });

    expect(isRefused(answer) ? answer : answer.vendor).toBe('yealink');
    expect(reads).toHaveBeenCalledTimes(1);
    await p.close();
  });
});
