/**
 * @module `provd token create|list|revoke`: API tokens (`/api/tokens`). `create` prints the token
 * alone on stdout (it is shown this once; `--json` prints the whole answer), the rest on stderr.
 */
import type { ApiClient } from './api-client.js';
import type { CommandIo } from './io.js';
import { printTable } from './table.js';

export interface TokenCreateOptions {
  readonly name: string;
  readonly role: string;
  readonly userId?: string;
  readonly json?: boolean;
}

interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly user_id: string | null;
  readonly created_at: string;
}

export async function tokenCreate(client: ApiClient, io: CommandIo, options: TokenCreateOptions): Promise<number> {
  const body = { name: options.name, role: options.role, ...(options.userId === undefined ? {} : { user_id: options.userId }) };
  const created = await client.send<TokenView & { token: string }>('POST', '/tokens', body);
  if (options.json) io.out(`${JSON.stringify(created, null, 2)}\n`);
  else {
    io.out(`${created.token}\n`);
    io.err(`token ${created.id} (${created.name}, ${created.role}) created; it is not shown again\n`);
  }
  return 0;
}

export async function tokenList(client: ApiClient, io: CommandIo, options: { readonly json?: boolean }): Promise<number> {
  const page = await client.get<{ count: number; items: TokenView[] }>('/tokens');
  if (options.json) io.out(`${JSON.stringify(page, null, 2)}\n`);
  else printTable(io, ['id', 'name', 'role', 'user_id', 'created_at'], page.items as unknown as Record<string, unknown>[]);
  return 0;
}

export async function tokenRevoke(client: ApiClient, io: CommandIo, id: string): Promise<number> {
  await client.send('DELETE', `/tokens/${encodeURIComponent(id)}`);
  io.err(`token ${id} revoked\n`);
  return 0;
}
