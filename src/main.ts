#!/usr/bin/env node
/**
 * @module Entry point of `provd` (bin) and `npm start`: the only reader of process.env and
 * process.argv. Runs the subcommand argv names (src/cli/commands.ts; none = serve) and exits with
 * its code; a command that keeps running (serve) exits on its own signals.
 */
import { runCli } from './cli/commands.js';

const code = await runCli(process.argv.slice(2), { env: process.env, proc: process });
if (code !== undefined) process.exit(code);
