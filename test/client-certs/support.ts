/**
 * @module Test support for client certificates: test CAs and device certificates made with
 * node-forge (vendor-style subjects), and a real HTTPS phone path asking for client certificates
 * (memory store, the mtls-vendors fixture, the client-certificate step and first stage wired as
 * the app wires them).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';
import { createPhonePipeline } from '../../src/access/pipeline.js';
import { openClientCerts } from '../../src/app/client-certs.js';
import { issueCa, issueServerCert } from '../../src/certs/index.js';
import type { ClientCertMode } from '../../src/client-certs/modes.js';
import { createHttpsPhoneServer } from '../../src/http/https-server.js';
import { close, listen } from '../../src/http/listen.js';
import { createPhoneHandler } from '../../src/http/phone-handler.js';
import { createMetrics } from '../../src/metrics.js';
import { createRefusalLog } from '../../src/observability/refusal-log.js';
import { createProvisioningService } from '../../src/provisioning/service.js';
import { createRenderer } from '../../src/render/renderer.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { collectingLogger } from '../certs/support.js';

export const MTLS_VENDORS = fileURLToPath(new URL('../fixtures/mtls-vendors', import.meta.url));

/** A test CA: its forge certificate and key, and PEMs. */
export interface TestCa {
  readonly cert: forge.pki.Certificate;
  readonly key: forge.pki.rsa.PrivateKey;
  readonly certPem: string;
}

/** A device certificate and its key (PEM), as a phone holds them. */
export interface DeviceCert {
  readonly certPem: string;
  readonly keyPem: string;
}

type Attr = { readonly shortName: 'CN' | 'O' | 'OU' | 'L' | 'ST' | 'C'; readonly value: string };
const DAY = 86_400_000;

/** A CA (self-signed, or an intermediate under `issuer`) with an RSA-2048 key. */
export function makeCa(commonName: string, issuer?: TestCa): TestCa {
  const { key, publicKey } = rsaPair();
  const subject = [{ shortName: 'CN', value: commonName }, { shortName: 'O', value: 'Test Phone Maker' }];
  const cert = certificate(publicKey, subject, issuer ? issuer.cert.subject.attributes : subject, new Date(Date.now() - DAY), new Date(Date.now() + 365 * DAY), [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  cert.sign(issuer?.key ?? key, forge.md.sha256.create());
  return { cert, key, certPem: forge.pki.certificateToPem(cert) };
}

/** A device certificate signed by `ca`: the vendor-style `subject`, optional SAN DNS/URI entries. */
export function issueDevice(ca: TestCa, subject: readonly Attr[], options: { sans?: { type: 'dns' | 'uri'; value: string }[]; notAfter?: Date } = {}): DeviceCert {
  const { publicKey, keyPem } = (deviceKey ??= rsaPair()); // one key for every device: each certificate differs
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ];
  if (options.sans) extensions.push({ name: 'subjectAltName', altNames: options.sans.map((s) => ({ type: s.type === 'dns' ? 2 : 6, value: s.value })) });
  const notAfter = options.notAfter ?? new Date(Date.now() + 300 * DAY);
  const cert = certificate(publicKey, subject, ca.cert.subject.attributes, new Date(Math.min(Date.now() - DAY, notAfter.getTime() - DAY)), notAfter, extensions);
  cert.sign(ca.key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

/** Writes `<dir>/<vendor>/<file>` with the CAs' PEMs (a vendor bundle). */
export function writeBundle(dir: string, vendor: string, file: string, cas: readonly TestCa[]): void {
  mkdirSync(join(dir, vendor), { recursive: true });
  writeFileSync(join(dir, vendor, file), cas.map((c) => c.certPem).join(''));
}

export interface MtlsPath {
  readonly port: number;
  /** PEM of the CA the server certificate is signed by (for clients to trust). */
  readonly serverCa: string;
  readonly store: Store;
  readonly logs: Record<string, unknown>[];
  readonly server: Server;
  close(): Promise<void>;
}

/** The HTTPS phone path with client certificates in `mode`, vendor CAs read from `casDir`. */
export async function startMtlsPath(mode: Exclude<ClientCertMode, 'off'>, casDir: string): Promise<MtlsPath> {
  const vendors = loadVendors(MTLS_VENDORS);
  const registry = createVendorRegistry(vendors);
  const store = createMemoryStore();
  const metrics = createMetrics();
  const { logger, logs } = collectingLogger();
  const provisioning = createProvisioningService({
    store, registry, renderer: createRenderer(vendors), logger, metrics, server: { httpPort: 8080, httpsPort: 8443, defaultTimezone: 'UTC' },
  });
  const clientCerts = openClientCerts({ mode, casDir }, registry, logger);
  const pipeline = createPhonePipeline({ provisioning, admits: () => true, authorise: clientCerts.steps, bootstrap: provisioning.bootstrap });
  const refusals = createRefusalLog({ logger, metrics });
  const handler = createPhoneHandler({ pipeline, logger, metrics, protocol: 'https', trustProxy: false, refusals, clientCertificate: clientCerts.https!.certificateOf });
  const ca = await issueCa({ keyType: 'ecdsa', now: new Date() });
  const leaf = await issueServerCert({ ca, keyType: 'ecdsa', sans: { dns: ['localhost'], ips: ['127.0.0.1'] }, now: new Date() });
  const tls = { key: leaf.key.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: leaf.cert + ca.cert };
  const server = createHttpsPhoneServer({ handler, tls, compat: false, clientCas: clientCerts.https!.cas() });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    port, serverCa: ca.cert, store, logs, server,
    async close() {
      await close(server);
      refusals.close();
      provisioning.close();
      await store.close();
    },
  };
}

// --- internal ---

let deviceKey: ReturnType<typeof rsaPair> | undefined;

function rsaPair(): { key: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });
  return { key: forge.pki.privateKeyFromPem(pair.privateKey), publicKey: forge.pki.publicKeyFromPem(pair.publicKey) as forge.pki.rsa.PublicKey, keyPem: pair.privateKey };
}

function certificate(publicKey: forge.pki.rsa.PublicKey, subject: readonly object[], issuer: readonly object[], notBefore: Date, notAfter: Date, extensions: object[]): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '01' + randomBytes(8).toString('hex');
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject(subject.map((a) => ({ ...a })) as forge.pki.CertificateField[]);
  cert.setIssuer(issuer.map((a) => ({ ...a })) as forge.pki.CertificateField[]);
  cert.setExtensions([...extensions, { name: 'subjectKeyIdentifier' }]);
  return cert;
}
