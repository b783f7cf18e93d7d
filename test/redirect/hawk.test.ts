import { describe, expect, it } from 'vitest';
import { hawkHeader, hawkMac, hawkNormalizedString, hawkPayloadHash } from '../../src/redirect/hawk.js';

// Hawk's README vectors (rps-facts.md §4.3): the MACs are over the real request URI.
const CREDENTIALS = { id: 'dh37fgj492je', key: 'werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn' };
const BASE = { url: 'http://example.com:8000/resource/1?b=1&a=2', ts: 1353832234, nonce: 'j4h3g2', ext: 'some-app-ext-data' };

describe('Hawk header', () => {
  it('reproduces the README GET vector: normalized string, MAC and header', () => {
    const request = { ...BASE, method: 'GET' };
    expect(hawkNormalizedString(request)).toBe('hawk.1.header\n1353832234\nj4h3g2\nGET\n/resource/1?b=1&a=2\nexample.com\n8000\n\nsome-app-ext-data\n');
    expect(hawkMac(CREDENTIALS.key, request)).toBe('6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=');
    expect(hawkHeader(CREDENTIALS, request)).toBe(
      'Hawk id="dh37fgj492je", ts="1353832234", nonce="j4h3g2", ext="some-app-ext-data", mac="6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE="',
    );
  });

  it('reproduces the README POST vector with a payload hash', () => {
    const hash = hawkPayloadHash('text/plain', 'Thank you for flying Hawk');
    expect(hash).toBe('Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=');
    expect(hawkHeader(CREDENTIALS, { ...BASE, method: 'POST', hash })).toBe(
      'Hawk id="dh37fgj492je", ts="1353832234", nonce="j4h3g2", hash="Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=", ext="some-app-ext-data", mac="aSe1DERmZuRl3pI36/9BdZmnErTw3sNzOOAUlfeKjVw="',
    );
  });

  it('hashes the content type lower-cased and without its parameters', () => {
    expect(hawkPayloadHash('Text/Plain; charset=utf-8', 'Thank you for flying Hawk')).toBe('Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=');
  });

  it('gives the empty-payload hash Falconieri sends on a GET', () => {
    expect(hawkPayloadHash('', '')).toBe('B0weSUXsMcb5UhL41FZbrUJCAotzSI3HawE1NPLRUz8=');
  });

  it('signs port 443 for https and 80 for http when the URL names none, and the host lower-cased', () => {
    const ts = { ts: 1, nonce: 'n', method: 'GET' };
    expect(hawkNormalizedString({ ...ts, url: 'https://API.example.com/x' }).split('\n').slice(5, 7)).toEqual(['api.example.com', '443']);
    expect(hawkNormalizedString({ ...ts, url: 'http://example.com/x' }).split('\n')[6]).toBe('80');
  });
});
