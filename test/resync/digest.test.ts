/** Digest answers to a phone's challenge, checked against RFC 2617's worked example. */
import { describe, expect, it } from 'vitest';
import { digestAuthorization, parseDigestChallenge } from '../../src/resync/digest.js';

describe('parseDigestChallenge', () => {
  it('reads realm, nonce, opaque, algorithm and qop auth', () => {
    expect(parseDigestChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')).toEqual({
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
      algorithm: 'MD5',
      qop: 'auth',
    });
  });

  it('answers undefined for what it cannot answer: Basic, auth-int only, an unknown algorithm, no nonce', () => {
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", qop="auth-int"')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", algorithm=MD5-sess')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x"')).toBeUndefined();
  });
});

describe('digestAuthorization', () => {
  it('computes RFC 2617 §3.5\'s response for its example', () => {
    const challenge = parseDigestChallenge('Digest realm="testrealm@host.com", qop="auth", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')!;

    const value = digestAuthorization(challenge, { username: 'Mufasa', password: 'Circle Of Life' }, 'GET', '/dir/index.html', '0a4f113b');

    expect(value).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(value).toMatch(/^Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="\/dir\/index.html", /);
    expect(value).toContain('qop=auth, nc=00000001, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    expect(value).not.toContain('Circle Of Life');
  });

  it('uses SHA-256 when the challenge asks for it (RFC 8760: 64 hex digits)', () => {
    const challenge = parseDigestChallenge('Digest realm="r", nonce="n", algorithm=SHA-256')!;

    expect(digestAuthorization(challenge, { username: 'u', password: 'p' }, 'NOTIFY', 'sip:u@h')).toMatch(/response="[0-9a-f]{64}", algorithm=SHA-256$/);
  });
});
