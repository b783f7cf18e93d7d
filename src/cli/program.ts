/**
 * @module The commander program behind `provd`: the local commands of COMMANDS and the API
 * client commands (client/register.ts), `--help` on every one, and the exit-code contract
 * (0 done, 1 failed, 2 usage error). Help lines are never wrapped off a terminal, so scripts and
 * tests see one line per command.
 */
import { Command as Program, CommanderError } from 'commander';
import { nearest } from '../config-names.js';
import type { CliContext, Command } from './commands.js';
import { registerClientCommands } from './client/register.js';

export interface ProgramOptions {
  /** serve, rotate-key, vendors, version, help: name -> summary and run. */
  readonly local: Readonly<Record<string, Command>>;
  readonly version: string;
}

/** Parses `argv` and runs the command it names; resolves with its exit code (undefined: serve keeps running). */
export async function runProgram(argv: readonly string[], ctx: Omit<CliContext, 'args'>, options: ProgramOptions): Promise<number | undefined> {
  const state: { code: number | undefined } = { code: 0 };
  const program = buildProgram(ctx, options, state);
  const first = argv[0];
  const names = [...program.commands.map((c) => c.name()), 'help'];
  if (first !== undefined && !first.startsWith('-') && !names.includes(first)) {
    const guess = nearest(first, names);
    ctx.proc.stderr.write(`provd: unknown command "${first}"${guess ? `; did you mean ${guess}?` : ''} (provd help lists them)\n`);
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    // Help and version end with exit code 0; every other commander error is a usage error.
    return err.exitCode === 0 ? 0 : 2;
  }
  return state.code;
}

// --- internal ---

function buildProgram(ctx: Omit<CliContext, 'args'>, options: ProgramOptions, state: { code: number | undefined }): Program {
  const { proc } = ctx;
  const tty = Boolean((proc.stdout as { isTTY?: boolean } | undefined)?.isTTY);
  const program = new Program('provd')
    .description(`provd ${options.version}: phone auto-provisioning server`)
    .usage('[command] [options]')
    .version(options.version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', options.local.help!.summary)
    .configureOutput({
      writeOut: (s) => void proc.stdout.write(s),
      writeErr: (s) => void proc.stderr.write(s),
      getOutHelpWidth: () => (tty ? (proc.stdout.columns ?? 80) : Number.MAX_SAFE_INTEGER),
      getErrHelpWidth: () => Number.MAX_SAFE_INTEGER,
    })
    .configureHelp({ subcommandTerm: (cmd) => cmd.name(), sortSubcommands: false })
    .exitOverride()
    .showSuggestionAfterError(true);
  // Subcommands copy output, help and exit settings from their parent when created: configure first.
  const local = (name: string) => program.command(name).description(options.local[name]!.summary);
  const run = async (name: string, args: readonly string[]) => {
    state.code = await options.local[name]!.run({ ...ctx, args });
  };

  program.command('serve', { isDefault: true }).description(options.local.serve!.summary)
    .allowUnknownOption().allowExcessArguments() // cluster.fork re-runs this file with the same argv
    .action(async (_opts, cmd: Program) => run('serve', cmd.args));
  local('rotate-key')
    .option('--add-only', 'only add a new key (several nodes: copy the key file, SIGHUP them, then --reseal)')
    .option('--reseal', 're-seal every record not sealed under the current key')
    .option('--retire', 'remove old keys no record names any more')
    .allowUnknownOption().allowExcessArguments() // rotate-key's own parser answers a bad flag with exit code 2
    .action(async (opts: Record<string, boolean>, cmd: Program) => run('rotate-key', [...rotateFlags(opts), ...cmd.args]));
  local('vendors')
    .argument('<action>', 'table')
    .option('--templates <dir>', 'templates folder (default: the install folder\'s templates/)')
    .option('--write [file]', 'replace the section between the vendors markers of this README (default: the install folder\'s README.md)')
    .action(async (action: string, opts: { templates?: string; write?: string | boolean }) =>
      run('vendors', [action, ...(opts.templates ? ['--templates', opts.templates] : []), ...(typeof opts.write === 'string' ? ['--write', opts.write] : opts.write ? ['--write'] : [])]));
  local('version').action(async () => run('version', []));
  registerClientCommands(program, ctx, (code) => (state.code = code));
  return program;
}

function rotateFlags(opts: Record<string, boolean>): string[] {
  return [['addOnly', '--add-only'], ['reseal', '--reseal'], ['retire', '--retire']].filter(([k]) => opts[k!]).map(([, f]) => f!);
}

