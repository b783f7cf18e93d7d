/**
 * @module `provd import <file.csv|file.json>`: read the file, read what the server holds, check
 * every row (plan.ts), then write the good rows with several requests in flight, a progress
 * display, and a summary. `--dry-run` stops after the checks and writes nothing. Exit status 0
 * when every row was good and written, 1 when any row failed.
 */
import { readFileSync } from 'node:fs';
import { ProvError } from '../../errors.js';
import type { ApiClient } from '../client/api-client.js';
import type { CommandIo } from '../client/io.js';
import { createProgress } from '../progress.js';
import { applyRow, type RowOutcome } from './apply.js';
import { loadExisting } from './existing.js';
import { planImport, type PlannedRow } from './plan.js';
import { readImportFile } from './read-file.js';

export interface ImportOptions {
  readonly dryRun?: boolean;
  /** Rows written at once (default 8). */
  readonly concurrency?: number;
}

export async function importCommand(client: ApiClient, io: CommandIo, file: string, options: ImportOptions): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ProvError('PROV_ERR_CLI_INPUT_INVALID', [file, (err as NodeJS.ErrnoException).code ?? (err as Error).message], { cause: err });
  }
  const { rows, warnings } = readImportFile(file, text);
  for (const w of warnings) io.err(`provd import: warning: ${w}\n`);
  const plan = planImport(rows, await loadExisting(client));
  const bad = plan.filter((p) => p.issues.length > 0);
  for (const p of bad) reportRow(io, p.row.line, p.issues);
  const good = plan.filter((p) => p.issues.length === 0);
  if (options.dryRun) {
    io.out(`dry run: ${plan.length} rows, ${good.length} valid (${counts(good)}), ${bad.length} with problems; nothing was written\n`);
    return bad.length > 0 ? 1 : 0;
  }
  const outcomes = await writeRows(client, io, good, options.concurrency ?? 8);
  const failed = outcomes.filter(({ outcome }) => outcome.issues.length > 0);
  for (const { planned, outcome } of failed) reportRow(io, planned.row.line, outcome.issues);
  const sum = (f: (o: RowOutcome) => number) => outcomes.reduce((n, { outcome }) => n + f(outcome), 0);
  const written = outcomes.filter(({ outcome }) => outcome.issues.length === 0);
  const users = (what: RowOutcome['user']) => sum((o) => (o.user === what ? 1 : 0));
  io.out(
    `imported ${written.length} of ${plan.length} rows: users ${users('created')} created, ${users('updated')} updated, ${users('unchanged')} unchanged; ` +
      `phones ${sum((o) => o.phonesCreated)} created, ${sum((o) => o.phonesUpdated)} updated, ${sum((o) => o.phonesUnchanged)} unchanged; ${bad.length + failed.length} rows failed\n`
  );
  return bad.length + failed.length > 0 ? 1 : 0;
}

// --- internal ---

async function writeRows(client: ApiClient, io: CommandIo, rows: readonly PlannedRow[], concurrency: number) {
  const progress = createProgress({ write: io.err, isTTY: io.errIsTTY, columns: io.columns }, rows.length, 'rows');
  const results: { planned: PlannedRow; outcome: RowOutcome }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const planned = rows[next++]!;
      const outcome = await applyRow(client, planned);
      results.push({ planned, outcome });
      progress.tick(outcome.issues.length > 0);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, rows.length)) }, worker));
  progress.finish();
  return results.sort((a, b) => a.planned.row.line - b.planned.row.line);
}

function reportRow(io: CommandIo, line: number, issues: readonly { field: string; message: string }[]): void {
  for (const i of issues) io.err(`line ${line}: ${i.field}: ${i.message}\n`);
}

function counts(rows: readonly PlannedRow[]): string {
  const newUsers = rows.filter((r) => r.userId === undefined).length;
  const sameUsers = rows.filter((r) => r.userUnchanged).length;
  const phones = rows.flatMap((r) => r.phones);
  const newPhones = phones.filter((p) => p.id === undefined).length;
  const samePhones = phones.filter((p) => p.unchanged).length;
  return (
    `users ${newUsers} to create, ${rows.length - newUsers - sameUsers} to update, ${sameUsers} unchanged; ` +
    `phones ${newPhones} to create, ${phones.length - newPhones - samePhones} to update, ${samePhones} unchanged`
  );
}
