/**
 * @module The firmware folder (PROV_FIRMWARE_DIR): the bytes, content-addressed in
 * `blobs/<sha256>`, and one manifest per vendor's model in `manifests/<vendor>/<model>.json`.
 * Uploads stream to `tmp/` (never held in memory whole), hashing and counting on the way; only a
 * complete, fsynced file is renamed into place, then the manifest (also written to tmp/,
 * fsynced, renamed). A failure at any step (size limit, client gone, disk full) leaves the
 * previous firmware and its manifest as they were and removes the partial file.
 * Nodes sharing one Redis must share this folder (the store only carries the news of a change).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ProvError } from '../errors.js';
import { FirmwareRecordSchema, type FirmwareRecord } from './types.js';

export interface FirmwareRepository {
  readonly dir: string;
  /** Largest upload accepted, bytes (PROV_FIRMWARE_MAX_BYTES). */
  readonly maxBytes: number;
  /**
   * Streams `body` into the folder and records it as the model's firmware, replacing the one
   * before (whose bytes are removed when no other model uses them).
   * `accept` sees the record once the bytes are hashed, before anything is replaced; its throw
   * aborts the upload with nothing changed.
   * @throws ProvError PROV_ERR_FIRMWARE_TOO_LARGE (413) past `maxBytes`; the stream's error otherwise.
   */
  put(target: { vendor: string; model: string; filename: string }, body: Readable, accept?: (record: FirmwareRecord) => Promise<void>): Promise<FirmwareRecord>;
  /** The model's manifest, or undefined (none, or unreadable: logged by the caller). */
  read(vendor: string, model: string): Promise<FirmwareRecord | undefined>;
  /** Every readable manifest, ordered by vendor then model (an unreadable one is reported to `warn` and skipped). */
  list(): Promise<FirmwareRecord[]>;
  /** Removes the model's manifest (and its bytes when no other model uses them); answers what it was. */
  remove(vendor: string, model: string): Promise<FirmwareRecord | undefined>;
  /** Where the bytes of `sha256` are. */
  blobPath(sha256: string): string;
}

export interface FirmwareRepositoryOptions {
  readonly dir: string;
  readonly maxBytes: number;
  readonly now?: () => Date;
  /** Told of a manifest list() skipped (unreadable or not a manifest); default: nowhere. */
  readonly warn?: (path: string, reason: string) => void;
}

export function createFirmwareRepository(options: FirmwareRepositoryOptions): FirmwareRepository {
  const { dir, maxBytes } = options;
  const now = options.now ?? (() => new Date());
  const tmpDir = join(dir, 'tmp');
  const blobs = join(dir, 'blobs');
  const manifests = join(dir, 'manifests');
  // Vendor ids and model names come from the descriptors ([A-Za-z0-9._+-]); `.`/`..` would still leave the folder.
  const manifestPath = (vendor: string, model: string) => {
    if ([vendor, model].some((part) => part === '.' || part === '..' || !/^[A-Za-z0-9._+-]+$/.test(part))) throw new Error(`unusable firmware key ${vendor}/${model}`);
    return join(manifests, vendor, `${model}.json`);
  };
  const blobPath = (sha256: string) => join(blobs, sha256);

  const read = async (vendor: string, model: string) => {
    let text: string;
    try {
      text = await readFile(manifestPath(vendor, model), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    return FirmwareRecordSchema.parse(JSON.parse(text));
  };

  const list = async () => {
    const out: FirmwareRecord[] = [];
    for (const vendor of (await entries(manifests)).sort()) {
      for (const file of (await entries(join(manifests, vendor))).sort()) {
        if (!file.endsWith('.json')) continue;
        try {
          const record = await read(vendor, file.slice(0, -5));
          if (record) out.push(record);
        } catch (err) {
          options.warn?.(manifestPath(vendor, file.slice(0, -5)), (err as Error).message);
        }
      }
    }
    return out;
  };

  // Changes of the folder (from the hashed file on) run one at a time in this process, so two
  // uploads of one model cannot both keep the bytes before and orphan one another's.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(step: () => Promise<T>): Promise<T> => {
    const run = tail.then(step);
    tail = run.catch(() => undefined);
    return run;
  };

  /** Removes the bytes of `sha256` unless a manifest still names them. */
  const collect = async (sha256: string) => {
    if ((await list()).some((r) => r.sha256 === sha256)) return;
    await rm(blobPath(sha256), { force: true });
  };

  return {
    dir,
    maxBytes,
    blobPath,
    read,
    list,
    async put(target, body, accept) {
      await Promise.all([mkdir(tmpDir, { recursive: true, mode: 0o750 }), mkdir(blobs, { recursive: true, mode: 0o750 }), mkdir(join(manifests, target.vendor), { recursive: true, mode: 0o750 })]);
      const tmp = join(tmpDir, randomUUID());
      const hash = createHash('sha256');
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > maxBytes) return done(new ProvError('PROV_ERR_FIRMWARE_TOO_LARGE', [maxBytes]));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        // flush: the file is fsynced before it is closed, so the rename below never publishes a hole.
        await pipeline(body, counter, createWriteStream(tmp, { flags: 'wx', mode: 0o640, flush: true }));
        const sha256 = hash.digest('hex');
        const record: FirmwareRecord = { vendor: target.vendor, model: target.model, filename: target.filename, size, sha256, uploaded_at: now().toISOString() };
        return await exclusive(async () => {
          await accept?.(record);
          await rename(tmp, blobPath(sha256));
          await syncDir(blobs);
          const previous = await read(target.vendor, target.model).catch(() => undefined);
          await writeDurably(join(tmpDir, `${randomUUID()}.json`), manifestPath(target.vendor, target.model), `${JSON.stringify(record)}\n`);
          if (previous && previous.sha256 !== sha256) await collect(previous.sha256);
          return record;
        });
      } finally {
        await rm(tmp, { force: true });
      }
    },
    remove: (vendor, model) =>
      exclusive(async () => {
        const record = await read(vendor, model);
        if (!record) return undefined;
        await rm(manifestPath(vendor, model), { force: true });
        await collect(record.sha256);
        return record;
      }),
  };
}

// --- internal ---

async function entries(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Writes `text` to `tmp`, fsyncs it and renames it over `target` (atomic on one file system). */
async function writeDurably(tmp: string, target: string, text: string): Promise<void> {
  try {
    await writeFile(tmp, text, { mode: 0o640, flush: true });
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
  }
  await syncDir(join(target, '..'));
}

/** fsync of a folder, so a rename in it survives a crash. */
async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
