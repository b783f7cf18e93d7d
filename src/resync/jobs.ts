/**
 * @module Bulk resync: every phone of a user, of a model, or all, as a job that sends at most
 * `ratePerSecond` NOTIFYs a second (a NOTIFY makes the phone fetch its files at once: unpaced,
 * 500 phones would be a boot storm on this server and a registration storm on the PBX). Answers
 * never wait for a job; its progress and per-phone results are read back by id. Jobs live in
 * this process's memory: the newest `keep` are kept, none survive a restart. Jobs running at the
 * same time share the pace.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isProvError, ProvError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store, StoredPhone } from '../store/types.js';
import { listPhonesByMac } from './phones.js';
import type { ResyncPlan, ResyncResult, ResyncService } from './service.js';

/** Which phones a job resyncs: exactly one of `user_id`, `model` (optionally with `vendor`), `all`. */
export interface ResyncSelection {
  readonly user_id?: string;
  readonly vendor?: string;
  readonly model?: string;
  readonly all?: true;
}

/**
 * One phone of a job: the NOTIFY's result (`sending` while it waits for the answer), or why it
 * was skipped with nothing sent (never seen, no resync event for its vendor).
 */
export type ResyncJobItem =
  | (ResyncResult & { readonly sent_at: string })
  | { readonly mac: string; readonly result: 'sending'; readonly event: string; readonly sent_to: string; readonly sent_at: string }
  | { readonly mac: string; readonly result: 'skipped'; readonly code: string; readonly detail: string };

/** A job's selection as shown: an admin's, or the phones auto-resync picked after a change. */
export type JobSelection = ResyncSelection | { readonly on_change: true };

export interface ResyncJob {
  readonly id: string;
  readonly state: 'running' | 'done';
  /** What the admin asked for, or `on_change` for a job started by auto-resync. */
  readonly selection: JobSelection;
  readonly reboot: boolean;
  readonly rate_per_second: number;
  readonly total: number;
  /** `pending`: not sent yet; `sending`: sent, answer awaited. */
  readonly counts: Readonly<Record<ResyncJobItem['result'] | 'pending', number>>;
  readonly started_at: string;
  readonly finished_at?: string;
  /** Per phone, in the order they were handled (by MAC); pending phones are not listed yet. */
  readonly items: readonly ResyncJobItem[];
}

export interface ResyncJobs {
  /** Selects the phones now and starts sending; answers the job as it starts. @throws ProvError PROV_ERR_USER_NOT_FOUND */
  start(selection: ResyncSelection, reboot: boolean): Promise<ResyncJob>;
  /** Starts a job over phones already chosen (auto-resync after a change; never a reboot). */
  startPhones(phones: StoredPhone[]): ResyncJob;
  /** @throws ProvError PROV_ERR_RESYNC_JOB_NOT_FOUND */
  get(id: string): ResyncJob;
  /** Newest first. */
  list(): ResyncJob[];
  /** Stops sending (jobs in flight end with their remaining phones pending). */
  close(): void;
}

export interface ResyncJobsDeps {
  readonly store: Store;
  readonly resync: ResyncService;
  readonly ratePerSecond: number;
  readonly logger: Logger;
  /** Jobs kept (newest); default 20. */
  readonly keep?: number;
  readonly now?: () => Date;
}

