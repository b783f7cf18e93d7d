/**
 * @module Resync of one phone: finds where it was last seen and what its vendor wants in the
 * `Event` header (vendor.json `resync`), sends the NOTIFY and reports the answer. The target is
 * the phone's last seen source address (recorded by the phone path on every fetch) and the SIP
 * port phones listen on (5060 by default, PROV_RESYNC_SIP_PORT: the templates do not set a local
 * SIP port, so every phone keeps its factory 5060).
 */
import { isIP } from 'node:net';
import type { Mac } from '../domain/mac.js';
import { ProvError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Store, StoredPhone } from '../store/types.js';
import type { VendorResync } from '../vendors/descriptor.js';
import type { VendorRegistry } from '../vendors/registry.js';
import type { NotifyOutcome, NotifySender } from './notify-sender.js';

/** What `POST /api/phones/{mac}/resync` answers. */
export interface ResyncResult {
  readonly mac: Mac;
  readonly result: NotifyOutcome['result'];
  /** The phone's final answer (absent for no_answer). */
  readonly status?: number;
  readonly reason?: string;
  readonly detail?: string;
  /** The `Event` header sent. */
  readonly event: string;
  /** `address:port` the NOTIFY went to (IPv6 in brackets). */
  readonly sent_to: string;
  readonly transmissions: number;
  readonly elapsed_ms: number;
}

export interface ResyncOptions {
  /** Ask for a reboot (vendor.json `resync.reboot_event`) instead of a plain re-read. */
  readonly reboot: boolean;
}

/** A NOTIFY ready to go: everything checked, nothing sent yet. */
export interface ResyncPlan {
  readonly mac: Mac;
  readonly event: string;
  readonly target: { readonly host: string; readonly port: number };
  /** Request-URI user: the owner's extension. */
  readonly user: string;
  /** The phone account's Digest credentials (extension and extension password), for a challenge. */
  readonly credentials: { readonly username: string; readonly password: string };
  /** `address:port` (IPv6 in brackets). */
  readonly sent_to: string;
}

export interface ResyncService {
  /**
   * Sends the NOTIFY to the phone with that MAC and waits for its answer (at most the sender's
   * timeout). @throws ProvError PROV_ERR_PHONE_NOT_FOUND, PROV_ERR_RESYNC_NEVER_SEEN,
   * PROV_ERR_RESYNC_UNSUPPORTED (before anything is sent)
   */
  resync(mac: Mac, options: ResyncOptions): Promise<ResyncResult>;
  /** The checks of `resync` for a phone already read (bulk jobs, auto-resync); throws as `resync`. */
  plan(phone: StoredPhone, options: ResyncOptions): Promise<ResyncPlan>;
  /** Sends a planned NOTIFY and waits for its answer. Never rejects for network reasons. */
  send(plan: ResyncPlan): Promise<ResyncResult>;
}

export interface ResyncServiceDeps {
  readonly store: Store;
  readonly registry: VendorRegistry;
  readonly sender: NotifySender;
  /** The UDP port phones take SIP on (PROV_RESYNC_SIP_PORT, default 5060). */
  readonly sipPort: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function createResyncService(deps: ResyncServiceDeps): ResyncService {
  const sent = deps.metrics.counter('provd_resync_notify_total', 'SIP NOTIFYs sent to phones by outcome (ok, rejected, no_answer)');

  const plan = async (phone: StoredPhone, options: ResyncOptions): Promise<ResyncPlan> => {
    const event = eventFor(deps.registry, phone, options.reboot);
    const host = phoneAddress(phone);
    const user = await deps.store.getUser(phone.user_id);
    if (!user) throw new ProvError('PROV_ERR_PHONE_NOT_FOUND', [phone.mac]);
    const sentTo = `${host.includes(':') ? `[${host}]` : host}:${deps.sipPort}`;
    const credentials = { username: user.extension_number, password: user.extension_password };
    return { mac: phone.mac, event, target: { host, port: deps.sipPort }, user: user.extension_number, credentials, sent_to: sentTo };
  };
  const send = async (p: ResyncPlan): Promise<ResyncResult> => {
    const outcome = await deps.sender.send({ target: p.target, user: p.user, event: p.event, credentials: p.credentials });
    sent.inc({ result: outcome.result });
    const result: ResyncResult = {
      mac: p.mac,
      result: outcome.result,
      ...(outcome.status !== undefined ? { status: outcome.status, reason: outcome.reason ?? '' } : {}),
      ...(outcome.detail !== undefined ? { detail: outcome.detail } : {}),
      event: p.event,
      sent_to: p.sent_to,
      transmissions: outcome.transmissions,
      elapsed_ms: outcome.elapsedMs,
    };
    deps.logger.info({ mac: p.mac, event: p.event, sent_to: p.sent_to, result: result.result, status: result.status }, 'resync NOTIFY sent');
    return result;
  };

  return {
    plan,
    send,
    async resync(mac, options) {
      const phone = await deps.store.getPhoneByMac(mac);
      if (!phone) throw new ProvError('PROV_ERR_PHONE_NOT_FOUND', [mac]);
      return send(await plan(phone, options));
    },
  };
}

/**
 * The `Event` header for this phone: its model's `resync`, else its vendor's.
 * @throws ProvError PROV_ERR_RESYNC_UNSUPPORTED when there is none (or no reboot form for a reboot)
 */
export function eventFor(registry: VendorRegistry, phone: Pick<StoredPhone, 'vendor' | 'model'>, reboot: boolean): string {
  const spec: VendorResync | undefined = registry.model(phone.vendor, phone.model)?.resync ?? registry.get(phone.vendor)?.descriptor.resync;
  const name = `${phone.vendor} ${phone.model}`;
  if (!spec) throw new ProvError('PROV_ERR_RESYNC_UNSUPPORTED', [name, 'resynced', 'its vendor.json has no resync event']);
  if (!reboot) return spec.event;
  if (!spec.reboot_event) throw new ProvError('PROV_ERR_RESYNC_UNSUPPORTED', [name, 'rebooted', 'its vendor.json has no resync.reboot_event']);
  return spec.reboot_event;
}

/**
 * The address the phone was last seen at, as a plain IP literal (`::ffff:10.0.0.5` => `10.0.0.5`).
 * @throws ProvError PROV_ERR_RESYNC_NEVER_SEEN
 */
export function phoneAddress(phone: Pick<StoredPhone, 'mac' | 'last_seen_ip'>): string {
  const raw = phone.last_seen_ip?.trim() ?? '';
  const ip = raw.toLowerCase().startsWith('::ffff:') && isIP(raw.slice(7)) === 4 ? raw.slice(7) : raw;
  if (!isIP(ip)) throw new ProvError('PROV_ERR_RESYNC_NEVER_SEEN', [phone.mac]);
  return ip;
}
