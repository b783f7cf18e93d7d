/**
 * @module `provd phones resync <mac> [--reboot]`: tells a phone to fetch its configuration again
 * (a SIP NOTIFY from the server, `POST /api/phones/{mac}/resync`) and says whether it answered.
 * Exit status 0 when the phone answered 2xx, 1 otherwise (rejected, no answer, or the API refused).
 */
import type { ApiClient } from './api-client.js';
import type { CommandIo } from './io.js';

interface ResyncAnswer {
  readonly result: 'ok' | 'rejected' | 'no_answer';
  readonly status?: number;
  readonly sent_to: string;
  readonly event: string;
  readonly detail?: string;
}

export async function resyncCommand(client: ApiClient, io: CommandIo, mac: string, options: { readonly reboot?: boolean; readonly json?: boolean }): Promise<number> {
  const path = `/phones/${encodeURIComponent(mac)}/resync${options.reboot ? '?reboot=true' : ''}`;
  const answer = await client.send<ResyncAnswer>('POST', path);
  if (options.json) io.out(`${JSON.stringify(answer, null, 2)}\n`);
  else {
    const status = answer.status === undefined ? '' : ` ${answer.status}`;
    const detail = answer.detail ? ` (${answer.detail})` : '';
    io.out(`${answer.result}${status}: NOTIFY ${answer.event} to ${answer.sent_to}${detail}\n`);
  }
  return answer.result === 'ok' ? 0 : 1;
}
