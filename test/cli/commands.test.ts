/** The `provd` command table and its dispatch (serve itself runs in test/main/). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, runCli } from '../../src/cli/commands.js';
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
});
