/**
 * @module One XML-RPC call to a legacy redirect service (POST `text/xml`, HTTP Basic, through
 * callService) and the reading of its status texts through a vendor's table of rules. Every
 * XML-RPC client (src/redirect/services/) talks through this; the vendor files hold only their
 * methods, params and texts.
 */
import { callService } from './http.js';
import {
  REDIRECT_ERROR_KINDS,
  RedirectError,
  type RedirectAccount,
  type RedirectClientOptions,
  type RedirectErrorKind,
  type RedirectService,
  type RedirectServiceDefinition,
  type RedirectUrlKind,
} from './types.js';
import { buildMethodCall, parseMethodResponse, statusOf, type MethodResponse, type XmlRpcParam } from './xmlrpc.js';

/** Where and as whom to call. The password is what goes in the Basic header (Fanvil: its double md5). */
export interface XmlRpcTarget {
  readonly endpoint: string;
  readonly username: string;
  readonly password: string;
  readonly timeoutMs?: number;
}

/** What a username/password XML-RPC service is, besides its calls. */
export interface XmlRpcServiceSpec<M extends string> {
  readonly id: string;
  readonly vendor: string;
  readonly defaultUrl: string;
  readonly rules: readonly TextRule<M>[];
  /** The password as the service wants it in the Basic header (default: as typed). */
  readonly secret?: (password: string) => string;
  /** RedirectServiceDefinition.canOverride (default false). */
  readonly canOverride?: boolean;
  /** RedirectServiceDefinition.urlKind (default `folder`). */
  readonly urlKind?: RedirectUrlKind;
  /** RedirectServiceDefinition.checkPhone. */
  readonly checkPhone?: RedirectServiceDefinition['checkPhone'];
}

/**
 * A service definition whose clients talk through one XmlRpcClient on the account's URL (or the
 * service's public one) with the account's username and password.
 */
export function defineXmlRpcService<M extends string>(spec: XmlRpcServiceSpec<M>, calls: (rpc: XmlRpcClient<M>) => Omit<RedirectService, 'id'>): RedirectServiceDefinition {
  return {
    id: spec.id,
    vendor: spec.vendor,
    credentials: 'username_password',
    defaultUrl: spec.defaultUrl,
    canOverride: spec.canOverride ?? false,
    urlKind: spec.urlKind ?? 'folder',
    ...(spec.checkPhone ? { checkPhone: spec.checkPhone } : {}),
    create(account: RedirectAccount, options: RedirectClientOptions = {}) {
      const secret = spec.secret ?? ((p: string) => p);
      const target = { endpoint: account.url ?? spec.defaultUrl, username: account.username ?? '', password: secret(account.password ?? ''), timeoutMs: options.timeoutMs };
      return { id: spec.id, ...calls(createXmlRpcClient(target, spec.rules)) };
    },
  };
}

/**
 * One line of a vendor's text table: a reply text matching `pattern` means `means` (an error kind
 * of the vocabulary, or a word of the service's own flow such as `absent`). First match wins.
 */
export interface TextRule<M extends string> {
  readonly pattern: RegExp;
  readonly means: M;
}

/** A status reply read through the rules: `text` is the first text (a fault's faultString). */
export interface RpcAnswer<M extends string> {
  readonly success: boolean;
  readonly texts: readonly string[];
  readonly text: string;
  readonly means: M | undefined;
}

export interface XmlRpcClient<M extends string> {
  /** Calls `method`; resolves with any status reply, success or not (a fault is a failure). */
  ask(method: string, params: readonly XmlRpcParam[]): Promise<RpcAnswer<M>>;
  /** Calls `method` and resolves when the service answered a readable methodResponse at all. */
  reach(method: string, params: readonly XmlRpcParam[]): Promise<void>;
  /** The error for a failed answer: its rule's kind when that is one, else `unknown`; the vendor's words. */
  failure(method: string, answer: RpcAnswer<M>): RedirectError;
}

/**
 * A client for one endpoint and one vendor's rules.
 * @throws (from every call) RedirectError `unavailable`/`auth_failed` from callService, `unknown`
 *   for an HTTP status other than 200 or a reply that is not a status methodResponse.
 */
export function createXmlRpcClient<M extends string>(target: XmlRpcTarget, rules: readonly TextRule<M>[]): XmlRpcClient<M> {
  const call = (method: string, params: readonly XmlRpcParam[]) => invoke(target, method, params);
  return {
    async ask(method, params) {
      const reply = await call(method, params);
      const status = reply.kind === 'fault' ? { success: false, texts: [reply.message] } : statusOf(reply.value);
      if (!status) throw new RedirectError('unknown', `${method}: the reply holds no status`);
      const text = (status.texts[0] ?? '').trim();
      return { ...status, text, means: rules.find((r) => r.pattern.test(text))?.means };
    },
    async reach(method, params) {
      await call(method, params);
    },
    failure(method, answer) {
      const kind = (REDIRECT_ERROR_KINDS as readonly string[]).includes(answer.means ?? '') ? (answer.means as RedirectErrorKind) : 'unknown';
      return new RedirectError(kind, `${method}: ${answer.text || 'failed without a text'}`);
    },
  };
}

/** The `Authorization` value of HTTP Basic (user and password as UTF-8). */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

// --- internal ---

async function invoke(target: XmlRpcTarget, method: string, params: readonly XmlRpcParam[]): Promise<Exclude<MethodResponse, { kind: 'unknown' }>> {
  const reply = await callService({
    method: 'POST',
    url: target.endpoint,
    headers: { 'Content-Type': 'text/xml', Accept: 'text/xml', Authorization: basicAuth(target.username, target.password) },
    body: buildMethodCall(method, params),
    timeoutMs: target.timeoutMs,
  });
  if (reply.status !== 200) throw new RedirectError('unknown', `${method}: HTTP ${reply.status}`);
  const parsed = parseMethodResponse(reply.text);
  if (parsed.kind === 'unknown') throw new RedirectError('unknown', `${method}: ${parsed.reason}`);
  return parsed;
}
