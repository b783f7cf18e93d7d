/**
 * @module Sends a file from disk on the phone path (uploaded firmware): GET and HEAD, `Range`
 * with one byte range (206 with Content-Range; a range past the end 416 with `bytes * /size`;
 * several ranges, a malformed header or a stale If-Range: the whole file, 200, as RFC 9110 §14.2
 * allows), `Accept-Ranges: bytes`, ETag (the quoted sha256) and If-None-Match (304). Streamed
 * with backpressure, never read whole; a file that vanished before its first byte is a 404.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { etagMatches } from './etag.js';

export interface DiskFile {
  readonly disk: { readonly path: string; readonly size: number };
  readonly etag: string;
  readonly contentType: string;
}

/** Answers `req` with `file`; `done(status)` runs once the status is known (for the metrics). */
export function sendFromDisk(req: IncomingMessage, res: ServerResponse, file: DiskFile, done: (status: number) => void): void {
  const { size, path } = file.disk;
  const common = ['ETag', file.etag, 'Accept-Ranges', 'bytes', 'Cache-Control', 'no-cache'];
  if (etagMatches(req.headers['if-none-match'], file.etag)) {
    res.writeHead(304, common);
    res.end();
    return done(304);
  }
  const range = rangeOf(req, file.etag, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, ['Content-Range', `bytes */${size}`, 'Content-Length', '0', ...common]);
    res.end();
    return done(416);
  }
  const [start, end] = range ?? [0, size - 1];
  const status = range ? 206 : 200;
  const headers = ['Content-Type', file.contentType, 'Content-Length', String(end - start + 1), ...common];
  if (range) headers.push('Content-Range', `bytes ${start}-${end}/${size}`);
  if (req.method === 'HEAD' || size === 0) {
    res.writeHead(status, headers);
    res.end();
    return done(status);
  }
  const stream = createReadStream(path, { start, end });
  stream.once('open', () => {
    res.writeHead(status, headers);
    done(status);
    // A client that goes away mid-file ends the stream; nothing to report.
    pipeline(stream, res).catch(() => res.destroy());
  });
  stream.once('error', (err: NodeJS.ErrnoException) => {
    if (res.headersSent) return;
    const missing = err.code === 'ENOENT';
    const body = missing ? 'Not Found\n' : 'Internal Server Error\n';
    res.writeHead(missing ? 404 : 500, ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(body.length)]);
    res.end(body);
    done(missing ? 404 : 500);
  });
}

// --- internal ---

/** The one range asked for, inclusive; undefined for the whole file; `unsatisfiable` for 416. */
function rangeOf(req: IncomingMessage, etag: string, size: number): [number, number] | 'unsatisfiable' | undefined {
  const header = req.headers.range;
  if (header === undefined) return undefined;
  const ifRange = req.headers['if-range'];
  if (ifRange !== undefined && ifRange !== etag) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    // Suffix: the last n bytes.
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return [start, end];
}
