/**
 * @module The secret key file (`<dataDir>/secret-key`, or PROV_SECRET_KEY_FILE): one key per
 * line, newest first. The first key seals; every key opens, so a rotation is online.
 *
 *     # comment lines and blank lines are ignored
 *     <id> <32 random bytes, base64url (43 characters)>
 *
 * Ids are 1-32 characters of [A-Za-z0-9_-] (generated ones are 8 hex digits), unique in the file.
 * Mode 0600. A file open to group or others is fixed to 0600 with a warning (the operator should
 * then rotate); when it cannot be fixed (not ours), the server refuses to start.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import type { Logger } from '../logger.js';
import { ProvError } from '../errors.js';
import { createPrivateFile, PRIVATE_FILE_MODE, writePrivateFile } from './data-dir.js';

/** One key of the file: its id (written into every value it seals) and its 32 secret bytes. */
export interface KeyEntry {
  readonly id: string;
  readonly secret: Buffer;
}

const KEY_BYTES = 32;
const LINE = /^([A-Za-z0-9_-]{1,32})\s+([A-Za-z0-9_-]{43})$/;
const HEADER = [
  '# provd secret keys, newest first: the first seals, every one opens (see README "Secrets at rest").',
  '# Back this file up with the data: without it the encrypted fields cannot be read. Mode 0600.',
];

/** A new random key whose id is not among `taken`. */
export function newKeyEntry(taken: Iterable<string> = []): KeyEntry {
  const used = new Set(taken);
  let id: string;
  do id = randomBytes(4).toString('hex');
  while (used.has(id));
  return { id, secret: randomBytes(KEY_BYTES) };
}

/**
 * Parses the text of a key file. Error messages name the line, never a key.
 * @throws ProvError PROV_ERR_SECRET_KEY_INVALID when a line is malformed, an id repeats or no key is present.
 */
export function parseKeyFile(text: string, file: string): KeyEntry[] {
  const entries: KeyEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw invalid(file, `line ${i + 1} is not "<id> <key>" (id: 1-32 of A-Z a-z 0-9 _ -, key: 32 bytes base64url)`);
    if (entries.some((e) => e.id === m[1])) throw invalid(file, `line ${i + 1}: key id ${m[1]} appears twice`);
    // 43 base64url characters are always 32 bytes.
    entries.push({ id: m[1]!, secret: Buffer.from(m[2]!, 'base64url') });
  }
  if (entries.length === 0) throw invalid(file, 'it holds no key');
  return entries;
}

/** The text of a key file holding `entries` (newest first). */
export function formatKeyFile(entries: readonly KeyEntry[]): string {
  return [...HEADER, ...entries.map((e) => `${e.id} ${e.secret.toString('base64url')}`), ''].join('\n');
}

/**
 * Reads and parses the key file, first making it private (see the module note).
 * @throws ProvError PROV_ERR_SECRET_KEY_INVALID when it is missing, unreadable, malformed, not a
 *   regular file, or open to others and not ours to fix.
 */
export function readKeyFile(file: string, logger: Pick<Logger, 'warn'>): KeyEntry[] {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw invalid(file, 'it is not a regular file');
    const mode = st.mode & 0o777;
    if (mode & 0o077) {
      try {
        chmodSync(file, PRIVATE_FILE_MODE);
      } catch (err) {
        throw invalid(file, `it is readable by group or others (mode 0${mode.toString(8)}) and cannot be made private (${code(err)}); as its owner run: chmod 600 ${file}`);
      }
      logger.warn({ file, from: `0${mode.toString(8)}`, to: '0600' }, 'secret key file was open to other local users; mode fixed (rotate the key if someone may have copied it)');
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ProvError) throw err;
    throw invalid(file, `it cannot be read (${code(err)})`, err);
  }
  return parseKeyFile(text, file);
}

/**
 * First start: creates the key file with one new key when none exists, and answers whether it did.
 * Creation is atomic and never replaces a file another process created meanwhile (cluster
 * workers, a second node sharing the folder). An existing file is left as it is (readKeyFile checks it).
 * @throws ProvError PROV_ERR_SECRET_KEY_INVALID when the file or its folder cannot be created.
 */
export function ensureKeyFile(file: string, logger: Pick<Logger, 'info'>): boolean {
  if (exists(file)) return false;
  const entries = [newKeyEntry()];
  let created: boolean;
  try {
    created = createPrivateFile(file, formatKeyFile(entries));
  } catch (err) {
    throw invalid(file, `it cannot be created (${code(err)})`, err);
  }
  if (!created) return false;
  logger.info({ file, keyId: entries[0]!.id }, 'secret key generated; back it up with the data');
  return true;
}

/**
 * Replaces the key file atomically (rotation): mode 0600, readers see the old or the new file.
 * @throws ProvError PROV_ERR_SECRET_KEY_INVALID when it cannot be written.
 */
export function writeKeyFile(file: string, entries: readonly KeyEntry[]): void {
  if (entries.length === 0) throw invalid(file, 'refusing to write a key file without keys');
  try {
    writePrivateFile(file, formatKeyFile(entries));
  } catch (err) {
    throw invalid(file, `it cannot be written (${code(err)})`, err);
  }
}

// --- internal ---

function invalid(file: string, why: string, cause?: unknown): ProvError {
  return new ProvError('PROV_ERR_SECRET_KEY_INVALID', [file, why], { cause });
}

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (err) {
    if (code(err) === 'ENOENT') return false;
    throw invalid(file, `it cannot be read (${code(err)})`, err);
  }
}
