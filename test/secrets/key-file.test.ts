/**
 * The secret key file: generated at first start (0600), several keys newest first, clear errors
 * for a file that is malformed, unreadable, or open to others and not ours to fix (issue 9, §3).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureKeyFile, formatKeyFile, newKeyEntry, parseKeyFile, readKeyFile } from '../../src/secrets/key-file.js';
import { collectingLogger, tempDir } from '../certs/support.js';
import { provErrorOf } from './support.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;
const KEY = 'A'.repeat(43);

describe('the key file', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('is generated at first start, mode 0600 in a 0700 folder, holding one key', () => {
    const { logger, logs } = collectingLogger();
    const file = join(tmp.dir, 'data', 'secret-key');

    expect(ensureKeyFile(file, logger)).toBe(true);

    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(join(tmp.dir, 'data'))).toBe(0o700);
    const [key, ...more] = readKeyFile(file, logger);
    expect(more).toEqual([]);
    expect(key!.id).toMatch(/^[0-9a-f]{8}$/);
    expect(key!.secret).toHaveLength(32);
    expect(logs.map((l) => l.msg)).toEqual(['secret key generated; back it up with the data']);
    expect(JSON.stringify(logs)).not.toContain(key!.secret.toString('base64url'));
  });

  it('is kept as it is on later starts', () => {
    const { logger } = collectingLogger();
    const file = join(tmp.dir, 'secret-key');
    ensureKeyFile(file, logger);
    const before = readFileSync(file, 'utf8');

    expect(ensureKeyFile(file, logger)).toBe(false);

    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('holds several keys newest first, with comments and blank lines ignored', () => {
    const keys = [newKeyEntry(), newKeyEntry()];
    const text = `# note\n\n${formatKeyFile(keys)}\n   \n`;

    expect(parseKeyFile(text, 'f')).toEqual(keys);
  });

  it.each([
    ['a line that is not "<id> <key>"', `k1 ${KEY}\nnot a key line\n`, 'line 2 is not "<id> <key>"'],
    ['a key that is not 32 bytes', 'k1 AAAA\n', 'line 1 is not "<id> <key>"'],
    ['an id given twice', `k1 ${KEY}\nk1 ${KEY.replace('A', 'B')}\n`, 'line 2: key id k1 appears twice'],
    ['no key at all', '# only a comment\n\n', 'it holds no key'],
  ])('is refused at start when it has %s, naming the file and never a key', (_what, text, why) => {
    const file = join(tmp.dir, 'secret-key');
    writeFileSync(file, text, { mode: 0o600 });

    const err = provErrorOf(() => readKeyFile(file, collectingLogger().logger));

    expect(err.code).toBe('PROV_ERR_SECRET_KEY_INVALID');
    expect(err.message).toContain(file);
    expect(err.message).toContain(why);
    expect(err.message).not.toContain(KEY);
  });

  it('is refused when the path is a folder', () => {
    const file = join(tmp.dir, 'secret-key');
    mkdirSync(file);

    expect(provErrorOf(() => readKeyFile(file, collectingLogger().logger)).message).toContain('it is not a regular file');
  });

  it('that is open to group or others is made 0600 with a warning to rotate, and read', () => {
    const { logger, logs } = collectingLogger();
    const file = join(tmp.dir, 'secret-key');
    const keys = [newKeyEntry()];
    writeFileSync(file, formatKeyFile(keys));
    chmodSync(file, 0o644);

    expect(readKeyFile(file, logger)).toEqual(keys);

    expect(modeOf(file)).toBe(0o600);
    expect(logs).toEqual([expect.objectContaining({ level: 'warn', file, from: '0644', to: '0600' })]);
    expect(String(logs[0]!.msg)).toContain('rotate the key');
  });

  // Root reads and chmods anything: these two run the check as `nobody` in a child process.
  describe.skipIf(process.getuid?.() !== 0)('read by another user than its owner (needs root to switch user)', () => {
    it('is refused when unreadable, or open to others and not ours to fix', () => {
      chmodSync(tmp.dir, 0o755);
      const unreadable = join(tmp.dir, 'unreadable');
      writeFileSync(unreadable, formatKeyFile([newKeyEntry()]), { mode: 0o600 });
      const foreign = join(tmp.dir, 'foreign');
      writeFileSync(foreign, formatKeyFile([newKeyEntry()]), { mode: 0o644 });

      const [a, b] = readAsNobody([unreadable, foreign]);

      expect(a).toEqual({ code: 'PROV_ERR_SECRET_KEY_INVALID', message: `Secret key file ${unreadable} cannot be used: it cannot be read (EACCES)` });
      expect(b!.code).toBe('PROV_ERR_SECRET_KEY_INVALID');
      expect(b!.message).toContain('readable by group or others (mode 0644) and cannot be made private (EPERM)');
      expect(b!.message).toContain(`chmod 600 ${foreign}`);
      expect(modeOf(foreign)).toBe(0o644);
    });
  });
});

// --- internal ---

const SRC = fileURLToPath(new URL('../../src/secrets/key-file.ts', import.meta.url));

/** Runs readKeyFile on each file as uid/gid 65534 and answers each error's code and message. */
function readAsNobody(files: string[]): { code: string; message: string }[] {
  const script = `import { readKeyFile } from ${JSON.stringify(SRC)};
    const out = process.argv.slice(1).map((f) => { try { readKeyFile(f, { warn() {} }); return null; } catch (e) { return { code: e.code, message: e.message }; } });
    console.log(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, ...files], {
    uid: 65534, gid: 65534, encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  if (run.status !== 0) throw new Error(`child failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { code: string; message: string }[];
}
