/**
 * The device-auth policy and step on their own (src/device-auth/): which mode applies, what a file
 * carries, and the step's answers for cases the whole-server tests cannot reach (another process's
 * nonce, a vendor that cannot take credentials, PIN exclusions, a phone without credentials).
 */
import { describe, expect, it } from 'vitest';
import { createDeviceAuthPolicy } from '../../src/device-auth/policy.js';
import { createNonces } from '../../src/device-auth/nonces.js';
import { createDeviceAuthStep } from '../../src/device-auth/step.js';
import type { Phone } from '../../src/domain/phone.js';
import type { DeviceAuthMode } from '../../src/domain/values.js';
import type { FetchRequest, RenderedFile } from '../../src/provisioning/types.js';
import { authorization, challengesOf } from '../helpers/digest-client.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { vendors } from '../helpers/vendor-render.js';

const vendor = (id: string) => vendors.find((v) => v.id === id)!.descriptor;
const user = makeUser({ voicemail_pin: '135792' });
const URI = '/provision/folder/x.cfg';

function setup(mode: DeviceAuthMode, vendorId = 'yealink', phoneOverrides: Partial<Phone> = {}, exclude: string[] = []) {
  const clock = { t: 1_800_000_000_000 };
  const model = Object.keys(vendors.find((v) => v.id === vendorId)!.descriptor.models)[0]!;
  const phone = makePhone(user, { vendor: vendorId, model, device_password: 'DevicePassword123456', ...phoneOverrides });
  const policy = createDeviceAuthPolicy({ mode, pinExcludeVendors: exclude });
  const delivered: string[] = [];
  const step = createDeviceAuthStep({
    nonces: createNonces({ ttlMs: 60_000, now: () => clock.t }),
    graceMs: 1_000,
    delivered: (mac) => delivered.push(mac),
    now: () => clock.t,
  });
  const auth = policy.fileAuth(phone, user, vendor(vendorId));
  const file = { body: Buffer.from('x'), etag: '"e"', contentType: 'text/plain', vendor: vendorId, mac: phone.mac, ...(auth ? { auth } : {}) } as RenderedFile;
  const request = (extra: Partial<FetchRequest> = {}): FetchRequest => ({
    folder: 'folder', filename: 'x.cfg', trustedSource: true, protocol: 'http', remoteAddress: '192.0.2.1', userAgent: '', method: 'GET', uri: URI, ...extra,
  });
  return { clock, phone, policy, step, file, request, delivered };
}

describe('device-auth policy', () => {
  it('takes the phone\'s own mode over the server default, and none attaches nothing', () => {
    const s = setup('required');
    const own = setup('required', 'yealink', { device_auth: 'none' });

    expect(s.policy.modeOf(s.phone, vendor('yealink'))).toBe('required');
    expect(own.file.auth).toBeUndefined();
    expect(own.step.check(own.request(), own.file)).toBeUndefined();
  });

  it('keeps no password in clear in what a file carries', () => {
    const s = setup('required');

    expect(JSON.stringify(s.file.auth)).not.toContain('DevicePassword123456');
    expect(s.file.auth).toMatchObject({ username: s.phone.mac, withoutCredentials: 'never' });
  });

  it('turns pin into digest for an excluded vendor, and writes no device credentials in pin mode', () => {
    const excluded = setup('pin', 'snom', {}, ['snom']);
    const pin = setup('pin', 'yealink', {}, ['snom']);

    expect(excluded.policy.modeOf(excluded.phone, vendor('snom'))).toBe('digest');
    expect(pin.file.auth).toMatchObject({ username: user.extension_number, withoutCredentials: 'never' });
    expect(pin.policy.written(pin.phone, vendor('yealink'))).toBeNull();
    expect(excluded.policy.written(excluded.phone, vendor('snom'))).toEqual({ username: excluded.phone.mac, password: 'DevicePassword123456' });
  });

  it('serves digest phones of a vendor whose files cannot carry credentials (Gigaset) without them', () => {
    const s = setup('digest', 'gigaset');

    expect(s.file.auth?.withoutCredentials).toBe('always');
    expect(s.step.check(s.request(), s.file)).toBeUndefined();
    expect(s.step.check(s.request(), s.file)).toBeUndefined();
    expect(s.delivered).toEqual([]);
  });
});

