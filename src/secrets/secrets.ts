/**
 * @module openSecrets: what the composition root builds once at start (and each cluster worker
 * for itself): the key file (generated at first start), the keyring over it and the codec the
 * stores seal and open records with.
 */
import type { Logger } from '../logger.js';
import { createRecordCodec, type RecordCodec } from './codec.js';
import { ensureKeyFile } from './key-file.js';
import { createKeyring, fileKeySource, type Keyring } from './keyring.js';

export interface Secrets {
  /** Give this to createStore; stores seal and open records through it. */
  readonly codec: RecordCodec;
  readonly keyring: Keyring;
  /** True when this start generated the key file. */
  readonly created: boolean;
  /** Re-reads the key file (call on SIGHUP); true when the keys changed. */
  reload(): boolean;
}

export interface SecretsOptions {
  /** config.secretKeyFile. */
  readonly keyFile: string;
  readonly logger: Logger;
}

/**
 * Creates the key file if there is none (mode 0600, folder 0700), reads it and builds the codec.
 * Call after securePrivateDir(dataDir) and before createStore.
 * @throws ProvError PROV_ERR_SECRET_KEY_INVALID when the file cannot be created, read or parsed,
 *   or is open to others and cannot be made private.
 */
export function openSecrets(options: SecretsOptions): Secrets {
  const { keyFile, logger } = options;
  const created = ensureKeyFile(keyFile, logger);
  const keyring = createKeyring(fileKeySource(keyFile, logger), { logger });
  return { codec: createRecordCodec(keyring), keyring, created, reload: () => keyring.reload() };
}
