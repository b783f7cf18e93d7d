/**
 * @module Opening the SQLite database: pragmas, SQL functions the list queries need, and the
 * schema migrations (tracked in `PRAGMA user_version`).
 */
import Database from 'better-sqlite3';
import { ProvError } from '../errors.js';
import { ensurePrivateFile } from '../secrets/data-dir.js';
import { PLAIN_CODEC } from './codec.js';
import { addListDocs } from './sqlite-list-doc.js';
import { rekeyUserNames } from './sqlite-name-keys.js';
import { QR_TOKENS_SCHEMA } from './sqlite-qr-schema.js';
import { addRpsTables } from './sqlite-rps-marks.js';
import { TEMPLATE_VERSIONS_SCHEMA } from './sqlite-templates-schema.js';
import { API_TOKENS_SCHEMA } from './sqlite-tokens-schema.js';
import { UNKNOWN_PHONES_SCHEMA } from './sqlite-unknown-schema.js';
import { PHONE_LINES_SCHEMA } from './sqlite-lines-schema.js';
import { resealOldRecords, type MigrationContext } from './sqlite-sealed.js';

/** The better-sqlite3 connection type, re-exported so other store files need not name the driver. */
export type SqliteDb = Database.Database;
/** A prepared statement taking `P` as its parameters. */
export type Statement<P extends unknown[] = unknown[], R = unknown> = Database.Statement<P, R>;

/**
 * A step written in code, for what SQL cannot do. Answering 'scrub' asks for the file to be
 * rebuilt after the migration (VACUUM, WAL truncated): the step overwrote text that must not
 * survive in free pages.
 */
type CodeStep = (db: SqliteDb, ctx: MigrationContext) => 'scrub' | undefined | void;

/**
 * Schema steps; step `i` takes the schema from version `i` to `i + 1`. Append only: a released
 * step is never edited, a change is a new step. Each step runs in its own transaction.
 */
