/**
 * @module The API client commands of `provd`, added to the commander program: each takes
 * `--api <url>` and `--token <token>` (else PROVD_API / PROVD_TOKEN, else the local defaults of
 * connection.ts) and ends with an exit code: 0 done, 1 failed (the API's or the file's problem
 * printed on stderr), 2 a usage error (commander's).
 */
import { InvalidArgumentError, Option, type Command as Program } from 'commander';
import { isProvError } from '../../errors.js';
import type { CliContext } from '../commands.js';
import { exportCommand } from '../export/export-command.js';
import { importCommand } from '../import/import-command.js';
import { createApiClient, type ApiClient } from './api-client.js';
import { DEFAULT_API, resolveConnection, type ConnectionOptions } from './connection.js';
import { caCommand, renderCommand } from './file-commands.js';
import { ioOf, type CommandIo } from './io.js';
import { listCommand, type ListOptions } from './list-commands.js';
import { resyncCommand } from './resync-command.js';
import { tokenCreate, tokenList, tokenRevoke, type TokenCreateOptions } from './token-commands.js';

type Run<O> = (client: ApiClient, io: CommandIo, opts: O, args: string[]) => Promise<number>;

/** Adds import, export, render, users, phones, token and ca to `program`; `setCode` takes each one's exit code. */
export function registerClientCommands(program: Program, ctx: Omit<CliContext, 'args'>, setCode: (code: number) => void): void {
  const io = ioOf(ctx.proc);
  /** The action of a client command: a client for its connection options, errors printed. */
  const act = <O>(run: Run<O & ConnectionOptions>) => async (...a: unknown[]) => {
    const cmd = a.at(-1) as Program;
    const opts = cmd.opts<O & ConnectionOptions>();
    const client = createApiClient(resolveConnection(opts, ctx.env));
    try {
      setCode(await run(client, io, opts, cmd.args));
    } catch (err) {
      if (!isProvError(err)) throw err;
      io.err(`${commandPath(cmd)}: ${err.message}\n`);
      for (const e of err.errors) io.err(`  ${e.field}: ${e.message}\n`);
      setCode(1);
    } finally {
      client.close();
    }
  };
  const client = (parent: Program, name: string, description: string) =>
    parent
      .command(name)
      .description(description)
      .option('--api <url>', `the API's base URL (env PROVD_API; default ${DEFAULT_API})`)
      .option('--token <token>', "an API token (env PROVD_TOKEN; default the server's admin token file, when readable)");

  client(program, 'import', "create or update users and their phones from PortSIP's bulk-import CSV or a JSON array (re-running a file updates, never duplicates)")
    .argument('<file>', 'a .csv file (a phones column of JSON) or a .json array of users with phones')
    .option('--dry-run', 'check every row (schemas, vendors, models, duplicates) and write nothing')
    .addOption(new Option('--concurrency <n>', 'rows written at once').argParser(positive).default(8))
    .action(act<{ dryRun?: boolean; concurrency: number }>((c, o, opts, [file]) => importCommand(c, o, file!, opts)));
  client(program, 'export', 'write every user with its phones as CSV or JSON that provd import reads back')
    .argument('[file]', 'where to write (default stdout); .json selects JSON')
    .addOption(new Option('--format <format>', 'csv or json (default: by the file name, else csv)').choices(['csv', 'json']))
    .option('--with-secrets', 'include passwords and PINs (needs a SystemAdmin token; the file is written mode 0600)')
    .action(act<{ format?: string; withSecrets?: boolean }>((c, o, opts, [file]) => exportCommand(c, o, file, opts)));
  client(program, 'render', "list a phone's files, or print one as the phone gets it")
    .argument('<mac>', 'the phone (any MAC spelling)')
    .argument('[file]', 'a file name from the list (without it: the list)')
    .action(act((c, o, _opts, [mac, file]) => renderCommand(c, o, mac!, file)));
  listCommands(program.command('users').description('users (extensions): provd users list'), 'users', client, act);
  const phones = program.command('phones').description('phones: provd phones list|resync');
  listCommands(phones, 'phones', client, act);
  client(phones, 'resync', 'tell a phone to fetch its configuration again (SIP NOTIFY to where it last fetched from); exit 1 when it does not answer 2xx')
    .argument('<mac>', 'the phone (any MAC spelling)')
    .option('--reboot', 'ask it to reboot as well (where its vendor has such an event)')
    .option('--json', 'print the whole answer as JSON')
    .action(act<{ reboot?: boolean; json?: boolean }>((c, o, opts, [mac]) => resyncCommand(c, o, mac!, opts)));
  const token = program.command('token').description('API tokens: provd token create|list|revoke');
  client(token, 'create', 'mint a token (printed once, on stdout)')
    .requiredOption('--name <name>', 'who or what uses it')
    .requiredOption('--role <role>', 'SystemAdmin, Admin, StandardUser or StandardInternationalUser')
    .option('--user-id <id>', 'the user of a StandardUser / StandardInternationalUser token')
    .option('--json', 'print the whole answer as JSON')
    .action(act<TokenCreateOptions>((c, o, opts) => tokenCreate(c, o, opts)));
  client(token, 'list', 'list tokens (never their values)').option('--json', 'print the answer as JSON').action(act<{ json?: boolean }>((c, o, opts) => tokenList(c, o, opts)));
  client(token, 'revoke', 'revoke a token at once').argument('<id>', 'the token id (provd token list)').action(act((c, o, _opts, [id]) => tokenRevoke(c, o, id!)));
  client(program, 'ca', 'print the CA certificate (PEM) phones must trust for HTTPS provisioning').action(act((c, o) => caCommand(c, o)));
}

// --- internal ---

function listCommands(parent: Program, kind: 'users' | 'phones', client: (p: Program, n: string, d: string) => Program, act: <O>(run: Run<O & ConnectionOptions>) => (...a: unknown[]) => Promise<void>): void {
  const list = client(parent, 'list', `list ${kind} with the API's query syntax (README "Admin API": lists)`)
    .option('--filter <expr>', "e.g. \"vendor eq 'yealink' and rps eq true\"")
    .option('--search <text>', 'words matched in the searchable fields')
    .option('--orderby <spec>', "e.g. 'name desc'")
    .option('--skip <n>', 'records to skip (default 0)')
    .option('--top <n>', 'records to answer (default 100, at most 1000)')
    .option('--all', 'read every page')
    .option('--json', 'print the answer as JSON');
  if (kind === 'phones') list.option('--user <id>', "only this user's phones");
  list.action(act<ListOptions>((c, o, opts) => listCommand(c, o, kind, opts)));
}

/** `provd users list` for the list command. */
function commandPath(cmd: Program): string {
  const names: string[] = [];
  for (let c: Program | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('must be a whole number 1-64');
  return n;
}
