/**
 * @module The SIP NOTIFY this server sends to make a phone re-read its configuration (RFC 3261
 * request, RFC 6665 event package header), and the few fields of an answer the sender needs.
 * Pure: no I/O, no clock, no randomness (ids are passed in).
 */

/** Where a NOTIFY goes and where its answers come back to. `host` is an IPv4 or IPv6 literal. */
export interface SipEndpoint {
  readonly host: string;
  readonly port: number;
}

/** Everything a NOTIFY carries; the ids MUST be unique per request (see `newNotifyIds`). */
export interface NotifyRequest {
  /** The phone's address (its last seen source address) and SIP port. */
  readonly target: SipEndpoint;
  /** This server's address as the phone reaches it: Via sent-by, From and Contact. */
  readonly local: SipEndpoint;
  /** User part of the Request-URI and To (the phone's extension): phones match it to an account. */
  readonly user: string;
  /** `Event` header value, e.g. `check-sync;reboot=false` (vendor.json `resync`). */
  readonly event: string;
  /** Via branch; MUST start with the RFC 3261 magic cookie `z9hG4bK`. */
  readonly branch: string;
  readonly callId: string;
  readonly fromTag: string;
  readonly cseq: number;
  /** The answer to a phone's Digest challenge (a 401 asks for `Authorization`, a 407 for `Proxy-Authorization`). */
  readonly authorization?: { readonly header: 'Authorization' | 'Proxy-Authorization'; readonly value: string };
}

/** The RFC 3261 §8.1.1.7 magic cookie every branch of a compliant element starts with. */
export const BRANCH_COOKIE = 'z9hG4bK';

/** What the server calls itself in `User-Agent` and the From display name. */
export const SIP_AGENT = 'provd';

/**
 * The NOTIFY as sent on the wire (CRLF line ends, empty body). Out-of-dialog NOTIFY in the
 * check-sync style every vendor honours: `Subscription-State: terminated` (there is no
 * subscription), `Content-Length: 0`.
 * @example buildNotify({ target: { host: '10.0.0.5', port: 5060 }, user: '2001', event: 'check-sync', ... })
 * // NOTIFY sip:2001@10.0.0.5:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:40000;branch=z9hG4bK...;rport\r\n...
 */
export function buildNotify(r: NotifyRequest): string {
  if (!r.branch.startsWith(BRANCH_COOKIE)) throw new Error(`branch must start with ${BRANCH_COOKIE}`);
  const target = hostPort(r.target);
  const local = hostPort(r.local);
  const user = escapeUser(r.user);
  const lines = [
    `NOTIFY ${notifyUri(r)} SIP/2.0`,
    // rport (RFC 3581): the answer comes back to the address and port the request came from,
    // also through a NAT between this server and the phone.
    `Via: SIP/2.0/UDP ${local};branch=${r.branch};rport`,
    'Max-Forwards: 70',
    `From: "${SIP_AGENT}" <sip:${SIP_AGENT}@${local}>;tag=${r.fromTag}`,
    `To: <sip:${user}@${target}>`,
    `Call-ID: ${r.callId}`,
    `CSeq: ${r.cseq} NOTIFY`,
    `Contact: <sip:${SIP_AGENT}@${local}>`,
    `Event: ${r.event}`,
    'Subscription-State: terminated',
    `User-Agent: ${SIP_AGENT}`,
    ...(r.authorization ? [`${r.authorization.header}: ${r.authorization.value}`] : []),
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** The Request-URI of the NOTIFY (also the `uri` a Digest answer covers). */
export function notifyUri(r: Pick<NotifyRequest, 'user' | 'target'>): string {
  return `sip:${escapeUser(r.user)}@${hostPort(r.target)}`;
}

/** The parts of a SIP response the sender matches and reports. */
export interface SipResponse {
  readonly status: number;
  readonly reason: string;
  /** Top Via's branch parameter (matches the answer to its request, RFC 3261 §17.1.3). */
  readonly branch: string | undefined;
  /** CSeq method, upper case. */
  readonly cseqMethod: string | undefined;
  readonly callId: string | undefined;
  /** `WWW-Authenticate` or `Proxy-Authenticate` of a 401/407. */
  readonly challenge: string | undefined;
}

/**
 * Parses a datagram as a SIP response; undefined when it is not one (a request, garbage).
 * Compact header forms (`v`, `i`) are understood; header names are case-insensitive.
 */
export function parseSipResponse(datagram: Buffer | string): SipResponse | undefined {
  const text = typeof datagram === 'string' ? datagram : datagram.toString('utf8');
  const head = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const [statusLine, ...headerLines] = head.split(/\r?\n/);
  const m = /^SIP\/2\.0 ([1-6]\d\d) ?(.*)$/.exec(statusLine ?? '');
  if (!m) return undefined;
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = COMPACT[line.slice(0, colon).trim().toLowerCase()] ?? line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim()); // the first (top) one
  }
  const via = headers.get('via');
  const cseq = headers.get('cseq');
  return {
    status: Number(m[1]),
    reason: (m[2] ?? '').trim(),
    branch: via ? /;\s*branch=([^;,\s]+)/i.exec(via)?.[1] : undefined,
    cseqMethod: cseq?.split(/\s+/)[1]?.toUpperCase(),
    callId: headers.get('call-id'),
    challenge: headers.get('www-authenticate') ?? headers.get('proxy-authenticate'),
  };
}

// --- internal ---

/** RFC 3261 §7.3.3 compact forms of the headers read here. */
const COMPACT: Record<string, string> = { v: 'via', i: 'call-id' };

/** `host:port`, with an IPv6 literal in brackets (RFC 3261 §19.1.1). */
function hostPort(e: SipEndpoint): string {
  return `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;
}

/** A user part with anything outside RFC 3261's unreserved/user-unreserved set percent-encoded. */
function escapeUser(user: string): string {
  return user.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/g, (c) => [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}
