/**
 * @module `provd vendors table [--templates <dir>] [--write [<README>]]`: prints the README's vendor
 * table generated from the descriptors (src/vendor-table/), or with `--write` replaces the section
 * between the README's markers with it. Defaults: the install folder's templates/ and README.md
 * (not PROV_TEMPLATES_DIR: the table documents the shipped templates). Exit codes: 0 done, 1 a
 * descriptor that does not load or a README without its markers, 2 a usage error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_DIR } from '../config.js';
import { replaceVendorSection, sectionBody } from '../vendor-table/readme.js';
import { vendorTable } from '../vendor-table/table.js';
import { loadVendors } from '../vendors/load.js';
import type { CliContext } from './commands.js';

export interface VendorsTableOptions {
  readonly templates?: string;
  /** true: the install folder's README.md; a string: that file. */
  readonly write?: true | string;
}

/** Parses `vendors table [--templates <dir>] [--write [<file>]]` (as program.ts passes it on). */
export function parseVendorsArgs(args: readonly string[]): VendorsTableOptions | string {
  if (args[0] !== 'table') return `unknown action "${args[0] ?? ''}" (the action is: table)`;
  let templates: string | undefined;
  let write: true | string | undefined;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (arg === '--templates' && next !== undefined && !next.startsWith('--')) templates = args[++i];
    else if (arg === '--write') write = next !== undefined && !next.startsWith('--') ? args[++i]! : true;
    else return `unexpected argument "${arg}"`;
  }
  return { templates, write };
}

export async function vendorsCommand(ctx: CliContext): Promise<number> {
  const { proc } = ctx;
  const options = parseVendorsArgs(ctx.args);
  if (typeof options === 'string') {
    proc.stderr.write(`provd vendors: ${options}\n`);
    return 2;
  }
  let table: string;
  try {
    table = vendorTable(loadVendors(options.templates ?? join(INSTALL_DIR, 'templates')));
  } catch (err) {
    proc.stderr.write(`provd vendors table: ${(err as Error).message}\n`);
    return 1;
  }
  if (options.write === undefined) {
    proc.stdout.write(sectionBody(table));
    return 0;
  }
  const file = options.write === true ? join(INSTALL_DIR, 'README.md') : options.write;
  const updated = replaceVendorSection(readFileSync(file, 'utf8'), table);
  if (updated instanceof Error) {
    proc.stderr.write(`provd vendors table: ${file}: ${updated.message}\n`);
    return 1;
  }
  writeFileSync(file, updated);
  proc.stdout.write(`${file}: vendor table written\n`);
  return 0;
}
