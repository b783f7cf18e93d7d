/**
 * @module The memory store's part of the RPS life cycle (rps-types.ts): jobs, outcomes and each
 * MAC's generation in Maps, accounts in the memory tables (sealed when a test gives a codec).
 * memory.ts applies the marks of a write in the same synchronous step as the write itself, after
 * its checks passed, so a mark is atomic with its write and a refused write marks nothing.
 */
import type { Mac } from '../domain/mac.js';
import type { MemoryTables } from './memory-tables.js';
import { accountOf, accountRecord, pendingOutcome, type RpsMark } from './rps-records.js';
import type { RpsJob, RpsOutcome, RpsStore } from './rps-types.js';

export interface MemoryRps {
  /** Applies marks now (Date.now()); call right after the write that makes them. */
  mark(marks: readonly RpsMark[]): void;
  /** The MAC's stored outcome (the object itself: do not change it). */
  outcomeOf(mac: Mac): RpsOutcome | undefined;
  /** The RpsStore methods of the memory store. */
  readonly methods: RpsStore;
}

/** `hasPhone` says whether a phone has the MAC (markRps answers false otherwise). */
export function createMemoryRps(tables: MemoryTables, hasPhone: (mac: Mac) => boolean): MemoryRps {
  const jobs = new Map<Mac, JobState>();
  const outcomes = new Map<Mac, RpsOutcome>();
  const generations = new Map<Mac, number>(); // never dropped: generations only grow per MAC

  const markOne = ({ mac, release }: RpsMark, now: number, override = false) => {
    const generation = (generations.get(mac) ?? 0) + 1;
    generations.set(mac, generation);
    const held = jobs.get(mac);
    const kept = release ?? held?.job.release;
    const job: RpsJob = { mac, override, generation, attempts: 0, due_at: now, ...(kept && { release: kept }) };
    jobs.set(mac, { job, lease: held?.lease }); // a live lease goes on: its holder is running the job
    outcomes.set(mac, pendingOutcome(outcomes.get(mac), now));
  };
  /** The job of `mac` while `owner` holds its lease (expired or not, as long as nobody took it). */
  const leasedBy = (owner: string, mac: Mac) => {
    const state = jobs.get(mac);
    return state?.lease?.owner === owner ? state : undefined;
  };
  const store = (mac: Mac, outcome: RpsOutcome) => outcomes.set(mac, normalOutcome(outcome));

  const methods: RpsStore = {
    async markRps(mac, options) {
      if (!hasPhone(mac)) return false;
      markOne({ mac }, Date.now(), options?.override ?? false);
      return true;
    },
    async leaseRpsJobs(owner, now, leaseMs, limit) {
      const free = [...jobs.values()].filter((s) => readyAt(s) <= now);
      free.sort((a, b) => readyAt(a) - readyAt(b) || (a.job.mac < b.job.mac ? -1 : a.job.mac > b.job.mac ? 1 : 0));
      const taken = free.slice(0, Math.max(0, limit));
      for (const state of taken) state.lease = { owner, until: now + leaseMs };
      return taken.map((s) => structuredClone(s.job));
    },
    async completeRpsJob(owner, job, outcome) {
      const state = leasedBy(owner, job.mac);
      if (!state) return false;
      if (state.job.generation === job.generation) {
        jobs.delete(job.mac);
        store(job.mac, outcome);
      } else {
        state.lease = undefined;
        if (outcomes.get(job.mac)?.status !== 'pending') store(job.mac, outcome);
      }
      return true;
    },
    async retryRpsJob(owner, job, dueAt, outcome) {
      const state = leasedBy(owner, job.mac);
      if (!state) return false;
      state.lease = undefined;
      if (state.job.generation === job.generation) {
        state.job = { ...state.job, attempts: state.job.attempts + 1, due_at: dueAt };
        store(job.mac, outcome);
      }
      return true;
    },
    async countRpsJobs() {
      return jobs.size;
    },
    async getRpsOutcome(mac) {
      const outcome = outcomes.get(mac);
      return outcome && { ...outcome };
    },
    async putRpsAccount(account) {
      tables.put('rps_account', accountRecord(account));
    },
    async getRpsAccount(vendor) {
      const stored = tables.get('rps_account', vendor);
      return stored && accountOf(tables.open('rps_account', stored));
    },
    async listRpsAccounts() {
      const vendors = [...tables.accounts.keys()].sort();
      return vendors.map((v) => accountOf(tables.open('rps_account', tables.accounts.get(v)!)));
    },
    async deleteRpsAccount(vendor) {
      if (!tables.accounts.has(vendor)) return false;
      tables.delete('rps_account', vendor);
      return true;
    },
  };

  return {
    mark(marks) {
      const now = Date.now();
      for (const m of marks) markOne(m, now);
    },
    outcomeOf: (mac) => outcomes.get(mac),
    methods,
  };
}

// --- internal ---

interface JobState {
  job: RpsJob;
  lease?: { readonly owner: string; readonly until: number };
}

/** When a job may be leased: when it is due, or when its lease ends if that is later. */
function readyAt(state: JobState): number {
  return Math.max(state.job.due_at, state.lease?.until ?? 0);
}

/** A copy with exactly the outcome's fields (no `url: undefined`), as the durable stores read it back. */
function normalOutcome(o: RpsOutcome): RpsOutcome {
  const base = { status: o.status, message: o.message, updated_at: o.updated_at };
  return o.url === undefined ? base : { ...base, url: o.url };
}
