/**
 * @module createCertificateManager: the HTTPS certificate life cycle in a certs directory.
 *
 * Contract (generated mode):
 *  - `ca.pem`/`ca.key` are created once and never replaced or rewritten by the server; a CA of
 *    another key type than configured is kept (warning). A half CA pair is not completed.
 *  - `server.pem` (leaf + CA) / `server.key` are issued from that CA when missing, unreadable,
 *    not matching each other, not issued by the current CA, not covering the requested names, or
 *    expiring within `renewBeforeDays`. Otherwise they are loaded as they are, so a restart
 *    serves the byte-identical certificate. A replaced pair is kept once as `*.prev`.
 *  - New server keys have the configured key type; an existing pair of another type is kept
 *    (warning) until it needs renewal for one of the reasons above.
 * Bring-your-own mode (`byo`): the files are used as given and re-read by renewIfNeeded (so
 * certbot-style replacement needs no restart); the CA download is the bundle's self-signed root
 * or null (the API then answers 404).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ProvError } from '../errors.js';
import type { Logger } from '../logger.js';
import { CERT_MODE, KEY_MODE, keepPrevious, writeAtomic } from './files.js';
import { issueCa, issueServerCert } from './issue.js';
import { materialOf, notAfterOf, pemBlocks, readByo, readPair, rootOf, type Pair } from './load.js';
import { covers, normaliseNames, parseSans } from './sans.js';
import type { KeyType, SanList, TlsMaterial } from './types.js';

const DAY = 86_400_000;

/** Names for the server certificate; null/undefined/empty entries are skipped. */
export type NameSource = () => readonly (string | null | undefined)[] | Promise<readonly (string | null | undefined)[]>;

export interface CertificateManagerOptions {
  /** Directory of generated files (created with mode 0700 when missing). */
  readonly dir: string;
  /** Key type of newly generated keys (default `ecdsa`, P-256). */
  readonly keyType?: KeyType;
  /** DNS names and IP addresses the server certificate must list; read on every check. */
  readonly names: NameSource;
  /** Bring-your-own certificate chain and key (PEM paths); no CA is generated then. */
  readonly byo?: { readonly certFile: string; readonly keyFile: string };
  /** Issue a new server certificate when the current one expires within this many days (30). */
  readonly renewBeforeDays?: number;
  /** Validity of server certificates in days (825) and of the CA (3650). */
  readonly serverDays?: number;
  readonly caDays?: number;
  readonly logger: Logger;
  /** Clock (ms since epoch); tests move it to exercise renewal. */
  readonly now?: () => number;
}

export interface CertificateManager {
  /** Loads or creates everything; resolves with what the TLS listener should serve now. */
  ensure(): Promise<TlsMaterial>;
  /** Re-checks names, expiry and (BYO) files; true when the served certificate changed. */
  renewIfNeeded(): Promise<boolean>;
  /** PEM of the CA phones should trust; null before ensure() or when unknown (BYO). */
  caPem(): string | null;
  /** The material of the last ensure()/renewIfNeeded(), if any. */
  current(): TlsMaterial | undefined;
  /** Runs renewIfNeeded every `intervalMs` (default 12 h, timer unref'd); returns a stop function. */
  startRenewal(options: { intervalMs?: number; onRenewed: (material: TlsMaterial) => void }): () => void;
}

