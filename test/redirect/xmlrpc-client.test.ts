import { afterEach, describe, expect, it } from 'vitest';
import { basicAuth, createXmlRpcClient, type TextRule } from '../../src/redirect/xmlrpc-client.js';
import { startMockService, type MockReply, type MockService } from './support/mock-http.js';
import { rejection } from './support/client-harness.js';

const RULES: readonly TextRule<'invalid_mac' | 'absent'>[] = [
  { pattern: /^Error:malformed_mac/, means: 'invalid_mac' },
  { pattern: /^Error:no_such_mac/, means: 'absent' },
];
const FAULT = `<?xml version="1.0"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>2</int></value></member><member><name>faultString</name><value><string>Error:malformed_mac</string></value></member></struct></value></fault></methodResponse>`;
const STATUS = `<?xml version="1.0"?><methodResponse><params><param><value><array><data><value><boolean>0</boolean></value><value><string> Error:no_such_mac </string></value></data></array></value></param></params></methodResponse>`;

describe('createXmlRpcClient', () => {
  let mock: MockService | undefined;
  const serve = async (reply: MockReply) => {
    mock = await startMockService(() => reply);
    return createXmlRpcClient({ endpoint: mock.url, username: 'ü', password: 'p:w' }, RULES);
  };
  afterEach(() => mock?.close());

  it('posts text/xml with HTTP Basic of the UTF-8 user and password', async () => {
    const rpc = await serve({ body: STATUS });

    await rpc.ask('redirect.checkPhone', ['001565A1B2C3']);

    expect(mock!.requests[0]!.headers['content-type']).toBe('text/xml');
    expect(mock!.requests[0]!.headers.authorization).toBe(basicAuth('ü', 'p:w'));
    expect(basicAuth('ü', 'p:w')).toBe(`Basic ${Buffer.from('ü:p:w').toString('base64')}`);
  });

  it("reads a status reply's first text (trimmed) through the rules", async () => {
    const rpc = await serve({ body: STATUS });

    const answer = await rpc.ask('redirect.checkPhone', ['X']);

    expect(answer).toMatchObject({ success: false, text: 'Error:no_such_mac', means: 'absent' });
    expect(rpc.failure('redirect.checkPhone', answer).kind).toBe('unknown');
  });

  it("reads a fault as a failure whose text is the faultString, mapped by the same rules", async () => {
    const rpc = await serve({ body: FAULT });

    const answer = await rpc.ask('redirect.registerPhone', ['X', 'u']);

    expect(rpc.failure('redirect.registerPhone', answer)).toMatchObject({ kind: 'invalid_mac', message: 'redirect.registerPhone: Error:malformed_mac' });
  });

  it('answers unknown for an HTTP status other than 200 that is no transport failure', async () => {
    const rpc = await serve({ status: 404, body: 'no such path' });

    expect((await rejection(rpc.ask('m', []))).message).toBe('m: HTTP 404');
  });

  it('answers unknown for a methodResponse that holds no status, and reach() accepts it', async () => {
    const rpc = await serve({ body: '<methodResponse><params><param><value><string>ping</string></value></param></params></methodResponse>' });

    expect((await rejection(rpc.ask('network.echo', ['ping']))).kind).toBe('unknown');
    await expect(rpc.reach('network.echo', ['ping'])).resolves.toBeUndefined();
  });
});
