/**
 * Interop with real TFTP clients from Debian packages: tftp-hpa (`tftp`), atftp and curl
 * (`tftp://`). Downloads must be byte-identical. A missing client skips its cases with a printed
 * reason (CI installs them: `apt-get install -y tftp-hpa atftp curl`). The measured matrix is
 * printed at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNetascii } from '../../src/tftp/netascii.js';
import { startTftp, type Harness } from './harness.js';

const text = Buffer.from(Array.from({ length: 300 }, (_, i) => `line ${i}: key=value\r# bare CR above\n`).join(''));
const files: Record<string, Buffer> = {
  'small.cfg': randomBytes(4000),
  'big.bin': randomBytes(300_000),
  'exact.bin': randomBytes(4096),
  'empty.cfg': Buffer.alloc(0),
  'text.cfg': text,
  'roll.bin': randomBytes(65_600 * 512 + 100), // 65,601 blocks of 512: wraps 65535 -> 0
};

/** The binary is present and is the client we mean (Debian's `tftp` may be another package). */
function present(bin: string, args: string[], marker: RegExp): boolean {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 5000 });
  const found = !r.error && marker.test(`${r.stdout}${r.stderr}`);
  const why = `${bin}: not found or not the expected client (install the Debian package: apt-get install -y tftp-hpa atftp curl)`;
  // CI installs the clients and sets REQUIRE_TFTP_CLIENTS=1: a missing one is then a failure, not a skip.
  if (!found && process.env.REQUIRE_TFTP_CLIENTS === '1') throw new Error(`REQUIRE_TFTP_CLIENTS=1 but ${why}`);
  if (!found) console.log(`tftp interop: skipping ${why}`);
  return found;
}
const has = {
  tftp: present('tftp', ['-V'], /tftp-hpa/),
  atftp: present('atftp', ['--version'], /atftp/),
  curl: present('curl', ['--version'], /^curl .*\btftp\b/ms),
};

interface Run { code: number | null; out: string }
function run(bin: string, args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(input ?? '');
  });
}

let t: Harness;
let dir: string;
let port: number;
const matrix: string[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tftp-interop-'));
  t = await startTftp({ files, timeoutMs: 1000 });
  port = t.port;
  writeFileSync(join(dir, 'upload.txt'), 'upload');
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
  if (matrix.length) console.log(['tftp interop matrix (client | options | file | result):', ...matrix].join('\n'));
});

