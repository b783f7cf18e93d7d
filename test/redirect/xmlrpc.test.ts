import { describe, expect, it } from 'vitest';
import { buildMethodCall, parseMethodResponse, statusOf, type XmlRpcValue } from '../../src/redirect/xmlrpc.js';

const DECL = '<?xml version="1.0" encoding="UTF-8"?>';
const reply = (value: string) => `${DECL}<methodResponse><params><param>${value}</param></params></methodResponse>`;
const statusReply = (...values: string[]) => reply(`<value><array><data>${values.join('')}</data></array></value>`);
const valueOf = (body: string): XmlRpcValue => {
  const parsed = parseMethodResponse(body);
  if (parsed.kind !== 'value') throw new Error(`expected a value, got ${JSON.stringify(parsed)}`);
  return parsed.value;
};

describe('buildMethodCall', () => {
  it('builds the canonical call of rps-facts.md §1 (string params)', () => {
    const body = buildMethodCall('redirect.registerPhone', ['000413A1B2C3', 'https://prov.example.com/p/AbC123/{mac}']);

    expect(body).toBe(
      `${DECL}<methodCall><methodName>redirect.registerPhone</methodName><params>` +
        '<param><value><string>000413A1B2C3</string></value></param>' +
        '<param><value><string>https://prov.example.com/p/AbC123/{mac}</string></value></param>' +
        '</params></methodCall>',
    );
  });

  it('builds an array-of-strings param (Fanvil addMaterialServer)', () => {
    const body = buildMethodCall('redirect.addMaterialServer', [['cfgName=001565A1B2C3', 'cfgPfProt=5']]);

    expect(body).toBe(
      `${DECL}<methodCall><methodName>redirect.addMaterialServer</methodName><params><param><value><array><data>` +
        '<value><string>cfgName=001565A1B2C3</string></value><value><string>cfgPfProt=5</string></value>' +
        '</data></array></value></param></params></methodCall>',
    );
  });

  it("escapes & < > \" ' in values with the XML entities (never raw)", () => {
    const body = buildMethodCall('m', [`https://p.example/a&b<c>"d'e/`]);

    expect(body).toContain('<string>https://p.example/a&amp;b&lt;c&gt;&quot;d&apos;e/</string>');
  });

  it('builds a call without params and with an empty string', () => {
    expect(buildMethodCall('redirect.listServers')).toBe(`${DECL}<methodCall><methodName>redirect.listServers</methodName><params></params></methodCall>`);
    expect(buildMethodCall('m', [''])).toContain('<param><value><string></string></value></param>');
  });
});

describe('parseMethodResponse', () => {
  it("reads Htek's untyped reply with the extensions namespace", () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?><methodResponse xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"><params><param><value><array><data><value><boolean>1</boolean></value><value>OK</value></data></array></value></param></params></methodResponse>`;

    expect(valueOf(body)).toEqual([true, 'OK']);
  });

  it("reads Snom's typed failure", () => {
    expect(valueOf(statusReply('<value><boolean>0</boolean></value>', '<value><string>Error:owned_by_other_user</string></value>'))).toEqual([false, 'Error:owned_by_other_user']);
  });

  it.each([['1', true], ['0', false], ['true', true], ['false', false], [' TRUE ', true]])('reads <boolean>%s</boolean> as %s', (text, expected) => {
    expect(valueOf(reply(`<value><boolean>${text}</boolean></value>`))).toBe(expected);
  });

  it("reads Snom getPhoneRedirection's three values [true, company, url]", () => {
    const body = statusReply('<value><boolean>1</boolean></value>', '<value><string>ACME</string></value>', '<value><string>https://p.example/a?x=1&amp;y=2</string></value>');

    expect(statusOf(valueOf(body))).toEqual({ success: true, texts: ['ACME', 'https://p.example/a?x=1&y=2'] });
  });

  it('reads a pretty-printed reply, CDATA and character references, keeping the text exact', () => {
    const body = `${DECL}\n<methodResponse>\n  <params>\n    <param>\n      <value>\n        <array>\n          <data>\n            <value><boolean>0</boolean></value>\n            <value>\n              <string><![CDATA[Error:invalid mac(s):0 1<2>]]> &#39;x&#x27;</string>\n            </value>\n          </data>\n        </array>\n      </value>\n    </param>\n  </params>\n</methodResponse>\n`;

    expect(valueOf(body)).toEqual([false, "Error:invalid mac(s):0 1<2> 'x'"]);
  });

  it('reads numbers, nil and structs', () => {
    const body = reply('<value><struct><member><name>n</name><value><i4>7</i4></value></member><member><name>d</name><value><double>1.5</double></value></member><member><name>z</name><value><nil/></value></member></struct></value>');

    expect(valueOf(body)).toEqual({ n: 7, d: 1.5, z: null });
  });

  it('reads empty typed and untyped texts as empty strings', () => {
    expect(valueOf(statusReply('<value><boolean>1</boolean></value>', '<value></value>', '<value><string/></value>'))).toEqual([true, '', '']);
  });

  it('reads a fault (faultCode, faultString)', () => {
    const body = `${DECL}<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value><string>Too many parameters.</string></value></member></struct></value></fault></methodResponse>`;

    expect(parseMethodResponse(body)).toEqual({ kind: 'fault', code: '4', message: 'Too many parameters.' });
  });

  it.each([
    ['text', 'OK'],
    ['an empty body', ''],
    ['truncated XML', '<methodResponse><params><param><value><array>'],
    ['an HTML error page', '<html><body><h1>Bad Gateway</h1></body></html>'],
    ['a methodResponse without a value', '<methodResponse><params></params></methodResponse>'],
    ['a boolean that is neither', reply('<value><boolean>yes</boolean></value>')],
    ['a number that is none', reply('<value><int>seven</int></value>')],
  ])('answers unknown for %s', (_what, body) => {
    expect(parseMethodResponse(body).kind).toBe('unknown');
  });
});

describe('statusOf', () => {
  it('reads [boolean, text...], a lone boolean, and refuses anything else', () => {
    expect(statusOf([false, 'Error:x'])).toEqual({ success: false, texts: ['Error:x'] });
    expect(statusOf(true)).toEqual({ success: true, texts: [] });
    expect(statusOf('OK')).toBeUndefined();
    expect(statusOf(['OK', true])).toBeUndefined();
    expect(statusOf([])).toBeUndefined();
  });
});
