/** @module What the transports (HTTP, HTTPS, TFTP) and the admin API ask of the provisioning service. */
import type { Phone } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import type { FileAuth } from '../device-auth/types.js';
import type { Refused } from './refusal.js';

export type Protocol = 'http' | 'https' | 'tftp';

/** A phone asking for a file. `folder` is the provisioning token from the URL (absent on TFTP). */
export interface FetchRequest {
  readonly folder: string | undefined;
  /**
   * True when the source may fetch per-phone files at all (the pipeline's source step decides:
   * TFTP from a CIDR of PROV_TFTP_ALLOW; HTTP(S) from PROV_HTTP_ALLOW, or anyone when that is
   * empty). Otherwise only common files; per-phone names are refused before any lookup.
   */
  readonly trustedSource: boolean;
  readonly filename: string;
  readonly protocol: Protocol;
  readonly remoteAddress: string;
  readonly userAgent: string;
  /** The Authorization header (HTTP, HTTPS), for the device-authentication step. */
  readonly authorization?: string;
  /** The request method (`GET`, `HEAD`), part of the Digest response. */
  readonly method?: string;
  /** The request-target as sent (path and query), which a Digest `uri` must equal. */
  readonly uri?: string;
  /**
   * The TLS client certificate of the request's connection (HTTPS only; set by the HTTPS
   * handler, the same object for every request of one connection). Absent: HTTP, TFTP, or a
   * connection that presented none (a TLS 1.3 session resumed without one included).
   */
  readonly clientCertificate?: ClientCertificate;
}

/**
 * A client certificate as the connection presented it. What it proves is decided by the
 * client-certificate step (src/client-certs/step.ts), which checks it against the vendor's CA
 * bundle itself: `tlsVerified` alone never authenticates a phone.
 */
export interface ClientCertificate {
  /** The leaf certificate, DER. */
  readonly raw: Buffer;
  /** DER of the certificates the client sent above the leaf (may be empty, e.g. on a resumed session). */
  readonly chain: readonly Buffer[];
  /** The TLS layer verified the chain against the union of the vendor CA bundles (`socket.authorized`). */
  readonly tlsVerified: boolean;
}

/** Rendered bytes and what to send with them. The same object is reused for every hit. */
export interface RenderedFile {
  readonly body: Buffer;
  /** Strong validator: quoted hex digest of body. */
  readonly etag: string;
  readonly contentType: string;
  readonly vendor: string;
  /** The phone a per-phone file belongs to (it carries secrets); null for common files. */
  readonly mac: string | null;
  /** Per-phone files of a phone whose device-auth mode is not `none`: what the authorise step checks. */
  readonly auth?: FileAuth;
  /**
   * A file too big to hold (uploaded firmware, src/firmware/): `body` is empty and the transport
   * streams `size` bytes from `path` (HTTP with ranges, TFTP block by block). Never cached bytes.
   */
  readonly disk?: { readonly path: string; readonly size: number };
}

/** A file a phone fetches, as the admin API lists it. */
export interface PhoneFileInfo {
  readonly name: string;
  readonly url: string;
  /** Common files are shared by every phone of the model and carry no secrets. */
  readonly common: boolean;
}

export interface ProvisioningService {
  /**
   * The phone path: answers the rendered file, or why it is refused (the phone gets a uniform
   * 404 whatever the reason; the reason is for the refusal log and metrics).
   */
  fetch(request: FetchRequest): Promise<RenderedFile | Refused>;
  /**
   * The phone path's fast lane: the cached answer to `request`, synchronously, or undefined when
   * nothing is cached (then call fetch(), which decides). Same checks and bookkeeping as fetch().
   */
  cached(request: FetchRequest): RenderedFile | undefined;
  /**
   * The secret-free first stage of the per-phone `file` answered to `request` (its vendor file's
   * `bootstrap` template, rendered for the same phone with an https:// provisioning URL when an
   * HTTPS listener exists); undefined when the file declares none. Cached like the file.
   */
  bootstrap(request: FetchRequest, file: RenderedFile): Promise<RenderedFile | undefined>;
  /** The files a phone fetches, with their URLs. */
  filesOf(phone: Phone, user: User): Promise<PhoneFileInfo[]>;
  /** Renders one file of a phone for an admin. @throws ProvError PROV_ERR_FILE_NOT_FOUND */
  renderFile(phone: Phone, user: User, name: string): Promise<RenderedFile>;
  /** The auto-provisioning URL a phone is pointed at (PortSIP's `url`): ends with `/`. */
  provisioningUrl(phone: Phone, user: User): Promise<string>;
}
