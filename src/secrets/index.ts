/** @module Secrets at rest: private data folder, key file, record codec, rotation (re-exports only). */
export { ensurePrivateDir, ensurePrivateFile, securePrivateDir, writePrivateFile, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, type ModeChange } from './data-dir.js';
export { createRecordCodec, PLAIN_CODEC, type RecordCodec, type SealedRecord } from './codec.js';
export { RECORD_KINDS, SECRET_FIELDS, INDEXED_FIELD, type RecordKind, type RecordTypes } from './fields.js';
export { createKeyring, fileKeySource, type Keyring, type KeySource, type SecretKey } from './keyring.js';
export { addKey, keyUsage, resealRecords, retireKeys, type KeyUsage, type RecordVisitor, type ResealCounts, type SealedRecords } from './rotate.js';
export { createRotateKeyCommand, ROTATE_KEY_USAGE, type OpenedRecords, type RotateKeyDeps } from './rotate-command.js';
export { openSecrets, type Secrets, type SecretsOptions } from './secrets.js';
export { openSealedStore, openStoreRecords, type SealedStoreHandle } from './store-secrets.js';
