/** The `provd` command table and its dispatch (serve itself runs in test/main/). */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMANDS, runCli } from '../../src/cli/commands.js';
import { createLogger } from '../../src/logger.js';
import { openSecrets } from '../../src/secrets/secrets.js';
import { ROOT } from '../helpers/server-process.js';

/** Runs provd with `argv`; answers the exit code and what it wrote. */
async function provd(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const proc = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } } as unknown as NodeJS.Process;
  const code = await runCli(argv, { env: {}, proc });
  return { code, stdout, stderr };
}

describe('provd', () => {
  const version = (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string }).version;

  it.each([['--version'], ['-v'], ['version']])('%s prints the version of package.json', async (arg) => {
    expect(await provd(arg)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('help lists every command of the table with its summary', async () => {
    const { code, stdout } = await provd('help');

    expect(code).toBe(0);
    for (const [name, command] of Object.entries(COMMANDS)) expect(stdout).toMatch(new RegExp(`^  ${name} +${command.summary.replace(/[()*.]/g, '\\$&')}$`, 'm'));
    expect((await provd('--help')).stdout).toBe(stdout);
  });

  it('refuses an unknown command with exit code 2, suggesting the nearest one', async () => {
    expect(await provd('serv')).toEqual({ code: 2, stdout: '', stderr: 'provd: unknown command "serv"; did you mean serve? (provd help lists them)\n' });
    expect((await provd('constructor')).code).toBe(2);
  });

  it('runs serve when no command is given', async () => {
    // The first thing serve does is read the configuration: an invalid one shows serve ran.
    let stderr = '';
    const proc = { stderr: { write: (s: string) => (stderr += s) } } as unknown as NodeJS.Process;

    const code = await runCli([], { env: { PROV_HTTP_PORT: 'not-a-port' }, proc });

    expect(code).toBe(1);
    expect(stderr).toContain('PROV_HTTP_PORT');
  });

  it('rotate-key --add-only, run as the bin, puts a new key first in the configured key file and keeps the old one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provd-cli-'));
    const keyFile = join(dir, 'secret-key');
    const env = { PATH: process.env.PATH, PROV_DATA_DIR: dir, PROV_SECRET_KEY_FILE: keyFile };
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [join(ROOT, 'dist/main.js'), ...args], { env, encoding: 'utf8' });
    try {
      const failed = (err: { code: number; stdout: string }) => err;
      const wrong = await run('rotate-key', '--bogus').catch(failed);
      const noFile = await run('rotate-key', '--add-only').catch(failed); // the server never started here
      openSecrets({ keyFile, logger: createLogger({ level: 'silent' }) }); // what its first start does
      const ids = () => readFileSync(keyFile, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split(' ')[0]);
      const before = ids();
      const added = await run('rotate-key', '--add-only');

      expect(wrong).toMatchObject({ code: 2 });
      expect(noFile).toMatchObject({ code: 1, stdout: expect.stringMatching(/PROV_ERR_SECRET_KEY_INVALID.*cannot be read/) });
      expect(added.stdout).toMatch(/"level":"info".*new secret key added/);
      expect(ids()).toHaveLength(before.length + 1);
      expect(ids().slice(1)).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
