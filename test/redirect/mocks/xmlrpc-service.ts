/**
 * @module The XML-RPC side of every legacy redirect mock: checks the request as the real services
 * do (POST, `text/xml`, HTTP Basic; 401 otherwise), parses the body with its own fast-xml-parser
 * reader (a body that is not well-formed XML or not a methodCall is recorded in `badBodies` and
 * answered 400), dispatches to the vendor's methods and writes their answer as a methodResponse,
 * the status text typed (`<string>`) or untyped as that vendor does. Unknown methods get a fault.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { startMockService, type MockReply, type MockService, type ReceivedRequest } from '../support/mock-http.js';

/** A param as received: a string, or an array of strings. */
export type MockParam = string | string[];

/** What a method answers: the `[boolean, text...]` status, one bare string, or a fault. */
export type MockAnswer = readonly [boolean, ...string[]] | { readonly value: string } | { readonly fault: readonly [number, string] };

export type MockMethods = Readonly<Record<string, (params: MockParam[]) => MockAnswer>>;

/** An account of a mocked service. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface XmlRpcMockOptions extends Credentials {
  /* `password`: what the service compares with the Basic header's (Fanvil: the double md5). */
  /** `<value><string>Ok</string></value>` (Snom, Fanvil) or `<value>OK</value>` (Yealink family, Gigaset). */
  readonly typed: boolean;
  readonly methods: MockMethods;
}

export interface XmlRpcCall {
  readonly method: string;
  readonly params: MockParam[];
}

export interface XmlRpcMock {
  readonly service: MockService;
  readonly url: string;
  /** Every call that passed authentication, in order. */
  readonly calls: XmlRpcCall[];
  /** Bodies that were not a well-formed methodCall (must stay empty). */
  readonly badBodies: string[];
  close(): Promise<void>;
}

export async function startXmlRpcMock(options: XmlRpcMockOptions): Promise<XmlRpcMock> {
  const calls: XmlRpcCall[] = [];
  const badBodies: string[] = [];
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
  const service = await startMockService((req: ReceivedRequest): MockReply => {
    if (req.method !== 'POST' || !/^text\/xml\b/.test(req.headers['content-type'] ?? '')) return { status: 400, body: 'POST text/xml only' };
    if (req.headers.authorization !== expected) return { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="rps"' }, body: 'Unauthorized' };
    const call = readMethodCall(req.body);
    if (!call) {
      badBodies.push(req.body);
      return { status: 400, body: 'not a methodCall' };
    }
    calls.push(call);
    const method = options.methods[call.method];
    const answer: MockAnswer = method ? method(call.params) : { fault: [-32601, `server error. requested method ${call.method} does not exist.`] };
    return { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: writeResponse(answer, options.typed) };
  });
  return { service, url: service.url, calls, badBodies, close: () => service.close() };
}

/** What every legacy redirect mock offers the client tests besides the listener. */
export interface RedirectMock extends XmlRpcMock {
  /** The URL the service sends this account's phone to (its vendor form), undefined when absent or another's. */
  held(mac: string): string | undefined;
  /** Registers `mac` (12 lowercase hex) under another account of the service. */
  ownByOther(mac: string): void;
}

/** A MAC every mock refuses with its vendor's invalid-MAC text (a valid MAC12 the vendor never made). */
export const REFUSED_MAC = '02deadbeef01';

/** A MAC12 as the mocks key it (either case accepted, as every service does). */
export function macKey(text: string): string | undefined {
  return /^[0-9a-f]{12}$/i.test(text) ? text.toLowerCase() : undefined;
}

// --- internal ---

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, isArray: (n) => n === 'param' || n === 'value' });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

type X = Record<string, unknown>;

function readMethodCall(body: string): XmlRpcCall | undefined {
  if (XMLValidator.validate(body) !== true) return undefined;
  const call = (parser.parse(body) as X).methodCall as X | undefined;
  const method = call?.methodName;
  if (typeof method !== 'string') return undefined;
  const params = (((call?.params as X | undefined)?.param as X[] | undefined) ?? []).map((p) => readValue((p.value as unknown[] | undefined)?.[0]));
  return params.every((p) => p !== undefined) ? { method, params: params as MockParam[] } : undefined;
}

/** A `<value>` of the clients: `<string>` or an `<array>` of them. */
function readValue(value: unknown): MockParam | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as X;
  if (v.string !== undefined) return typeof v.string === 'string' ? v.string : '';
  const items = ((v.array as X | undefined)?.data as X | undefined)?.value as unknown[] | undefined;
  if (!items) return undefined;
  const strings = items.map(readValue);
  return strings.every((s) => typeof s === 'string') ? (strings as string[]) : undefined;
}

function writeResponse(answer: MockAnswer, typed: boolean): string {
  const text = (s: string) => (typed ? { string: s } : s);
  let content: X;
  if ('fault' in answer) {
    const member = [
      { name: 'faultCode', value: { int: String(answer.fault[0]) } },
      { name: 'faultString', value: { string: answer.fault[1] } },
    ];
    content = { fault: { value: { struct: { member } } } };
  } else if ('value' in answer) {
    content = { params: { param: { value: text(answer.value) } } };
  } else {
    const [ok, ...texts] = answer as readonly [boolean, ...string[]];
    const data = { value: [{ boolean: ok ? '1' : '0' }, ...texts.map(text)] };
    content = { params: { param: { value: { array: { data } } } } };
  }
  // The untyped services (Htek's example) also put an extensions namespace on the root.
  const root = typed ? content : { '@_xmlns:ex': 'http://ws.apache.org/xmlrpc/namespaces/extensions', ...content };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ methodResponse: root }) as string}`;
}
