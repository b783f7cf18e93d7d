/**
 * @module The XML-RPC codec of the legacy redirect services (Yealink, Htek, Akuvox, Fanvil, Snom,
 * Gigaset): a `methodCall` of string and array-of-strings params, built by fast-xml-parser (which
 * escapes every value), and a tolerant reader of a `methodResponse`. The vendors disagree on the
 * reply's details (rps-facts.md §1): the status text is typed `<string>` (Snom, Fanvil) or untyped
 * (Yealink, Htek, Gigaset), booleans are `1/0` or `true/false`, a reply array has 2 or 3+ values,
 * and a `<fault>` may come instead of params. This file knows XML-RPC only, no vendor.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** A positional param: every legacy RPS takes strings, batch/config calls an array of strings. */
export type XmlRpcParam = string | readonly string[];

/** A decoded value: numbers as numbers, `<nil/>` as null, structs as plain objects. */
export type XmlRpcValue = string | number | boolean | null | readonly XmlRpcValue[] | { readonly [name: string]: XmlRpcValue };

/** What a reply says: its one value, a fault, or `unknown` (not a methodResponse we can read). */
export type MethodResponse =
  | { readonly kind: 'value'; readonly value: XmlRpcValue }
  | { readonly kind: 'fault'; readonly code: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** The `[boolean, text, ...]` convention of every RPS reply: success flag and the texts after it. */
export interface StatusReply {
  readonly success: boolean;
  readonly texts: readonly string[];
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
// processEntities escapes & < > " ' in every text node: no value is ever concatenated raw.
const builder = new XMLBuilder({ processEntities: true });
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  // Keep whitespace inside <string>; the typed/untyped choice below decides what counts.
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => name === 'value' || name === 'member' || name === 'param',
});

/**
 * The request body of one call.
 * @example buildMethodCall('redirect.deRegisterDevice', ['001565AABBCC'])
 * // => '<?xml ...?><methodCall><methodName>redirect.deRegisterDevice</methodName><params><param><value><string>001565AABBCC</string></value></param></params></methodCall>'
 */
export function buildMethodCall(method: string, params: readonly XmlRpcParam[] = []): string {
  const param = params.map((p) => ({ value: encode(p) }));
  return DECLARATION + builder.build({ methodCall: { methodName: method, params: { param } } });
}

/** Reads a reply body; never throws (anything unreadable is `unknown` with the reason). */
export function parseMethodResponse(body: string): MethodResponse {
  if (XMLValidator.validate(body) !== true) return { kind: 'unknown', reason: 'reply is not well-formed XML' };
  try {
    const root = (parser.parse(body) as Node).methodResponse;
    if (!isNode(root)) return { kind: 'unknown', reason: 'reply is not an XML-RPC methodResponse' };
    if (root.fault !== undefined) return readFault(root.fault);
    const value = firstOf(asNode(firstOf(asNode(root.params).param)).value);
    if (value === undefined) return { kind: 'unknown', reason: 'methodResponse holds no value' };
    return { kind: 'value', value: decode(value) };
  } catch (err) {
    return { kind: 'unknown', reason: (err as Error).message };
  }
}

/**
 * Reads the RPS convention out of a value: an array whose first element is a boolean (the texts
 * are the rest, in order), or a lone boolean. Anything else is not a status (undefined).
 * @example statusOf([true, 'ACME', 'https://p.example/']) // => { success: true, texts: ['ACME', 'https://p.example/'] }
 */
export function statusOf(value: XmlRpcValue): StatusReply | undefined {
  if (typeof value === 'boolean') return { success: value, texts: [] };
  if (!Array.isArray(value) || typeof value[0] !== 'boolean') return undefined;
  return { success: value[0], texts: (value as XmlRpcValue[]).slice(1).map(textOf) };
}

// --- internal ---

type Node = { [name: string]: unknown };

const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && !Array.isArray(x);
const asNode = (x: unknown): Node => (isNode(x) ? x : {});
const firstOf = (x: unknown): unknown => (Array.isArray(x) ? x[0] : undefined);
const textOf = (v: XmlRpcValue): string => (typeof v === 'string' ? v : JSON.stringify(v));

function encode(param: XmlRpcParam): Node {
  if (typeof param === 'string') return { string: param };
  return { array: { data: { value: param.map((s) => ({ string: s })) } } };
}

/** Scalar types by name; the text is what the element holds (`<i4> 7 </i4>` => 7). */
const SCALARS: Readonly<Record<string, (text: string) => XmlRpcValue>> = {
  string: (t) => t,
  boolean: readBoolean,
  int: readNumber,
  i4: readNumber,
  i8: readNumber,
  double: readNumber,
  'dateTime.iso8601': (t) => t.trim(),
  base64: (t) => t.trim(),
  nil: () => null,
};

/** One `<value>` node: typed (one child element) or untyped (its text is a string). */
function decode(node: unknown): XmlRpcValue {
  if (!isNode(node)) return typeof node === 'string' ? node : '';
  if (node.array !== undefined) return ((asNode(asNode(node.array).data).value as unknown[] | undefined) ?? []).map(decode);
  if (node.struct !== undefined) return readStruct(node.struct);
  const type = Object.keys(SCALARS).find((name) => node[name] !== undefined);
  if (type) return SCALARS[type]!(textIn(node[type]));
  return textIn(node['#text']);
}

function textIn(x: unknown): string {
  if (typeof x === 'string') return x;
  return isNode(x) && typeof x['#text'] === 'string' ? x['#text'] : '';
}

function readBoolean(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === '1' || t === 'true') return true;
  if (t === '0' || t === 'false') return false;
  throw new Error(`boolean value "${text.slice(0, 20)}" is not 1, 0, true or false`);
}

function readNumber(text: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`number value "${text.slice(0, 20)}" is not a number`);
  return n;
}

function readStruct(struct: unknown): { [name: string]: XmlRpcValue } {
  const out: { [name: string]: XmlRpcValue } = {};
  for (const member of (asNode(struct).member as unknown[] | undefined) ?? []) {
    const m = asNode(member);
    out[textIn(m.name).trim()] = decode(firstOf(m.value));
  }
  return out;
}

function readFault(fault: unknown): MethodResponse {
  const value = decode(firstOf(asNode(fault).value));
  if (!isNode(value)) return { kind: 'unknown', reason: 'fault holds no struct' };
  const code = value.faultCode;
  const message = value.faultString;
  return { kind: 'fault', code: code === undefined ? '' : textOf(code), message: typeof message === 'string' ? message : '' };
}
