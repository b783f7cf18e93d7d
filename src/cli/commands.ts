/**
 * @module The `provd` command line: the local commands (serve, rotate-key, vendors, version, help) in
 * COMMANDS, the API client commands in client/ (import, export, render, users, phones, token, ca),
 * all parsed by commander (program.ts). `provd` alone runs `serve`. Exit codes: 0 done, 1 failed,
 * 2 a usage error (unknown command or option, missing argument).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_DIR } from '../config.js';
import { runProgram } from './program.js';

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

/** The commands that run on the server's own machine and configuration (not API clients). */
export const COMMANDS: Readonly<Record<string, Command>> = {
  // Loaded when run: the API client commands start without loading the server (express, SQLite, ...).
  serve: { summary: 'start the server (the default); configured by PROV_* variables or PROV_CONFIG_FILE', run: async (ctx) => (await import('./serve.js')).serve(ctx) },
  'rotate-key': {
    summary: 'add a secret key and re-seal stored secrets under it (--add-only, --reseal, --retire; README "Secrets at rest")',
    run: async (ctx) => (await import('./rotate-key.js')).rotateKey(ctx),
  },
  vendors: {
    summary: 'vendors table: print the README vendor table generated from the vendor descriptors; --write replaces it in README.md (README "Adding a vendor")',
    run: async (ctx) => (await import('./vendors-table.js')).vendorsCommand(ctx),
  },
  version: { summary: 'print the version (also --version)', run: async ({ proc }) => (proc.stdout.write(`${version()}\n`), 0) },
  help: { summary: 'list the commands (also --help); provd help <command> explains one', run: async () => 0 },
};

/** Runs the command `argv[0]` names (serve when none); an unknown one is exit code 2. */
export async function runCli(argv: readonly string[], ctx: Omit<CliContext, 'args'>): Promise<number | undefined> {
  return runProgram(argv, ctx, { local: COMMANDS, version: version() });
}

/** The version in package.json of the install folder. */
export function version(): string {
  return (JSON.parse(readFileSync(join(INSTALL_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}
