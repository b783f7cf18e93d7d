/**
 * @module `provd render <mac> [file]` (a phone's files as the phone would get them: the list, or
 * one file's bytes) and `provd ca` (the CA certificate phones trust for HTTPS, PEM).
 */
import type { ApiClient } from './api-client.js';
import type { CommandIo } from './io.js';

/** Without `file`: the phone's file names (common files marked). With it: the rendered file on stdout. */
export async function renderCommand(client: ApiClient, io: CommandIo, mac: string, file: string | undefined): Promise<number> {
  const base = `/phones/${encodeURIComponent(mac)}/files`;
  if (file === undefined) {
    const { items } = await client.get<{ items: { name: string; common: boolean }[] }>(base);
    for (const f of items) io.out(`${f.name}${f.common ? '  (common to the model, no secrets)' : ''}\n`);
    return 0;
  }
  const { body } = await client.raw(`${base}/${encodeURIComponent(file)}`);
  io.out(body);
  return 0;
}

export async function caCommand(client: ApiClient, io: CommandIo): Promise<number> {
  io.out((await client.raw('/certs/ca.pem')).body);
  return 0;
}