export function createCertificateManager(options: CertificateManagerOptions): CertificateManager {
  const { dir, logger } = options;
  const keyType = options.keyType ?? 'ecdsa';
  const now = options.now ?? Date.now;
  const renewMs = (options.renewBeforeDays ?? 30) * DAY;
  const paths = { ca: join(dir, 'ca.pem'), caKey: join(dir, 'ca.key'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
  const warned = new Set<string>();
  const warnOnce = (msg: string, fields: Record<string, unknown> = {}) => {
    if (!warned.has(msg)) logger.warn(fields, msg);
    warned.add(msg);
  };
  let material: TlsMaterial | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function wanted(): Promise<SanList> {
    const names = normaliseNames(await options.names());
    if (names.invalid.length > 0) warnOnce('certificate names skipped: neither DNS name nor IP', { names: names.invalid });
    return names;
  }

  async function syncByo(byo: { certFile: string; keyFile: string }): Promise<boolean> {
    const pair = await readByo(byo.certFile, byo.keyFile);
    const changed = material !== undefined && (material.cert !== pair.pem || material.key !== pair.keyPem);
    material = materialOf(pair, pair.pem, rootOf(pair.pem));
    const want = await wanted();
    if (!covers(material.sans, want)) warnOnce('TLS certificate does not list every configured name', { want, have: material.sans });
    if (material.notAfter.getTime() - now() < renewMs) warnOnce('TLS certificate expires soon; replace the file', { notAfter: material.notAfter });
    return changed;
  }

  async function loadOrCreateCa(): Promise<Pair | undefined> {
    const state = await readPair(paths.ca, paths.caKey);
    if (state.status === 'invalid') throw new ProvError('PROV_ERR_CONFIG_INVALID', [`CA: ${state.reason}`]);
    if (state.status === 'partial') {
      warnOnce('CA pair incomplete; server certificates cannot be issued', { missing: state.missing });
      return undefined;
    }
    if (state.status === 'ok') {
      if (state.pair.keyType !== keyType) warnOnce('CA key type differs from the configured one; keeping it', { file: paths.ca, found: state.pair.keyType, configured: keyType });
      if (notAfterOf(state.pair.x509).getTime() - now() < renewMs) warnOnce('CA expires soon; it is never replaced automatically', { file: paths.ca });
      return state.pair;
    }
    const ca = await issueCa({ keyType, now: new Date(now()), days: options.caDays });
    const keyPem = ca.key.export({ type: 'pkcs8', format: 'pem' }) as string;
    await writeAtomic(paths.caKey, keyPem, KEY_MODE);
    await writeAtomic(paths.ca, ca.cert, CERT_MODE);
    logger.info({ file: paths.ca, keyType }, 'generated a provisioning CA');
    return (await readPair(paths.ca, paths.caKey) as { pair: Pair }).pair;
  }

  /** Why the server pair must be (re)issued, or null when it can be served as is. */
  function reissueReason(server: Pair | undefined, ca: Pair | undefined, want: SanList): string | null {
    if (!server) return 'missing';
    if (ca && !(server.x509.checkIssued(ca.x509) && server.x509.verify(ca.x509.publicKey))) return 'not issued by the current CA';
    if (!covers(parseSans(server.x509.subjectAltName), want)) return 'names changed';
    if (notAfterOf(server.x509).getTime() - now() < renewMs) return 'expires soon';
    return null;
  }

  async function syncGenerated(): Promise<boolean> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const ca = await loadOrCreateCa();
    const state = await readPair(paths.cert, paths.key);
    if (state.status === 'invalid' || state.status === 'partial') warnOnce('server certificate files unusable', { state });
    const server = state.status === 'ok' ? state.pair : undefined;
    const want = await wanted();
    const reason = reissueReason(server, ca, want);
    if (reason === null || !ca) {
      if (!server) throw new ProvError('PROV_ERR_CONFIG_INVALID', [`no usable ${paths.cert} and no CA to issue one (need ${paths.ca} and ${paths.caKey})`]);
      if (reason !== null) warnOnce('server certificate needs renewal but no CA key is available; serving it', { reason });
      if (server.keyType !== keyType) warnOnce('server certificate key type differs from the configured one; keeping it', { found: server.keyType, configured: keyType });
      const before = material?.fingerprint256;
      material = materialOf(server, server.pem, ca?.pem ?? rootOf(server.pem));
      return before !== undefined && before !== material.fingerprint256;
    }
    if (want.dns.length + want.ips.length === 0) throw new ProvError('PROV_ERR_CONFIG_INVALID', ['no DNS name or IP address for the server certificate']);
    const issued = await issueServerCert({
      ca: { key: ca.key, cert: pemBlocks(ca.pem)[0]! },
      keyType,
      sans: want,
      now: new Date(now()),
      days: options.serverDays,
      notAfterMax: notAfterOf(ca.x509),
    });
    const keyPem = issued.key.export({ type: 'pkcs8', format: 'pem' }) as string;
    await keepPrevious(paths.key, KEY_MODE);
    await keepPrevious(paths.cert, CERT_MODE);
    // Key first: a crash in between leaves a mismatched pair, which the next start reissues.
    await writeAtomic(paths.key, keyPem, KEY_MODE);
    await writeAtomic(paths.cert, issued.cert + pemBlocks(ca.pem)[0]!, CERT_MODE);
    const fresh = (await readPair(paths.cert, paths.key) as { pair: Pair }).pair;
    material = materialOf(fresh, fresh.pem, ca.pem);
    logger.info({ reason, keyType, sans: want, notAfter: material.notAfter, fingerprint256: material.fingerprint256 }, 'issued a server certificate');
    return true;
  }

  /** One check at a time: concurrent callers wait for the running one (no double issuance). */
  function sync(): Promise<boolean> {
    const run = queue.then(() => (options.byo ? syncByo(options.byo) : syncGenerated()));
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    async ensure() {
      await sync();
      return material!;
    },
    renewIfNeeded: sync,
    caPem: () => material?.ca ?? null,
    current: () => material,
    startRenewal({ intervalMs = 12 * 3_600_000, onRenewed }) {
      const timer = setInterval(() => {
        sync().then(
          (changed) => { if (changed && material) onRenewed(material); },
          (err: unknown) => logger.error({ err: (err as Error).message }, 'certificate renewal check failed')
        );
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
