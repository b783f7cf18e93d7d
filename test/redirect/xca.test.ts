import { describe, expect, it } from 'vitest';
import { xcaContentMd5, xcaHeaders, xcaStringToSign } from '../../src/redirect/xca.js';

// The two published vectors (rps-facts.md §2.2: FSPBX's "official" body and query examples).
const KEY = { accessKeyId: '2df23f2d9c255e7138dc603b3847b58a', accessKeySecret: 'd4a4be460a8d43609d8e8a5e7d0d4ad1' };

describe('X-Ca signature', () => {
  it('reproduces the body vector: Content-MD5, string to sign and signature of POST server/list', () => {
    const body = Buffer.from('{"key":"TestServer","skip":0}');
    const stamp = { timestamp: 1544008291631, nonce: 'b681e77450a04d22aaffc914a3379561' };
    const headers = xcaHeaders(KEY, { method: 'POST', path: '/api/open/v1/server/list', body }, stamp);
    expect(xcaContentMd5(body)).toBe('SsPhq3/DEuS3yHj3kYOV9w==');
    expect(headers).toEqual({
      'Content-MD5': 'SsPhq3/DEuS3yHj3kYOV9w==',
      'X-Ca-Key': KEY.accessKeyId,
      'X-Ca-Nonce': stamp.nonce,
      'X-Ca-Timestamp': '1544008291631',
      'X-Ca-Signature': 'JVPj8C4CVKbFJW6A33yZcdSsde7Hfxy9EoJiE0epeKM=',
    });
  });

  it('reproduces the query vector: a GET signs the sorted query on its own line and has no Content-MD5', () => {
    const stamp = { timestamp: 1544094691000, nonce: '9e730a223b48433785494801fb016d39' };
    const headers = xcaHeaders(KEY, { method: 'GET', path: '/api/open/v1/device/checkMac', query: { mac: '001565123123' } }, stamp);
    expect(headers['Content-MD5']).toBeUndefined();
    expect(headers['X-Ca-Signature']).toBe('+speRmYv89rutzPc9u5Ij1JrtnrUw7nhJnqQfD1h5AU=');
  });

  it('writes the documented string to sign: headers sorted by name, path without its leading slash', () => {
    const system = { 'X-Ca-Timestamp': '1', 'X-Ca-Key': 'k', 'Content-MD5': 'm', 'X-Ca-Nonce': 'n' };
    expect(xcaStringToSign('post', system, '/api/open/v1/server/list')).toBe('POST\nContent-MD5:m\nX-Ca-Key:k\nX-Ca-Nonce:n\nX-Ca-Timestamp:1\napi/open/v1/server/list');
  });

  it('sorts query parameters by key and writes a key with an empty value alone', () => {
    expect(xcaStringToSign('GET', {}, '/p', { z: '1', a: '', m: 'x' })).toBe('GET\np\na&m=x&z=1');
  });
});
