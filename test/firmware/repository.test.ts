/** The firmware folder on its own: concurrent replacements leave no orphan, unreadable manifests are skipped and reported. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFirmwareRepository } from '../../src/firmware/repository.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'provd-fw-repo-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('firmware repository', () => {
  it('two uploads of one model at once: the last manifest wins and only its bytes stay', async () => {
    const repo = createFirmwareRepository({ dir, maxBytes: 1 << 20 });
    const bodies = [randomBytes(300_000), randomBytes(300_000), randomBytes(300_000)];
    const records = await Promise.all(bodies.map((b) => repo.put({ vendor: 'yealink', model: 'T33G', filename: 'fw.rom' }, Readable.from([b]))));
    const kept = await repo.read('yealink', 'T33G');
    expect(records.map((r) => r.sha256)).toContain(kept!.sha256);
    expect(readdirSync(join(dir, 'blobs'))).toStrictEqual([kept!.sha256]);
    expect(readdirSync(join(dir, 'tmp'))).toStrictEqual([]);
  });

  it('keeps one file for two models with the same bytes until neither names it', async () => {
    const repo = createFirmwareRepository({ dir, maxBytes: 1 << 20 });
    const body = randomBytes(1000);
    await repo.put({ vendor: 'yealink', model: 'T33G', filename: 'fw.rom' }, Readable.from([body]));
    await repo.put({ vendor: 'yealink', model: 'T31G', filename: 'fw.rom' }, Readable.from([body]));
    await repo.remove('yealink', 'T33G');
    expect(readdirSync(join(dir, 'blobs'))).toStrictEqual([sha(body)]);
    await repo.remove('yealink', 'T31G');
    expect(readdirSync(join(dir, 'blobs'))).toStrictEqual([]);
  });

  it('skips an unreadable manifest and reports it; the others are listed', async () => {
    const warned: string[] = [];
    const repo = createFirmwareRepository({ dir, maxBytes: 1 << 20, warn: (path) => warned.push(path) });
    await repo.put({ vendor: 'snom', model: 'D120', filename: 'd120.bin' }, Readable.from([Buffer.from('x')]));
    mkdirSync(join(dir, 'manifests', 'yealink'), { recursive: true });
    writeFileSync(join(dir, 'manifests', 'yealink', 'T33G.json'), '{ not json');
    expect((await repo.list()).map((r) => r.model)).toStrictEqual(['D120']);
    expect(warned).toStrictEqual([join(dir, 'manifests', 'yealink', 'T33G.json')]);
  });
});
