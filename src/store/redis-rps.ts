/**
 * @module The redis store's RpsStore methods (scripts: redis-rps-scripts.ts, key layout:
 * redis-rps-lua.ts), and the first-start pass for data an older version wrote: at a store's first
 * call, unless `P meta:rps` is set, every phone stored with `rps: true` is added to `P rps:macs`
 * and marked (before this version `rps: true` was stored and nothing happened). Several nodes
 * starting at once each run it; a MAC is adopted (and marked) once, by whoever adds it first.
 */
import type { Redis } from 'ioredis';
import type { Mac } from '../domain/mac.js';
import { decodeRecord, encodeRecord, type RecordCodec } from './codec.js';
import { parseDoc } from './doc.js';
import { onceSucceeded } from './once.js';
import type { RedisCommands } from './redis-commands.js';
import { rpsClock } from './redis-rps-lua.js';
import * as lua from './redis-rps-scripts.js';
import type { RedisCall } from './redis-writes.js';
import { accountOf, accountRecord } from './rps-records.js';
import type { RpsAccountRecord, RpsJob, RpsOutcome, RpsRelease, RpsStatus, RpsStore } from './rps-types.js';
import type { StoreNotice } from './types.js';

/** Set under the prefix once the first-start pass completed. */
export const RPS_MARKER = 'meta:rps';
const CHUNK = 500;

export interface RedisRps {
  readonly methods: RpsStore;
  /** Settles once the first-start pass completed (at once when the marker is set). */
  ready(): Promise<void>;
}

/** `call` is the store's gate (waits for ready(), maps errors); the pass itself uses `cmd` directly. */
export function createRedisRps(client: Redis, cmd: RedisCommands, call: RedisCall, codec: RecordCodec, notice: StoreNotice): RedisRps {
  const { key, script } = cmd;
  const outcomeArgs = (o: RpsOutcome) => [o.status, o.message, o.updated_at, o.url ?? ''];
  const account = (doc: string) => accountOf(decodeRecord<RpsAccountRecord>(codec, 'rps_account', doc, 'rps account'));

  const methods: RpsStore = {
    async markRps(mac, options) {
      return (await call(() => script(lua.MARK_RPS, mac, ...rpsClock(), options?.override ? '1' : '0'))) === 1;
    },
    async leaseRpsJobs(owner, now, leaseMs, limit) {
      if (limit <= 0) return [];
      const flat = (await call(() => script(lua.LEASE_RPS, owner, String(now), String(now + leaseMs), String(limit)))) as string[];
      const jobs: RpsJob[] = [];
      for (let i = 0; i < flat.length; i += 6) jobs.push(jobOf(flat.slice(i, i + 6) as Fields));
      return jobs;
    },
    async completeRpsJob(owner, job, outcome) {
      return (await call(() => script(lua.COMPLETE_RPS, owner, job.mac, String(job.generation), ...outcomeArgs(outcome)))) === 1;
    },
    async retryRpsJob(owner, job, dueAt, outcome) {
      return (await call(() => script(lua.RETRY_RPS, owner, job.mac, String(job.generation), String(dueAt), ...outcomeArgs(outcome)))) === 1;
    },
    countRpsJobs: () => call(() => client.zcard(key('rps:ready'))),
    async getRpsOutcome(mac) {
      const [status, message, updatedAt, url] = await call(() => client.hmget(key('rps:outcome:', mac), 'status', 'message', 'updated_at', 'url'));
      return outcomeOf(status ?? null, message ?? null, updatedAt ?? null, url ?? null);
    },
    async putRpsAccount(a) {
      const record = accountRecord(a);
      await call(() => script(lua.WRITE_ACCOUNT, record.id, encodeRecord(codec, 'rps_account', record).text));
    },
    async getRpsAccount(vendor) {
      const doc = await call(() => client.get(key('rps_account:', vendor)));
      return doc === null ? undefined : account(doc);
    },
    async listRpsAccounts() {
      const docs = await call(async () => cmd.docs('rps_account:', (await cmd.members(key('rps_accounts'))).sort()));
      return docs.map(account);
    },
    async deleteRpsAccount(vendor) {
      return (await call(() => script(lua.WRITE_ACCOUNT, vendor, ''))) === 1;
    },
  };

  const pass = async () => {
    if ((await client.get(key(RPS_MARKER))) !== null) return;
    const ids = await cmd.members(key('phones'));
    let marked = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const macs = (await cmd.docs('phone:', ids.slice(i, i + CHUNK))).flatMap((doc) => rpsMacOf(doc));
      if (macs.length > 0) marked += (await script(lua.ADOPT_RPS, ...rpsClock(), ...macs)) as number;
    }
    await client.set(key(RPS_MARKER), '1');
    if (marked > 0) {
      notice({ phones: marked }, `${marked} phones stored with rps: true are queued for registration at their vendor's redirect service (older versions stored rps: true and did nothing)`);
    }
  };

  return { methods, ready: onceSucceeded(pass) };
}

/** The outcome of HMGET status, message, updated_at, url (undefined when the MAC has none). */
export function outcomeOf(status: string | null, message: string | null, updatedAt: string | null, url: string | null): RpsOutcome | undefined {
  if (status === null) return undefined;
  const base = { status: status as RpsStatus, message: message ?? '', updated_at: updatedAt ?? '' };
  return url === null ? base : { ...base, url };
}

// --- internal ---

type Fields = [mac: string, generation: string, attempts: string, dueAt: string, override: string, release: string];

function jobOf([mac, generation, attempts, dueAt, override, release]: Fields): RpsJob {
  const job = { mac: mac as Mac, override: override === '1', generation: Number(generation), attempts: Number(attempts), due_at: Number(dueAt) };
  return release === '' ? job : { ...job, release: parseDoc<RpsRelease>(release, `rps job ${mac}: release`) };
}

/** The MAC of a stored phone doc with rps: true ([] otherwise, or when it does not parse). */
function rpsMacOf(doc: string): string[] {
  try {
    const p = JSON.parse(doc) as { rps?: unknown; mac?: unknown };
    return p.rps === true && typeof p.mac === 'string' ? [p.mac] : [];
  } catch {
    return []; // corrupt: reported when read
  }
}