let n = 0;
const out = () => join(dir, `out-${++n}`);
let scanned = 0;
/** Options the server answered in its OACK for the next completed transfer of `file` ('' = none). */
async function negotiated(file: string): Promise<string> {
  for (const until = Date.now() + 3000; Date.now() < until; await new Promise((r) => setTimeout(r, 5))) {
    for (; scanned < t.logs.length; scanned++) {
      const line = JSON.parse(t.logs[scanned]!) as Record<string, unknown>;
      if (line.msg === 'tftp: transfer complete' && String(line.file).replace(/^\//, '') === file) {
        scanned++;
        return String(line.options);
      }
    }
  }
  throw new Error(`no completed transfer of ${file}`);
}
async function expectFile(client: string, label: string, file: string, path: string, expected = files[file]!): Promise<string> {
  expect(readFileSync(path).equals(expected)).toBe(true);
  const options = await negotiated(file);
  matrix.push(`${client} | ${label} | ${file} | identical${options ? `; OACK ${options}` : '; no OACK'}`);
  return options;
}
const note = (client: string, label: string, file: string, result: string) => matrix.push(`${client} | ${label} | ${file} | ${result}`);

describe.skipIf(!has.tftp)('tftp-hpa client (`tftp`; sends no options)', () => {
  const get = (file: string, path: string, mode = 'octet') => run('tftp', ['-v', '-m', mode, '127.0.0.1', String(port), '-c', 'get', file, path]);

  it.each(['small.cfg', 'big.bin', 'exact.bin', 'empty.cfg'])('octet: %s byte-identical', async (file) => {
    const path = out();
    await get(file, path);
    expect(await expectFile('tftp-hpa', '-m octet', file, path)).toBe('');
  });

  it('netascii (its default mode): decoded back to the identical file', async () => {
    const path = out();
    await run('tftp', ['127.0.0.1', String(port), '-c', 'get', 'text.cfg', path]);
    await expectFile('tftp-hpa', 'default mode (netascii)', 'text.cfg', path);
  });

  it('rollover: 65,601 blocks of 512 byte-identical', async () => {
    const path = out();
    await get('roll.bin', path);
    await expectFile('tftp-hpa', '-m octet', 'roll.bin', path);
  }, 60_000);

  it('unknown file -> "Error code 1"; put -> "Error code 2" (exit status is 0 either way)', async () => {
    const missing = await get('nope.cfg', out());
    expect(missing.out).toContain('Error code 1: File not found');
    const put = await run('tftp', ['-m', 'octet', '127.0.0.1', String(port), '-c', 'put', join(dir, 'upload.txt'), 'up.txt']);
    expect(put.out).toContain('Error code 2: Access violation');
    note('tftp-hpa', '-m octet', 'nope.cfg / put', 'Error code 1 File not found / Error code 2 Access violation');
  });
});

describe.skipIf(!has.atftp)('atftp client', () => {
  const get = (file: string, path: string, ...options: string[]) =>
    run('atftp', ['-g', '-r', file, '-l', path, ...options.flatMap((o) => ['--option', o]), '127.0.0.1', String(port)]);

  it.each([
    [[], 'small.cfg', ''],
    [[], 'exact.bin', ''],
    [[], 'empty.cfg', ''],
    [['blksize 1468', 'tsize 0', 'timeout 2', 'windowsize 4'], 'big.bin', 'tsize 300000 timeout 2 blksize 1468 windowsize 4'],
    [['blksize 8'], 'small.cfg', 'blksize 8'],
    [['blksize 65464'], 'big.bin', 'blksize 65464'],
    [['blksize 1428', 'windowsize 8'], 'big.bin', 'blksize 1428 windowsize 8'],
    [['tsize enable', 'timeout 3'], 'small.cfg', 'timeout 3'], // atftp sends the literal "enable": not a valid tsize
  ])('options %j: %s byte-identical, OACK %j', async (options, file, oack) => {
    const path = out();
    const r = await get(file, path, ...options);
    expect(r.code).toBe(0);
    expect(await expectFile('atftp', options.length ? options.map((o) => `--option "${o}"`).join(' ') : 'default', file, path)).toBe(oack);
  });

  it('netascii (interactive `mode netascii`): decoded back to the identical file', async () => {
    const path = out();
    const r = await run('atftp', ['127.0.0.1', String(port)], `mode netascii\nget text.cfg ${path}\nquit\n`);
    expect(r.code).toBe(0);
    await expectFile('atftp', 'mode netascii', 'text.cfg', path);
  });

  it('rollover: 65,601 blocks of 512 byte-identical', async () => {
    const path = out();
    expect((await get('roll.bin', path)).code).toBe(0);
    await expectFile('atftp', 'default', 'roll.bin', path);
  }, 60_000);

  it('unknown file -> exit 255 with the server message', async () => {
    const r = await get('nope.cfg', out());
    expect(r.code).toBe(255);
    expect(r.out).toContain('File not found');
    note('atftp', 'default', 'nope.cfg', 'exit 255 "File not found"');
  });
});

describe.skipIf(!has.curl)('curl tftp://', () => {
  const get = (file: string, path: string, ...args: string[]) => run('curl', ['-sS', '-o', path, ...args, `tftp://127.0.0.1:${port}/${file}`]);

  it.each([
    [[], 'small.cfg', 'tsize 4000 blksize 512 timeout 6'],
    [[], 'empty.cfg', 'blksize 512 timeout 6'], // no "tsize 0": curl would abort (exit 71)
    [[], 'exact.bin', 'tsize 4096 blksize 512 timeout 6'],
    [['--tftp-blksize', '1468'], 'big.bin', 'tsize 300000 blksize 1468 timeout 6'],
    [['--tftp-blksize', '65464'], 'big.bin', 'tsize 300000 blksize 65464 timeout 6'],
    [['--tftp-no-options'], 'big.bin', ''],
    [['--tftp-no-options'], 'small.cfg', ''],
  ])('%j: %s byte-identical, OACK %j', async (args, file, oack) => {
    const path = out();
    expect((await get(file, path, ...args)).code).toBe(0);
    expect(await expectFile('curl', args.join(' ') || 'default', file, path)).toBe(oack);
  });

  it('netascii (;mode=netascii): curl keeps the wire bytes, which are the exact netascii encoding', async () => {
    const path = out();
    expect((await get('text.cfg;mode=netascii', path)).code).toBe(0);
    await expectFile('curl', ';mode=netascii (not decoded by curl)', 'text.cfg', path, toNetascii(text));
  });

  it.each([[[]], [['--tftp-no-options']]])('rollover %j: 65,601 blocks of 512 byte-identical', async (args) => {
    const path = out();
    expect((await get('roll.bin', path, ...args)).code).toBe(0);
    await expectFile('curl', args.join(' ') || 'default', 'roll.bin', path);
  }, 60_000);

  it('unknown file -> exit 68; upload -> exit 69; traversal -> exit 69', async () => {
    expect((await get('nope.cfg', out())).code).toBe(68);
    expect((await run('curl', ['-sS', '-T', join(dir, 'upload.txt'), `tftp://127.0.0.1:${port}/up.txt`])).code).toBe(69);
    expect((await get('../etc/passwd', out(), '--path-as-is')).code).toBe(69);
    note('curl', 'default', 'nope.cfg / -T / --path-as-is ../etc/passwd', 'exit 68 / 69 / 69');
  });
});
