/** @module curl as a real HTTP client in tests (Digest, Basic, TLS), run asynchronously so an in-process server keeps serving. */
import { execFile } from 'node:child_process';

export interface CurlAnswer {
  readonly status: number;
  readonly body: string;
  /** curl's own messages (with `-v`: the request headers it sent, `> ` lines). */
  readonly stderr: string;
}

/** `curl -sS -k <args> <url>`: the final status and body (after curl's own Digest round trip). */
export function curl(url: string, args: readonly string[] = []): Promise<CurlAnswer> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-sS', '-k', '--max-time', '20', ...args, '-o', '-', '-w', '\n%{http_code}', url], { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`curl failed: ${stderr || err.message}`));
      const cut = stdout.lastIndexOf('\n');
      resolve({ status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut), stderr });
    });
  });
}
