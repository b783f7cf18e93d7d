/**
 * @module The keys a process holds, from the key file, kept current without a restart: re-read on
 * demand (SIGHUP) and when a value names a key id not held (rate-limited). Deliberately not on a
 * mere change of the file: on several nodes a new key is copied to each node's file one by one,
 * and a node sealing under it before the others hold it would make its records unreadable there.
 */
import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { Logger } from '../logger.js';
import { readKeyFile, type KeyEntry } from './key-file.js';

/**
 * One usable key. The file's 32 bytes are never used directly: HKDF-SHA256 derives one key per
 * purpose, so the cipher key and the token-index key are independent.
 */
export interface SecretKey {
  readonly id: string;
  /** AES-256-GCM key that seals and opens values. */
  readonly sealKey: KeyObject;
  /** HMAC-SHA256 key of the folder-token index. */
  readonly indexKey: KeyObject;
}

/** Where keys come from: the key file, or a list in tests. */
export interface KeySource {
  /** Named in messages (the file path). */
  readonly name: string;
  /** Every key, newest first. @throws ProvError PROV_ERR_SECRET_KEY_INVALID */
  read(): KeyEntry[];
}

export interface Keyring {
  /** The key file (or source) name, for messages. */
  readonly source: string;
  /** The key that seals: the first of the file as last read. */
  current(): SecretKey;
  /** The key of `id`; when unknown, re-reads the file (at most once per `unknownReloadMs`) and looks again. */
  find(id: string): SecretKey | undefined;
  /** Every key held, current first. */
  all(): readonly SecretKey[];
  /**
   * Re-reads the source now (SIGHUP). A source that cannot be read leaves the keys held as they
   * were and logs the error: a half-edited file never takes keys away from a running server.
   * @returns true when the key ids changed (added, removed or reordered).
   */
  reload(): boolean;
}

export interface KeyringOptions {
  readonly logger: Pick<Logger, 'info' | 'error'>;
  /** Least time between re-reads caused by unknown key ids; default 5 s. */
  readonly unknownReloadMs?: number;
  /** Clock (ms); tests drive it. */
  readonly now?: () => number;
}

/** The key file as a key source. */
export function fileKeySource(file: string, logger: Pick<Logger, 'warn'>): KeySource {
  return { name: file, read: () => readKeyFile(file, logger) };
}

/**
 * A keyring over `source`, read once now.
 * @throws ProvError PROV_ERR_SECRET_KEY_INVALID when the source cannot be read at this first read.
 */
export function createKeyring(source: KeySource, options: KeyringOptions): Keyring {
  const now = options.now ?? Date.now;
  const unknownReloadMs = options.unknownReloadMs ?? 5_000;
  let keys = derive(source.read());
  let byId = new Map(keys.map((k) => [k.id, k]));
  let lastUnknownReload = -Infinity;

  const reload = (): boolean => {
    let next: SecretKey[];
    try {
      next = derive(source.read());
    } catch (err) {
      options.logger.error({ source: source.name, err: (err as Error).message }, 'secret key file not reloaded; keeping the keys held');
      return false;
    }
    const ids = (list: readonly SecretKey[]) => list.map((k) => k.id).join(' ');
    const changed = ids(next) !== ids(keys);
    keys = next;
    byId = new Map(keys.map((k) => [k.id, k]));
    if (changed) options.logger.info({ source: source.name, keyIds: keys.map((k) => k.id) }, 'secret keys reloaded');
    return changed;
  };

  return {
    source: source.name,
    current: () => keys[0]!,
    find(id) {
      const key = byId.get(id);
      if (key) return key;
      const t = now();
      if (t - lastUnknownReload < unknownReloadMs) return undefined;
      lastUnknownReload = t;
      reload();
      return byId.get(id);
    },
    all: () => keys,
    reload,
  };
}

// --- internal ---

function derive(entries: readonly KeyEntry[]): SecretKey[] {
  return entries.map(({ id, secret }) => ({
    id,
    sealKey: createSecretKey(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'provd seal v1', 32))),
    indexKey: createSecretKey(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'provd token index v1', 32))),
  }));
}
