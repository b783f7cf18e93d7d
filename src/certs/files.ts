/** @module File helpers for certificates and keys: optional reads and atomic, mode-exact writes. */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';

/** File modes: private keys are readable by the owner only; certificates are public. */
export const KEY_MODE = 0o600;
export const CERT_MODE = 0o644;

/** The file's text, or undefined when it does not exist (other errors are thrown). */
export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes `text` to `path` atomically: a temp file in the same directory, created exclusively
 * with `mode` (chmod'ed again so the umask cannot widen or narrow it), flushed, then renamed
 * over `path`. A crash leaves either the old file or the new one, never a torn key.
 */
export async function writeAtomic(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  await rename(tmp, path);
}

/**
 * Copies `path` to `path.prev` (same mode) when it exists, so an admin can recover the server
 * certificate that a renewal replaced; the live file itself is only ever replaced atomically.
 */
export async function keepPrevious(path: string, mode: number): Promise<void> {
  const text = await readOptional(path);
  if (text !== undefined) await writeAtomic(`${path}.prev`, text, mode);
}
