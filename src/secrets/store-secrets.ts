/**
 * @module The store with secrets at rest, as the server and `provd rotate-key` open it: the data
 * folder made private, the key file (generated at first start), the codec over it, and the
 * configured store sealing and opening records through that codec.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createStore, type StoreDeps } from '../store/index.js';
import type { Store } from '../store/types.js';
import { createRecordCodec } from './codec.js';
import { securePrivateDir } from './data-dir.js';
import { createKeyring, fileKeySource } from './keyring.js';
import type { OpenedRecords } from './rotate-command.js';
import { openSecrets } from './secrets.js';

export interface SealedStoreHandle {
  readonly store: Store;
  /**
   * Re-reads the key file: call it on SIGHUP, so the server seals under a key `provd rotate-key`
   * added. A file that cannot be read keeps the keys held (logged). True when the keys changed.
   */
  reloadSecrets(): boolean;
}

/**
 * What the server does at start, in this order: makes the data folder private (modes of an
 * existing one fixed, one warning line), opens the key file (generated at the first start) and
 * opens the configured store sealing through it. Records an older version stored plain or sealed
 * field by field are re-sealed before the store serves: SQLite now (schema steps 7, 8), Redis at
 * its first call.
 * @throws ProvError PROV_ERR_SECRET_KEY_INVALID (key file), PROV_ERR_STORE_UNAVAILABLE (SQLite file).
 */
export function openSealedStore(config: Config, logger: Logger, deps: Omit<StoreDeps, 'codec'> = {}): SealedStoreHandle {
  securePrivateDir(config.store.dataDir, logger);
  const secrets = openSecrets({ keyFile: config.secretKeyFile, logger });
  return { store: createStore(config.store, { ...deps, codec: secrets.codec }), reloadSecrets: secrets.reload };
}

/**
 * `openRecords` of createRotateKeyCommand: the configured store's records (SealedRecords), opened
 * for one command; undefined for the memory store, which keeps nothing. The key file is read as
 * it is, never created: without it the stored secrets cannot be opened, and a new key would not
 * change that.
 * @throws ProvError PROV_ERR_SECRET_KEY_INVALID, PROV_ERR_STORE_UNAVAILABLE
 */
export async function openStoreRecords(config: Config, logger: Logger): Promise<OpenedRecords | undefined> {
  if (config.store.kind === 'memory') return undefined;
  const codec = createRecordCodec(createKeyring(fileKeySource(config.secretKeyFile, logger), { logger }));
  const notice = (details: Record<string, unknown>, message: string) => logger.warn(details, message);
  const store = createStore(config.store, { codec, notice });
  return { records: store.sealedRecords, close: () => store.close() };
}
