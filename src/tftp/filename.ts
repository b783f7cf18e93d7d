/**
 * @module File name checks for TFTP read requests. TFTP cannot authenticate and the server never
 * reads the file system, but names still go to the provisioning service, so anything that looks
 * like traversal or an encoding trick is refused (ERROR 2, access violation) before any lookup.
 */

/** Longest accepted name in bytes (as sent, before the leading `/` is stripped). */
export const MAX_FILENAME_BYTES = 255;

export type FilenameCheck =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a requested name (decoded latin1: one char per byte). Contract: a single leading `/` is
 * stripped (clients often send one); then refused are empty names, other absolute paths (a second
 * `/`, a drive letter `C:`), `..` segments, backslashes, NUL, bytes outside printable ASCII
 * (0x20-0x7e) and names over 255 bytes. The accepted name is what the caller looks up.
 */
export function checkFilename(raw: string): FilenameCheck {
  if (raw.length > MAX_FILENAME_BYTES) return { ok: false, reason: 'name too long' };
  const name = raw.startsWith('/') ? raw.slice(1) : raw;
  if (name.length === 0) return { ok: false, reason: 'empty name' };
  if (!/^[\x20-\x7e]+$/.test(name)) return { ok: false, reason: 'non-printable or non-ASCII character' };
  if (name.includes('\\')) return { ok: false, reason: 'backslash' };
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return { ok: false, reason: 'absolute path' };
  if (name.split('/').includes('..')) return { ok: false, reason: 'parent directory segment' };
  return { ok: true, name };
}
