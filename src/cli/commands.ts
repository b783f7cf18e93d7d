/**
 * @module The `provd` command line: a table of subcommands and the dispatch over it. Adding a
 * command is one entry in COMMANDS (name, one-line summary, run). `provd` alone runs `serve`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_DIR } from '../config.js';
import { nearest } from '../config-names.js';
import { rotateKey } from './rotate-key.js';
import { serve } from './serve.js';

/** What a command gets: its arguments, the environment and the process (streams, signals, exit). */
export interface CliContext {
  /** Arguments after the command name. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly proc: NodeJS.Process;
}

export interface Command {
  /** One line for `provd help`. */
  readonly summary: string;
  /** Resolves with the exit code, or undefined for a command that keeps running (serve). */
  run(ctx: CliContext): Promise<number | undefined>;
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  serve: { summary: 'start the server (the default); configured by PROV_* variables or PROV_CONFIG_FILE', run: serve },
  'rotate-key': { summary: 'add a secret key and re-seal stored secrets under it (--add-only, --reseal, --retire; README "Secrets at rest")', run: rotateKey },
  version: { summary: 'print the version (also --version)', run: async ({ proc }) => (proc.stdout.write(`${version()}\n`), 0) },
  help: { summary: 'list the commands (also --help)', run: async ({ proc }) => (proc.stdout.write(usage()), 0) },
};

const ALIASES: Readonly<Record<string, string>> = { '--version': 'version', '-v': 'version', '--help': 'help', '-h': 'help' };

/** Runs the command `argv[0]` names (serve when none); an unknown one is exit code 2. */
export async function runCli(argv: readonly string[], ctx: Omit<CliContext, 'args'>): Promise<number | undefined> {
  const [first, ...args] = argv;
  const name = first === undefined ? 'serve' : Object.hasOwn(ALIASES, first) ? ALIASES[first]! : first;
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const guess = nearest(name, Object.keys(COMMANDS));
    ctx.proc.stderr.write(`provd: unknown command "${name}"${guess ? `; did you mean ${guess}?` : ''} (provd help lists them)\n`);
    return 2;
  }
  return command.run({ ...ctx, args });
}

/** The version in package.json of the install folder. */
export function version(): string {
  return (JSON.parse(readFileSync(join(INSTALL_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `provd ${version()}: phone auto-provisioning server\n\nusage: provd [command]\n\ncommands:\n${lines.join('\n')}\n`;
}
