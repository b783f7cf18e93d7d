/** Digest parsing and response computation against RFC 7616 §3.9.1 (the worked example, MD5 and SHA-256). */
import { describe, expect, it } from 'vitest';
import { digestChallenges, digestHa1, expectedResponse, parseDigest } from '../../src/device-auth/digest.js';

// RFC 7616 §3.9.1: user Mufasa, password "Circle of Life", GET /dir/index.html.
const REALM = 'http-auth@example.org';
const NONCE = '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v';
const CNONCE = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';
const OPAQUE = 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS';

const header = (algorithm: string, response: string) =>
  `Digest username="Mufasa", realm="${REALM}", uri="/dir/index.html", algorithm=${algorithm}, nonce="${NONCE}", nc=00000001, cnonce="${CNONCE}", qop=auth, response="${response}", opaque="${OPAQUE}"`;

describe('parseDigest + expectedResponse (RFC 7616 §3.9.1)', () => {
  it('reproduces the SHA-256 response of the RFC example', () => {
    const p = parseDigest(header('SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'))!;

    const ha1 = digestHa1('SHA-256', p.username, p.realm, 'Circle of Life');

    expect(p).toMatchObject({ username: 'Mufasa', realm: REALM, uri: '/dir/index.html', algorithm: 'SHA-256', nc: 1, qop: 'auth', opaque: OPAQUE });
    expect(expectedResponse(p, ha1, 'GET')).toBe(p.response);
  });

  it('reproduces the MD5 response of the RFC example', () => {
    const p = parseDigest(header('MD5', '8ca523f5e9506fed4657c9700eebdbec'))!;

    const ha1 = digestHa1('MD5', p.username, p.realm, 'Circle of Life');

    expect(expectedResponse(p, ha1, 'GET')).toBe(p.response);
  });

  it('gives another response for another password or method', () => {
    const p = parseDigest(header('MD5', '8ca523f5e9506fed4657c9700eebdbec'))!;

    expect(expectedResponse(p, digestHa1('MD5', 'Mufasa', REALM, 'circle of life'), 'GET')).not.toBe(p.response);
    expect(expectedResponse(p, digestHa1('MD5', 'Mufasa', REALM, 'Circle of Life'), 'HEAD')).not.toBe(p.response);
  });

  it('treats a missing algorithm as MD5 and unquotes escaped characters', () => {
    const p = parseDigest('Digest username="a\\"b", realm="r", nonce="n", uri="/x", response="AB", qop=auth, nc=0000000a, cnonce="c"');

    expect(p).toMatchObject({ username: 'a"b', algorithm: 'MD5', nc: 10, response: 'ab', opaque: undefined });
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no qop (RFC 2069)', 'Digest username="a", realm="r", nonce="n", uri="/x", response="ab"'],
    ['qop auth-int', 'Digest username="a", realm="r", nonce="n", uri="/x", response="ab", qop=auth-int, nc=00000001, cnonce="c"'],
    ['a -sess algorithm', 'Digest username="a", realm="r", nonce="n", uri="/x", response="ab", qop=auth, nc=00000001, cnonce="c", algorithm=MD5-sess'],
    ['a malformed nc', 'Digest username="a", realm="r", nonce="n", uri="/x", response="ab", qop=auth, nc=1, cnonce="c"'],
    ['userhash', 'Digest username="a", realm="r", nonce="n", uri="/x", response="ab", qop=auth, nc=00000001, cnonce="c", userhash=true'],
    ['an unterminated quote', 'Digest username="a, realm="r'],
    ['a repeated parameter', 'Digest username="a", username="b", realm="r", nonce="n", uri="/x", response="ab", qop=auth, nc=00000001, cnonce="c"'],
    ['no username', 'Digest realm="r", nonce="n", uri="/x", response="ab", qop=auth, nc=00000001, cnonce="c"'],
  ])('refuses %s', (_what, text) => {
    expect(parseDigest(text)).toBeUndefined();
  });

  it('offers SHA-256 before MD5, with stale=true only when asked', () => {
    const [sha, md5] = digestChallenges('provd', 'N', 'O', false);

    expect(sha).toBe('Digest realm="provd", qop="auth", algorithm=SHA-256, nonce="N", opaque="O"');
    expect(md5).toBe('Digest realm="provd", qop="auth", algorithm=MD5, nonce="N", opaque="O"');
    expect(digestChallenges('provd', 'N', 'O', true).every((c) => c.endsWith(', stale=true'))).toBe(true);
  });
});