const MIGRATIONS: readonly (string | CodeStep)[] = [
  // Version 1: the initial schema. `doc` holds the whole record as JSON; the other columns copy
  // the fields SQLite must index or constrain. Sightings are keyed by MAC, not by phone, because
  // the phone path records them knowing only the MAC; they are never part of `doc`.
  `CREATE TABLE users (
     id               TEXT PRIMARY KEY,
     name_lc          TEXT NOT NULL UNIQUE,
     extension_number TEXT NOT NULL UNIQUE,
     provision_token  TEXT NOT NULL UNIQUE,
     created_at       TEXT NOT NULL,
     doc              TEXT NOT NULL
   );
   CREATE TABLE phones (
     id         TEXT PRIMARY KEY,
     user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     mac        TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL,
     doc        TEXT NOT NULL
   );
   CREATE INDEX phones_user_id ON phones(user_id);
   CREATE TABLE sightings (
     mac        TEXT PRIMARY KEY,
     at         TEXT NOT NULL,
     ip         TEXT NOT NULL,
     user_agent TEXT NOT NULL
   );
   CREATE TABLE network (
     id  INTEGER PRIMARY KEY CHECK (id = 1),
     doc TEXT NOT NULL
   );`,
  // Version 2: lists default to creation order; without these, `top=100` scanned and sorted
  // every row (57 ms p50 at 100,000 phones, bench:scale).
  `CREATE INDEX users_created ON users(created_at, id);
   CREATE INDEX phones_created ON phones(created_at, id);
   CREATE INDEX phones_user_created ON phones(user_id, created_at, id);`,
  // Version 3: small named values of the store itself; `epoch` is the data-epoch marker.
  `CREATE TABLE IF NOT EXISTS meta (
     key   TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
  // Version 4: Idempotency-Key of creates, kept 24 h (expires_at in epoch ms), written in the
  // transaction of the create.
  `CREATE TABLE IF NOT EXISTS idempotency (
     key         TEXT PRIMARY KEY,
     fingerprint TEXT NOT NULL,
     resource_id TEXT NOT NULL,
     expires_at  INTEGER NOT NULL
   );
   CREATE INDEX IF NOT EXISTS idempotency_expires ON idempotency(expires_at);`,
  // Version 5: the lists' scalar copy of each record (sqlite-list-doc.ts).
  (db, { notice }) => addListDocs(db, notice),
  // Version 6: `name_lc` holds userNameKey(name) (sqlite-name-keys.ts), for USER_NAME_KEY_VERSION
  // 'nfkc-fold-1'; a later change of the key function is a new step calling it again.
  (db, { notice }) => rekeyUserNames(db, notice),
  // Version 7: secrets sealed at rest (src/secrets): what older versions wrote plain is re-sealed
  // before the store serves, and `provision_token` holds keyed hashes (sqlite-sealed.ts). An
  // older server refuses the file from here on, so it never writes plain secrets into it again.
  resealOldRecords,
  // Version 8: a record's secrets sealed as one value (format v2, src/secrets/codec.ts): what
  // step 7 sealed field by field (v1) is re-sealed by the same pass, and a version-7 server,
  // which would not see the secrets in `$sealed`, refuses the file.
  resealOldRecords,
  // Version 9: the redirect-service (RPS) outbox, outcomes and accounts (sqlite-rps-marks.ts);
  // every phone stored with `rps: true` is marked, so it registers now.
  (db, { notice }) => addRpsTables(db, notice),
  // Version 10: single-use QR tokens (sqlite-qr-schema.ts). Written with IF NOT EXISTS, so it
  // does not depend on step 9 and is safe on a file that already has the table.
  QR_TOKENS_SCHEMA,
  // Version 11: API tokens of admin identities, by SHA-256 of the token (sqlite-tokens-schema.ts).
  // IF NOT EXISTS: independent of every other step.
  API_TOKENS_SCHEMA,
  // Version 12: the unknown-device table and the rejected MACs (sqlite-unknown-schema.ts), IF NOT EXISTS.
  UNKNOWN_PHONES_SCHEMA,
  // Version 13: versions of templates edited over the API (sqlite-templates-schema.ts), IF NOT EXISTS.
  TEMPLATE_VERSIONS_SCHEMA,
  // Version 14: the phone-line index (sqlite-lines-schema.ts), IF NOT EXISTS.
  PHONE_LINES_SCHEMA,
];

/** The schema version this code writes and expects. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenOptions {
  /** What migrations changed, for the server log (default: dropped). */
  readonly notice?: MigrationContext['notice'];
  /** The codec of the store: schema steps 7 and 8 re-seal old records with it (default: plain). */
  readonly codec?: MigrationContext['codec'];
  /**
   * false: a second connection to a file the store opened (and migrated) already; it never
   * migrates (a re-seal needs the store's codec) and refuses a file below SCHEMA_VERSION.
   */
  readonly migrate?: boolean;
}

/**
 * Opens (creating file and directory if missing) and migrates the database. A new file is
 * created 0600 in a 0700 folder before SQLite opens it, so its `-wal` and `-shm` (which SQLite
 * gives the main file's mode) are private too.
 * @throws ProvError PROV_ERR_STORE_UNAVAILABLE when the file cannot be opened, or was written by
 *   a newer version of the server (its schema version is above SCHEMA_VERSION).
 */
export function openSqlite(file: string, options: OpenOptions = {}): SqliteDb {
  const ctx: MigrationContext = { notice: options.notice ?? (() => {}), codec: options.codec ?? PLAIN_CODEC };
  let db: SqliteDb;
  try {
    if (file !== ':memory:') ensurePrivateFile(file);
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new ProvError('PROV_ERR_STORE_UNAVAILABLE', [`cannot open ${file}: ${(err as Error).message}`], { cause: err });
  }
  registerFunctions(db);
  if (options.migrate === false) requireCurrent(db, file);
  else migrate(db, file, ctx);
  return db;
}

// --- internal ---

function requireCurrent(db: SqliteDb, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= SCHEMA_VERSION) return;
  db.close();
  throw new ProvError('PROV_ERR_STORE_UNAVAILABLE', [`${file} has schema version ${version}: open the store first, it migrates the file`]);
}

function migrate(db: SqliteDb, file: string, ctx: MigrationContext): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const current = version();
  if (current > SCHEMA_VERSION) {
    db.close();
    throw new ProvError('PROV_ERR_STORE_UNAVAILABLE', [
      `${file} has schema version ${current}; this server knows versions up to ${SCHEMA_VERSION}`,
    ]);
  }
  let scrub = false;
  for (let v = current; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v]!;
    // IMMEDIATE, and the version read again inside: another process opening the file at the same
    // moment waits for the write lock, then finds the step done instead of running it twice.
    db.transaction(() => {
      if (version() !== v) return;
      if (typeof step === 'string') db.exec(step);
      else if (step(db, ctx) === 'scrub') scrub = true;
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
  if (scrub) {
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
}

/**
 * SQL functions that make the list filters behave exactly like `matches()` in query.ts:
 * - `prov_lower(text)`: JavaScript's `toLowerCase()` (SQLite's lower() folds ASCII only);
 * - `prov_str(json_type, value)`: JavaScript's `String(v)` of a JSON value, NULL for null/absent.
 */
function registerFunctions(db: SqliteDb): void {
  db.function('prov_lower', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : s));
  db.function('prov_str', { deterministic: true }, (type: unknown, value: unknown) => {
    switch (type) {
      case 'true':
      case 'false':
        return type;
      case 'integer':
      case 'real':
        return String(Number(value));
      case 'text':
        return value;
      case 'array':
      case 'object':
        return String(JSON.parse(String(value)));
      default:
        return null;
    }
  });
}
