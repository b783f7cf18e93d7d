/**
 * @module A TFTP transfer's bytes read from a file block by block (uploaded firmware, hundreds of
 * MB: never held whole). One descriptor per transfer, opened before the first block and closed
 * when the transfer ends; reads are positional and synchronous (one block, at most blksize
 * bytes, usually from the page cache), so the transfer's state machine stays synchronous.
 */
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { BlockSource } from './transfer.js';

export interface DiskSource extends BlockSource {
  close(): void;
}

/** Opens `path` (of `size` bytes); rejects when it cannot be opened (ENOENT: the caller's ERROR 1). */
export async function openDiskSource(path: string, size: number): Promise<DiskSource> {
  // Opened through the promise API (no blocking open), then used by descriptor.
  const handle = await open(path, 'r');
  const fd = handle.fd;
  let closed = false;
  return {
    length: size,
    subarray(start, end) {
      const buf = Buffer.allocUnsafe(Math.max(0, end - start));
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      return got === buf.length ? buf : buf.subarray(0, got);
    },
    close() {
      if (closed) return;
      closed = true;
      void handle.close();
    },
  };
}