export function createResyncJobs(deps: ResyncJobsDeps): ResyncJobs {
  const now = deps.now ?? (() => new Date());
  const jobs = new Map<string, MutableJob>();
  let closed = false;
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(() => (timers.delete(t), resolve()), ms);
    timers.add(t);
  });

  // One pace for every job of this process (two jobs at once still send `ratePerSecond` in all).
  // Slots are handed out one after the other and measured from when the previous one was really
  // taken, so a stalled event loop never makes up for lost time with a burst.
  const interval = 1000 / deps.ratePerSecond;
  let lastSlot = -Infinity;
  let queue: Promise<void> = Promise.resolve();
  /** Waits for the next free send slot. */
  const takeSlot = () => {
    queue = queue.then(async () => {
      const wait = lastSlot + interval - performance.now();
      if (wait > 0) await sleep(wait);
      lastSlot = performance.now();
    });
    return queue;
  };

  const run = async (job: MutableJob, phones: StoredPhone[]) => {
    const inFlight: Promise<void>[] = [];
    for (const phone of phones) {
      if (closed) break;
      let plan: ResyncPlan;
      try {
        plan = await deps.resync.plan(phone, { reboot: job.reboot });
      } catch (err) {
        job.items.push(skipped(phone, err)); // nothing sent: takes no slot of the pace
        continue;
      }
      await takeSlot();
      if (closed) break;
      const sentAt = now().toISOString();
      const index = job.items.push({ mac: plan.mac, result: 'sending', event: plan.event, sent_to: plan.sent_to, sent_at: sentAt }) - 1;
      inFlight.push(deps.resync.send(plan).then((r) => void (job.items[index] = { ...r, sent_at: sentAt })));
    }
    await Promise.all(inFlight);
    job.finished_at = now().toISOString();
    deps.logger.info({ job: job.id, total: phones.length, counts: countsOf(job) }, 'resync job done');
  };

  const launch = (selection: JobSelection, reboot: boolean, phones: StoredPhone[]): ResyncJob => {
    const job: MutableJob = { id: randomUUID(), selection, reboot, rate_per_second: deps.ratePerSecond, total: phones.length, started_at: now().toISOString(), items: [] };
    jobs.set(job.id, job);
    for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - (deps.keep ?? 20)))) jobs.delete(old);
    void run(job, phones).catch((err: unknown) => deps.logger.error({ err, job: job.id }, 'resync job failed'));
    return view(job);
  };

  return {
    async start(selection, reboot) {
      if (selection.user_id !== undefined && !(await deps.store.getUser(selection.user_id))) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [selection.user_id]);
      return launch(selection, reboot, await selectPhones(deps.store, selection));
    },
    startPhones: (phones) => launch({ on_change: true }, false, phones),
    get(id) {
      const job = jobs.get(id);
      if (!job) throw new ProvError('PROV_ERR_RESYNC_JOB_NOT_FOUND', [id]);
      return view(job);
    },
    list: () => [...jobs.values()].reverse().map(view),
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

// --- internal ---

interface MutableJob {
  readonly id: string;
  readonly selection: JobSelection;
  readonly reboot: boolean;
  readonly rate_per_second: number;
  readonly total: number;
  readonly started_at: string;
  finished_at?: string;
  readonly items: ResyncJobItem[];
}

/** The selected phones, ordered by MAC; `model` and `vendor` compare case-insensitively. */
async function selectPhones(store: Store, s: ResyncSelection): Promise<StoredPhone[]> {
  const model = s.model?.toLowerCase();
  const vendor = s.vendor?.toLowerCase();
  const phones = await listPhonesByMac(store, s.user_id);
  return phones.filter((p) => (model === undefined || p.model.toLowerCase() === model) && (vendor === undefined || p.vendor === vendor));
}

function skipped(phone: StoredPhone, err: unknown): ResyncJobItem {
  const code = isProvError(err) ? err.code : 'PROV_ERR_INTERNAL';
  return { mac: phone.mac, result: 'skipped', code, detail: isProvError(err) ? err.message : 'internal error' };
}

function countsOf(job: MutableJob): ResyncJob['counts'] {
  const counts = { ok: 0, rejected: 0, no_answer: 0, skipped: 0, sending: 0, pending: job.total - job.items.length };
  for (const item of job.items) counts[item.result] += 1;
  return counts;
}

function view(job: MutableJob): ResyncJob {
  return {
    id: job.id,
    state: job.finished_at === undefined ? 'running' : 'done',
    selection: job.selection,
    reboot: job.reboot,
    rate_per_second: job.rate_per_second,
    total: job.total,
    counts: countsOf(job),
    started_at: job.started_at,
    ...(job.finished_at !== undefined ? { finished_at: job.finished_at } : {}),
    items: [...job.items],
  };
}
