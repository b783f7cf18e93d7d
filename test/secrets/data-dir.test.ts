/**
 * The data folder is private (issue 9, §3): 0700, files 0600, an old 0755/0644 folder fixed at
 * start with one log line; SQLite's -wal/-shm follow the main file's 0600. Real files, real modes.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrivateFile, ensurePrivateFile, securePrivateDir, writePrivateFile } from '../../src/secrets/data-dir.js';
import { collectingLogger, tempDir } from '../certs/support.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('securePrivateDir', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('creates a missing data folder (and its missing parents) 0700, logging nothing', () => {
    const { logger, logs } = collectingLogger();
    const dir = join(tmp.dir, 'var', 'provd');

    securePrivateDir(dir, logger);

    expect(modeOf(dir)).toBe(0o700);
    expect(logs).toEqual([]);
  });

  it('fixes an existing 0755 folder and its 0644 files, in one log line naming each change', () => {
    const dir = join(tmp.dir, 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    for (const name of ['provd.sqlite', 'provd.sqlite-wal', 'provd.sqlite-shm']) writeFileSync(join(dir, name), 'x', { mode: 0o644 });
    writeFileSync(join(dir, 'admin-token'), 'token', { mode: 0o600 });
    writeFileSync(join(dir, 'backup.sh'), '#!/bin/sh', { mode: 0o755 });
    mkdirSync(join(dir, 'old'), { mode: 0o755 });
    writeFileSync(join(dir, 'old', 'inner.txt'), 'x', { mode: 0o644 });
    const outside = join(tmp.dir, 'outside.txt');
    writeFileSync(outside, 'x', { mode: 0o644 });
    symlinkSync(outside, join(dir, 'link'));
    const { logger, logs } = collectingLogger();

    securePrivateDir(dir, logger);

    expect(modeOf(dir)).toBe(0o700);
    for (const name of ['provd.sqlite', 'provd.sqlite-wal', 'provd.sqlite-shm', 'admin-token']) expect(modeOf(join(dir, name)), name).toBe(0o600);
    expect(modeOf(join(dir, 'backup.sh'))).toBe(0o700); // the owner's bits are kept
    expect(modeOf(join(dir, 'old'))).toBe(0o700);
    expect(modeOf(join(dir, 'old', 'inner.txt'))).toBe(0o644); // not descended into: the 0700 folder guards it
    expect(modeOf(outside)).toBe(0o644); // a symbolic link is never followed
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ level: 'warn', dir });
    expect(logs[0]!.changed).toEqual([
      '. 0755 -> 0700', 'backup.sh 0755 -> 0700', 'old 0755 -> 0700',
      'provd.sqlite 0644 -> 0600', 'provd.sqlite-shm 0644 -> 0600', 'provd.sqlite-wal 0644 -> 0600',
    ]);
  });

  it('logs nothing when the folder is private already', () => {
    const dir = join(tmp.dir, 'data');
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'provd.sqlite'), '', { mode: 0o600 });
    const { logger, logs } = collectingLogger();

    expect(securePrivateDir(dir, logger)).toEqual([]);
    expect(logs).toEqual([]);
  });
});

describe('ensurePrivateFile', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('creates the SQLite file 0600 first, so SQLite creates -wal and -shm 0600 too', () => {
    const file = join(tmp.dir, 'data', 'provd.sqlite');

    ensurePrivateFile(file);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec("CREATE TABLE users (doc TEXT); INSERT INTO users VALUES ('{\"extension_password\":\"s3cret\"}')");

    expect(readdirSync(join(tmp.dir, 'data')).sort()).toEqual(['provd.sqlite', 'provd.sqlite-shm', 'provd.sqlite-wal']);
    for (const name of ['provd.sqlite', 'provd.sqlite-wal', 'provd.sqlite-shm']) expect(modeOf(join(tmp.dir, 'data', name)), name).toBe(0o600);
    expect(modeOf(join(tmp.dir, 'data'))).toBe(0o700);
    db.close();
  });

  it('keeps the content of an existing database and takes away its group and other bits', () => {
    const file = join(tmp.dir, 'provd.sqlite');
    writeFileSync(file, 'existing bytes', { mode: 0o644 });

    ensurePrivateFile(file);

    expect(readFileSync(file, 'utf8')).toBe('existing bytes');
    expect(modeOf(file)).toBe(0o600);
  });
});

describe('createPrivateFile', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('creates a missing file 0600, and never replaces one another process created first', () => {
    const file = join(tmp.dir, 'secret-key');

    expect(createPrivateFile(file, 'first\n')).toBe(true);
    expect(createPrivateFile(file, 'second\n')).toBe(false);

    expect(readFileSync(file, 'utf8')).toBe('first\n');
    expect(modeOf(file)).toBe(0o600);
    expect(readdirSync(tmp.dir)).toEqual(['secret-key']);
  });
});

describe('writePrivateFile', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('replaces a 0644 file with a 0600 one holding the new content, leaving no temporary file', () => {
    const file = join(tmp.dir, 'admin-token');
    writeFileSync(file, 'old', { mode: 0o644 });

    writePrivateFile(file, 'new\n');

    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(modeOf(file)).toBe(0o600);
    expect(readdirSync(tmp.dir)).toEqual(['admin-token']);
  });
});
