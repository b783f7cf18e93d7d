/**
 * @module `provd users list`, `provd phones list [--user <id>]`: the API's list endpoints with
 * its query syntax passed through (`--filter "vendor eq 'yealink'"`, `--search`, `--orderby`,
 * `--skip`, `--top`; `--all` reads every page). A table by default, `--json` for the answer.
 */
import { listAll, type ApiClient } from './api-client.js';
import type { CommandIo } from './io.js';
import { printTable } from './table.js';

export interface ListOptions {
  readonly filter?: string;
  readonly search?: string;
  readonly orderby?: string;
  readonly skip?: string;
  readonly top?: string;
  readonly all?: boolean;
  readonly json?: boolean;
  /** phones only: the phones of this user id. */
  readonly user?: string;
}

export const USER_COLUMNS = ['id', 'name', 'extension_number', 'display_name', 'enabled', 'role'];
export const PHONE_COLUMNS = ['mac', 'vendor', 'model', 'user_id', 'last_seen_at', 'last_seen_ip', 'rps_status'];

/** Lists users or phones (`kind`); answers the exit code. */
export async function listCommand(client: ApiClient, io: CommandIo, kind: 'users' | 'phones', options: ListOptions): Promise<number> {
  const path = kind === 'phones' && options.user !== undefined ? `/users/${encodeURIComponent(options.user)}/phones` : `/${kind}`;
  const query = { filter: options.filter, search: options.search, orderby: options.orderby };
  const page = options.all
    ? await listAll<Record<string, unknown>>(client, path, query).then((items) => ({ count: items.length, items }))
    : await client.get<{ count: number; items: Record<string, unknown>[] }>(path, { ...query, skip: options.skip, top: options.top });
  if (options.json) io.out(`${JSON.stringify(page, null, 2)}\n`);
  else {
    printTable(io, kind === 'users' ? USER_COLUMNS : PHONE_COLUMNS, page.items);
    if (page.items.length < page.count) io.err(`${page.items.length} of ${page.count} shown (--skip/--top pages, --all reads every page)\n`);
  }
  return 0;
}
