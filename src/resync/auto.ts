/**
 * @module Auto-resync: after a change to a phone, to its user or to the network settings, the
 * phones concerned get a resync NOTIFY, when PROV_RESYNC_ON_CHANGE is on (every phone) or the
 * phone's own `auto_resync` is true. Changes are collected for `delayMs` first: one save of a
 * user and its phones makes one NOTIFY per phone, and every cache has dropped the old files
 * (store events reach caches and workers first) before the phone asks again. The NOTIFYs go out
 * as a paced job (jobs.ts), never a reboot; phones never seen are left out silently.
 *
 * Runs where the admin API runs (one process of a node). Nodes sharing one Redis each see every
 * change, so each sends its own NOTIFY: a phone may be told twice, which costs one extra fetch.
 */
import type { Mac } from '../domain/mac.js';
import type { Logger } from '../logger.js';
import type { Store, StoreEvent, StoredPhone } from '../store/types.js';
import type { ResyncJobs } from './jobs.js';
import { listPhonesByMac } from './phones.js';

export interface AutoResyncDeps {
  readonly store: Store;
  readonly jobs: Pick<ResyncJobs, 'startPhones'>;
  /** PROV_RESYNC_ON_CHANGE: every phone, not only those with `auto_resync`. */
  readonly everyPhone: boolean;
  /** How long changes are collected before the NOTIFYs go out, ms (default 2000). */
  readonly delayMs?: number;
  readonly logger: Logger;
}

export interface AutoResync {
  /** Subscribes to the store's change events. */
  start(): void;
  /** Unsubscribes and drops changes not sent yet. */
  stop(): void;
}

export function createAutoResync(deps: AutoResyncDeps): AutoResync {
  const delayMs = deps.delayMs ?? 2000;
  const macs = new Set<Mac>();
  let everything = false;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  const flush = async () => {
    timer = undefined;
    const phones = everything ? await listPhonesByMac(deps.store) : await phonesByMac(deps.store, [...macs]);
    macs.clear();
    everything = false;
    const chosen = phones.filter((p) => (deps.everyPhone || p.auto_resync === true) && p.last_seen_ip);
    if (chosen.length) deps.jobs.startPhones(chosen);
  };
  const schedule = () => {
    timer ??= setTimeout(() => void flush().catch((err: unknown) => deps.logger.warn({ err }, 'auto-resync could not pick its phones')), delayMs);
  };
  const onEvent = async (event: StoreEvent) => {
    if (event.kind === 'phone') macs.add(event.mac);
    else if (event.kind === 'user') {
      // Its own phones, and the phones carrying it on a further line (their files carry its account).
      const [own, carrying] = await Promise.all([deps.store.phoneMacsOfUser(event.id), deps.store.lineMacsOfUser(event.id)]);
      for (const mac of [...own, ...carrying]) macs.add(mac);
    }
    else if (event.kind === 'network') everything = true;
    else return; // `reset` says nothing about what changed: never a NOTIFY to every phone for it
    schedule();
  };

  return {
    start() {
      unsubscribe ??= deps.store.subscribe((event) => void onEvent(event).catch((err: unknown) => deps.logger.warn({ err }, 'auto-resync missed a change')));
    },
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      clearTimeout(timer);
      timer = undefined;
      macs.clear();
    },
  };
}

// --- internal ---

async function phonesByMac(store: Store, macs: Mac[]): Promise<StoredPhone[]> {
  const found = await Promise.all(macs.map((mac) => store.getPhoneByMac(mac)));
  return found.filter((p): p is StoredPhone => p !== undefined).sort((a, b) => a.mac.localeCompare(b.mac));
}
