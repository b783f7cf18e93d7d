/**
 * @module The data folder is private: 0700, and every file provd writes in it 0600 (the SQLite
 * file and its `-wal`/`-shm`, the admin token, the secret key). An existing folder made by an
 * older version (0755 with 0644 files) is fixed at start, with one log line naming what changed.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../logger.js';

/** Mode of the data folder and of folders provd creates for its secrets. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every file provd writes into the data folder. */
export const PRIVATE_FILE_MODE = 0o600;
/** Group and other permission bits: what "private" removes. */
const OPEN_BITS = 0o077;

/** One entry whose mode was changed (or could not be), for the start-up log line. */
export interface ModeChange {
  /** Path relative to the data folder (`.` is the folder itself). */
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** Set when chmod failed (e.g. the entry belongs to another user). */
  readonly error?: string;
}

/**
 * Creates `dir` (and missing parents) with mode 0700. Parents that already exist are left alone:
 * `/etc` or `/var/lib` are not ours to change. An existing `dir` keeps its mode here; the start-up
 * fix is {@link securePrivateDir}.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Makes sure `file` exists with mode 0600 before anything else opens it, creating it empty (and
 * its folder 0700) when missing; an existing file loses its group and other bits. Never truncates.
 *
 * The SQLite store MUST call this on its database file before better-sqlite3 opens it: SQLite
 * creates `-wal` and `-shm` with the mode of the main file, so a main file created by SQLite
 * itself (0644 under the usual umask) gives world-readable journals. An empty file is a valid
 * new database for SQLite.
 */
export function ensurePrivateFile(file: string): void {
  ensurePrivateDir(dirname(file));
  // 'a': O_CREAT without O_TRUNC, so an existing database is untouched.
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  const mode = statSync(file).mode;
  if (mode & OPEN_BITS) chmodSync(file, mode & 0o700);
}

/**
 * Writes `content` to `file` atomically with mode 0600: a temporary file beside it, flushed, then
 * renamed over it, so a reader sees the old content or the new, never half of it.
 */
export function writePrivateFile(file: string, content: string): void {
  const temp = writeTemp(file, content);
  try {
    renameSync(temp, file);
  } catch (err) {
    unlinkSync(temp);
    throw err;
  }
}

/**
 * Creates `file` with `content` (mode 0600, complete when it appears) only if there is none:
 * answers false, changing nothing, when another process created it first.
 */
export function createPrivateFile(file: string, content: string): boolean {
  const temp = writeTemp(file, content);
  try {
    linkSync(temp, file); // atomic, and fails with EEXIST where rename would replace
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * The start-up fix: creates `dir` 0700 when missing; otherwise sets it to 0700 and removes the
 * group and other bits of every entry directly in it (0644 => 0600, 0755 => 0700; the owner's
 * bits are kept so an unexpected file keeps working). Does not descend into sub-folders (a 0700
 * folder already shuts others out of everything below it) and never follows symbolic links.
 * Logs one warning naming every change, nothing when there was none. A chmod that fails (an
 * entry of another user) is named in that line and does not stop the start.
 * @returns the changes made (or attempted), for tests and callers that report them.
 */
export function securePrivateDir(dir: string, logger: Pick<Logger, 'warn'>): ModeChange[] {
  ensurePrivateDir(dir);
  const changes: ModeChange[] = [];
  const fix = (path: string, name: string, target: (mode: number) => number) => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return;
    const mode = st.mode & 0o7777;
    const wanted = target(mode);
    if (mode === wanted) return;
    try {
      chmodSync(path, wanted);
      changes.push({ name, from: octal(mode), to: octal(wanted) });
    } catch (err) {
      changes.push({ name, from: octal(mode), to: octal(wanted), error: (err as NodeJS.ErrnoException).code ?? String(err) });
    }
  };
  fix(dir, '.', () => PRIVATE_DIR_MODE);
  for (const name of readdirSync(dir).sort()) fix(join(dir, name), name, (mode) => mode & ~OPEN_BITS);
  if (changes.length > 0) {
    logger.warn(
      { dir, changed: changes.map((c) => `${c.name} ${c.from} -> ${c.to}${c.error ? ` failed (${c.error})` : ''}`) },
      'data folder was open to other local users; modes fixed'
    );
  }
  return changes;
}

// --- internal ---

/** A new 0600 file beside `file` holding `content`, flushed to disk; answers its path. */
function writeTemp(file: string, content: string): string {
  ensurePrivateDir(dirname(file));
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
