/** The logger's redaction: secrets logged by mistake never reach a line (issue 10: RPS account secrets too). */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

function lineOf(log: (logger: ReturnType<typeof createLogger>) => void): string {
  let text = '';
  const destination = new Writable({ write: (chunk, _enc, cb) => ((text += String(chunk)), cb()) });
  log(createLogger({ level: 'info', destination }));
  return text;
}

describe('createLogger', () => {
  it('redacts RPS account secrets at the top level and one level down, keeping the other fields', () => {
    const text = lineOf((logger) =>
      logger.info({ access_key_secret: 'top-secret-1', account: { vendor: 'yealink', password: 'pw-secret-2', access_key_secret: 'key-secret-3', accessKeySecret: 'key-secret-4' } }, 'x')
    );

    for (const secret of ['top-secret-1', 'pw-secret-2', 'key-secret-3', 'key-secret-4']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ access_key_secret: '[redacted]', account: { vendor: 'yealink', access_key_secret: '[redacted]' } });
  });
});
