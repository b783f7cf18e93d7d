/**
 * @module The device-authentication step of the phone pipeline (AuthoriseStep, step 3 of
 * src/access/pipeline.ts): HTTP Digest (RFC 7616) and, over HTTPS only, Basic, against what the
 * per-phone file carries (FileAuth, policy.ts). Synchronous and in memory: nonces are checked by
 * their HMAC, replays by an in-process (nonce, nc) window (nonces.ts).
 *
 * Decisions (README "Device authentication"):
 * - Mode `none` (no FileAuth): nothing is checked, nothing is hashed or allocated.
 * - A request the mode still serves without credentials (`digest` before delivery + grace) is
 *   served whatever it carries; the first such serve records the delivery (`delivered`).
 * - No credentials (or Basic over plain HTTP, which is ignored): 401 with the challenges, NOT a
 *   miss for the throttle: it is the first half of every normal Digest exchange.
 * - A correct response on an expired (or another process's) nonce: 401 `stale=true`, not a miss.
 * - Wrong credentials, a replayed (nonce, nc), a malformed header: 401, counted as a miss.
 * - TFTP cannot authenticate: refused (counted) wherever credentials are needed.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthoriseStep } from '../access/pipeline.js';
import type { Metrics } from '../metrics.js';
import { REFUSED, type Refused } from '../provisioning/refusal.js';
import type { FetchRequest } from '../provisioning/types.js';
import { basicChallenge, basicMatches } from './basic.js';
import { digestChallenges, expectedResponse, parseDigest } from './digest.js';
import type { Nonces } from './nonces.js';
import { DEVICE_AUTH_REALM } from './policy.js';
import type { FileAuth } from './types.js';

export interface DeviceAuthStepDeps {
  readonly nonces: Nonces;
  /** How long after the delivery of its credentials a `digest` phone is still served without them, ms. */
  readonly graceMs: number;
  /** Told once per phone and password when its credentials are first delivered (writes the marker). */
  readonly delivered: (mac: string, at: number) => void;
  /** Counts each decision in `provd_device_auth_total{result}`; default: not counted. */
  readonly metrics?: Metrics;
  readonly now?: () => number;
}

/** What the step decided, as `provd_device_auth_total` labels it. */
const RESULTS = ['ok', 'without_credentials', 'challenged', 'stale', 'failed', 'tftp_refused'] as const;
type Result = (typeof RESULTS)[number];

/** Deliveries remembered in process until the phone record says so (past it, the oldest is forgotten). */
const MAX_LOCAL_DELIVERIES = 100_000;

export function createDeviceAuthStep(deps: DeviceAuthStepDeps): AuthoriseStep {
  const { nonces, graceMs } = deps;
  const now = deps.now ?? Date.now;
  const opaque = randomBytes(24).toString('base64url');
  // mac + HA1 => delivery time, bridging the time until the re-rendered file carries `sentAt`
  // (a rotation changes the HA1, so an old delivery never counts for new credentials).
  const deliveries = new Map<string, number>();
  const counter = deps.metrics?.counter('provd_device_auth_total', 'Device-authentication decisions on the phone path, by result');
  const series = Object.fromEntries(RESULTS.map((r) => [r, counter?.labels({ result: r })])) as Record<Result, { inc(): void } | undefined>;

  const servedWithout = (auth: FileAuth, request: FetchRequest): boolean => {
    if (auth.withoutCredentials !== 'until-delivered') return auth.withoutCredentials === 'always';
    const key = `${auth.mac}:${auth.secret?.ha1.MD5 ?? ''}`;
    const sent = auth.sentAt ?? deliveries.get(key);
    if (sent !== undefined) return now() < sent + graceMs;
    if (request.method === 'HEAD') return true; // answered without a body: delivers nothing
    const at = now();
    if (deliveries.size >= MAX_LOCAL_DELIVERIES) deliveries.delete(deliveries.keys().next().value as string);
    deliveries.set(key, at);
    deps.delivered(auth.mac, at);
    return true;
  };
  /** A 401 with fresh challenges: `challenged` and `stale` are steps of a normal exchange (uncounted), `failed` is a miss. */
  const challenge = (request: FetchRequest, result: 'challenged' | 'stale' | 'failed'): Refused => {
    series[result]?.inc();
    const values = digestChallenges(DEVICE_AUTH_REALM, nonces.issue(), opaque, result === 'stale');
    if (request.protocol === 'https') values.push(basicChallenge(DEVICE_AUTH_REALM));
    return result === 'failed' ? { refused: 'unauthenticated', challenge: values } : { refused: 'unauthenticated', challenge: values, uncounted: true };
  };
  const accepted = () => void series.ok?.inc();
  const digest = (request: FetchRequest, auth: FileAuth, header: string): Refused | undefined => {
    const p = parseDigest(header);
    if (!p || !auth.secret || p.realm !== DEVICE_AUTH_REALM || p.username !== auth.username) return challenge(request, 'failed');
    if (request.uri !== undefined && p.uri !== request.uri) return challenge(request, 'failed');
    if (!sameHex(expectedResponse(p, auth.secret.ha1[p.algorithm], request.method ?? 'GET'), p.response)) return challenge(request, 'failed');
    // The client knows the password: an old nonce, or another process's nonce and opaque (a
    // cluster worker's), only needs a fresh one.
    if (nonces.validity(p.nonce) !== 'ok' || (p.opaque !== undefined && p.opaque !== opaque)) return challenge(request, 'stale');
    if (!nonces.use(p.nonce, p.nc)) return challenge(request, 'failed'); // a replay
    return accepted();
  };
  const basic = (request: FetchRequest, auth: FileAuth, header: string): Refused | undefined =>
    auth.secret && basicMatches(header, auth.secret.basic) ? accepted() : challenge(request, 'failed');

  return {
    name: 'device-auth',
    check(request, file) {
      const auth = file.auth;
      if (auth === undefined) return undefined;
      if (servedWithout(auth, request)) return void series.without_credentials?.inc();
      if (request.protocol === 'tftp') {
        series.tftp_refused?.inc();
        return REFUSED.unauthenticated;
      }
      const header = request.authorization;
      if (header !== undefined && /^digest\s/i.test(header)) return digest(request, auth, header);
      if (header !== undefined && request.protocol === 'https' && /^basic\s/i.test(header)) return basic(request, auth, header);
      return challenge(request, 'challenged'); // none, Basic over plain HTTP, or a scheme we do not offer: ignored
    },
  };
}

// --- internal ---

/** Constant-time equality of two hex digests (lengths are public: they follow from the algorithm). */
function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
