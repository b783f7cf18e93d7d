/**
 * @module `provd rotate-key [--add-only | --reseal | --retire]`: the operator's side of key
 * rotation (README "Secrets at rest"). Runs beside a running server: every write it makes is
 * atomic against the server's (SealedRecords contract), and servers pick up the new key file on
 * SIGHUP or on meeting the new key id in a record.
 */
import type { Config } from '../config.js';
import { isProvError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createRecordCodec } from './codec.js';
import { createKeyring, fileKeySource } from './keyring.js';
import { addKey, keyUsage, resealRecords, retireKeys, type SealedRecords } from './rotate.js';

/** The store as rotation sees it, opened for one command and closed after. */
export interface OpenedRecords {
  readonly records: SealedRecords;
  close(): Promise<void>;
}

export interface RotateKeyDeps {
  /**
   * Opens the configured store's SealedRecords; undefined for the memory store (nothing kept).
   * The server's: openStoreRecords (store-secrets.ts).
   */
  openRecords(config: Config, logger: Logger): Promise<OpenedRecords | undefined>;
}

/** Usage line, printed on a wrong argument. */
export const ROTATE_KEY_USAGE = 'usage: provd rotate-key [--add-only | --reseal | --retire]';

type Step = 'rotate' | 'add-only' | 'reseal' | 'retire';
const FLAGS: Readonly<Record<string, Step>> = { '--add-only': 'add-only', '--reseal': 'reseal', '--retire': 'retire' };

/**
 * Builds the command: `(config, logger, args) => exit code` (0 done, 1 failed, 2 bad arguments).
 * - no flag: add a new key at the front of the key file, then re-seal every record under it;
 * - `--add-only`: only add the key (several nodes: copy the file to every node, SIGHUP them, then `--reseal`);
 * - `--reseal`: re-seal every record not sealed under the current key (also migrates plain records);
 * - `--retire`: remove the old keys no record names any more (after every server has reloaded).
 */
export function createRotateKeyCommand(deps: RotateKeyDeps): (config: Config, logger: Logger, args?: readonly string[]) => Promise<number> {
  return async (config, logger, args = []) => {
    const step = args.length === 0 ? 'rotate' : args.length === 1 ? FLAGS[args[0]!] : undefined;
    if (!step) {
      logger.error({ args }, ROTATE_KEY_USAGE);
      return 2;
    }
    const file = config.secretKeyFile;
    try {
      if (step === 'rotate' || step === 'add-only') {
        const id = addKey(file, logger);
        logger.info({ file, keyId: id }, 'new secret key added at the front of the key file; older keys kept for opening');
        if (step === 'add-only') return 0;
      }
      const opened = await deps.openRecords(config, logger);
      if (!opened) {
        logger.info({ store: config.store.kind }, 'nothing to re-seal: the memory store keeps no records between runs');
        return 0;
      }
      try {
        const keyring = createKeyring(fileKeySource(file, logger), { logger });
        const codec = createRecordCodec(keyring);
        if (step === 'retire') {
          const usage = await keyUsage(codec, opened.records);
          const result = retireKeys(file, usage, logger);
          const stillUsed = Object.fromEntries(result.stillUsed);
          logger.info({ file, removed: result.removed, stillUsed, plainRecords: usage.plain }, result.stillUsed.size > 0
            ? 'old keys still named by records were kept: reload every server (SIGHUP), run `provd rotate-key --reseal`, then retire again'
            : 'old secret keys retired');
          return 0;
        }
        const counts = await resealRecords(codec, opened.records);
        logger.info({ file, keyId: keyring.current().id, resealed: counts }, 'records re-sealed under the current key; reload servers (SIGHUP), later `provd rotate-key --retire`');
        return 0;
      } finally {
        await opened.close();
      }
    } catch (err) {
      logger.error({ code: isProvError(err) ? err.code : undefined, err: (err as Error).message }, 'rotate-key failed');
      return 1;
    }
  };
}
