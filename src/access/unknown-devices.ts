/**
 * @module Unknown devices (issue 12 §3): a request for a per-phone file of a MAC no phone has is
 * recorded in the unknown-device table (MAC, vendor and model guessed from the file name, the
 * User-Agent and the OUI, address, first/last seen, count), so an admin sees it and can assign
 * it to a user (`POST /api/unknown_phones/{mac}/assign`) or reject it.
 *
 * Recorded: refusals of a per-phone name under a valid folder (`not_owned`), over TFTP
 * (`unknown_mac`, `not_allowed`), or with a vendor's User-Agent. Never: throttled requests,
 * MACs a phone has (another user's), rejected MACs (the table skips them).
 * Writes happen after the answer and are rate-limited: one per MAC and `perMacMs`, at most
 * `perMinute` in all (a scanner's random MACs cannot become a write storm).
 */
import type { Logger } from '../logger.js';
import type { Refused } from '../provisioning/refusal.js';
import type { FetchRequest } from '../provisioning/types.js';
import type { Store } from '../store/types.js';
import type { UnknownPhoneStore } from '../store/unknown-types.js';
import type { FileMatch, VendorRegistry } from '../vendors/registry.js';
import type { Mac } from '../domain/mac.js';

export interface UnknownDeviceRecorder {
  /** Told of every refusal the pipeline answers (after the answer); never throws, never waits. */
  refused(request: FetchRequest, refusal: Refused): void;
}

export interface UnknownDeviceDeps {
  readonly registry: Pick<VendorRegistry, 'matchFile' | 'byUserAgent' | 'byOui'>;
  readonly store: Pick<Store, 'getPhoneByMac'>;
  readonly unknown: UnknownPhoneStore;
  readonly logger: Logger;
  /** Writes per MAC at most once per this long (default 60 s). */
  readonly perMacMs?: number;
  /** Writes in all per minute (default 600). */
  readonly perMinute?: number;
  readonly now?: () => number;
}

/** MACs whose last write time is kept (past it the oldest is forgotten: at worst one more write). */
const MAX_TRACKED = 50_000;
const RECORDED = new Set(['not_owned', 'unknown_mac', 'not_allowed']);

export function createUnknownDeviceRecorder(deps: UnknownDeviceDeps): UnknownDeviceRecorder {
  const { registry, store, unknown, logger } = deps;
  const now = deps.now ?? Date.now;
  const perMacMs = deps.perMacMs ?? 60_000;
  const perMinute = deps.perMinute ?? 600;
  const lastWrite = new Map<string, number>();
  let minute = { start: -Infinity, writes: 0 };
  let lastError = -Infinity;

  /** Takes a write slot for `mac` now, or says there is none (too soon for it, or the minute is spent). */
  const slot = (mac: string, t: number): boolean => {
    const last = lastWrite.get(mac);
    if (last !== undefined && t - last < perMacMs) return false;
    if (t - minute.start >= 60_000) minute = { start: t, writes: 0 };
    if (minute.writes >= perMinute) return false;
    minute.writes++;
    lastWrite.delete(mac);
    if (lastWrite.size >= MAX_TRACKED) lastWrite.delete(lastWrite.keys().next().value as string);
    lastWrite.set(mac, t);
    return true;
  };

  const record = async (request: FetchRequest, match: FileMatch & { mac: Mac }, t: number) => {
    if (await store.getPhoneByMac(match.mac)) return; // another user's phone: not unknown
    await unknown.record({
      mac: match.mac,
      vendor: match.vendor.id,
      model: match.model ?? null,
      ip: request.remoteAddress,
      user_agent: request.userAgent.slice(0, 256),
      file: request.filename,
      protocol: request.protocol,
      at: new Date(t).toISOString(),
    });
  };

  return {
    refused(request, refusal) {
      const vendorUa = request.userAgent !== '' && registry.byUserAgent(request.userAgent) !== undefined;
      if (!RECORDED.has(refusal.refused) && !(vendorUa && refusal.refused === 'unknown_folder')) return;
      if (refusal.refused === 'not_allowed' && request.protocol !== 'tftp') return;
      const match = pickMatch(registry, request);
      if (!match) return;
      const t = now();
      if (!slot(match.mac, t)) return;
      // After the phone has its answer (the transport sends it in this tick's continuation).
      setImmediate(() =>
        record(request, match, t).catch((err: unknown) => {
          lastWrite.delete(match.mac);
          if (now() - lastError < 10_000) return;
          lastError = now();
          logger.warn({ err: (err as Error).message }, 'could not record an unknown device');
        })
      );
    },
  };
}

// --- internal ---

/**
 * The per-phone match of the file name; of several vendors' (`<mac>.cfg`: Yealink and Fanvil)
 * the one the User-Agent names, else the one owning the MAC's OUI, else the first.
 */
function pickMatch(registry: UnknownDeviceDeps['registry'], request: FetchRequest): (FileMatch & { mac: Mac }) | undefined {
  const matches = registry.matchFile(request.filename).filter((m): m is FileMatch & { mac: Mac } => m.mac !== undefined && m.mac !== null);
  if (matches.length <= 1) return matches[0];
  const byUa = request.userAgent ? registry.byUserAgent(request.userAgent)?.id : undefined;
  const byOui = registry.byOui(matches[0]!.mac).map((v) => v.id);
  return matches.find((m) => m.vendor.id === byUa) ?? matches.find((m) => byOui.includes(m.vendor.id)) ?? matches[0];
}