describe('device-auth step', () => {
  it('in digest mode serves until the delivery (a GET, not a HEAD) plus the grace period, recording the delivery once', () => {
    const s = setup('digest');

    const head = s.step.check(s.request({ method: 'HEAD' }), s.file);
    const headsDelivered = [...s.delivered];
    const first = s.step.check(s.request(), s.file);
    s.clock.t += 999;
    const inGrace = s.step.check(s.request({ protocol: 'tftp' }), s.file);
    s.clock.t += 1;
    const after = s.step.check(s.request(), s.file);

    expect([head, first, inGrace]).toEqual([undefined, undefined, undefined]);
    expect(headsDelivered).toEqual([]); // a HEAD answer has no body: it delivers nothing
    expect(s.delivered).toEqual([s.phone.mac]);
    expect(after).toMatchObject({ refused: 'unauthenticated', uncounted: true });
  });

  it('answers stale, uncounted, for a correct response on another process\'s nonce', () => {
    const s = setup('required');
    const other = setup('required');
    const foreign = challengesOf(other.step.check(other.request(), other.file)!.challenge as string[])[0]!;

    const answer = s.step.check(s.request({ authorization: authorization(foreign, s.phone.mac, 'DevicePassword123456', 'GET', URI) }), s.file);

    expect(answer).toMatchObject({ refused: 'unauthenticated', uncounted: true });
    expect(challengesOf(answer!.challenge as string[]).every((c) => c.stale)).toBe(true);
  });

  it('counts failed credentials and a replay as misses, not a request without credentials', () => {
    const s = setup('required');
    const challenge = challengesOf(s.step.check(s.request(), s.file)!.challenge as string[])[1]!;
    const good = s.request({ authorization: authorization(challenge, s.phone.mac, 'DevicePassword123456', 'GET', URI) });

    const bare = s.step.check(s.request(), s.file);
    const ok = s.step.check(good, s.file);
    const replay = s.step.check(good, s.file);
    const wrong = s.step.check(s.request({ authorization: authorization(challenge, s.phone.mac, 'nope', 'GET', URI, 2) }), s.file);
    const head = s.step.check(s.request({ method: 'HEAD', authorization: authorization(challenge, s.phone.mac, 'DevicePassword123456', 'GET', URI, 3) }), s.file);

    expect(bare?.uncounted).toBe(true);
    expect(ok).toBeUndefined();
    expect([replay?.uncounted, wrong?.uncounted, head?.uncounted]).toEqual([undefined, undefined, undefined]);
    expect([replay?.refused, wrong?.refused, head?.refused]).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated']);
  });

  it('refuses TFTP without a challenge where credentials are needed', () => {
    const s = setup('required');

    expect(s.step.check(s.request({ protocol: 'tftp' }), s.file)).toEqual({ refused: 'unauthenticated' });
  });

  it('never authenticates a phone without a credential (pin for a user without a voicemail PIN)', () => {
    const s = setup('pin');
    const noPin = makeUser();
    const auth = s.policy.fileAuth(s.phone, noPin, vendor('yealink'))!;
    const file = { ...s.file, auth };
    const challenge = challengesOf(s.step.check(s.request(), file)!.challenge as string[])[0]!;

    const answer = s.step.check(s.request({ authorization: authorization(challenge, noPin.extension_number, '', 'GET', URI) }), file);

    expect(auth.secret).toBeUndefined();
    expect(answer?.refused).toBe('unauthenticated');
  });
});

describe('device-auth policy for a phone stored before device credentials', () => {
  it('serves it without credentials in digest mode (there is nothing to deliver) and never authenticates it when required', () => {
    const digest = setup('digest', 'yealink', { device_password: undefined });
    const required = setup('required', 'yealink', { device_password: undefined });

    expect(digest.file.auth?.withoutCredentials).toBe('always');
    expect(digest.step.check(digest.request(), digest.file)).toBeUndefined();
    expect(digest.delivered).toEqual([]);
    expect(required.file.auth?.secret).toBeUndefined();
    expect(required.step.check(required.request(), required.file)?.refused).toBe('unauthenticated');
  });
});
