/**
 * @module The redis store's user delete with the user's further lines: the phones that carry the
 * user on a line (`line-phones:<id>`) are read and rewritten without it here (the record codec
 * cannot run in Lua), and DELETE_USER writes them with the delete only if that set and those docs
 * are unchanged; otherwise everything is read again (bounded, as updates are).
 */
import { withoutLineOf, type Phone } from '../domain/phone.js';
import { ProvError } from '../errors.js';
import { decodeRecord, encodeRecord, type RecordCodec } from './codec.js';
import type { RedisCommands } from './redis-commands.js';
import { rpsClock } from './redis-rps-lua.js';
import { DELETE_USER } from './redis-scripts.js';
import type { RedisCall } from './redis-writes.js';

const MAX_ATTEMPTS = 5;

/** Deletes user `id` (see Store.deleteUser); answers the deleted phones' stored docs, or undefined. */
export async function deleteUserWithLines(cmd: RedisCommands, call: RedisCall, codec: RecordCodec, id: string): Promise<string[] | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const triples = await call(async () => {
      // A phone deleted between the two reads is skipped: the script sees the set changed.
      const docs = await cmd.docs('phone:', await cmd.members(cmd.key('line-phones:', id)));
      return docs.flatMap((doc) => {
        const phone = decodeRecord<Phone>(codec, 'phone', doc, `phone carrying user ${id}`);
        return [phone.id, doc, encodeRecord(codec, 'phone', withoutLineOf(phone, id)).text];
      });
    });
    const reply = (await call(() => cmd.script(DELETE_USER, id, ...rpsClock(), String(triples.length / 3), ...triples), { id })) as string[] | string | null;
    if (reply !== 'CONFLICT') return reply === null ? undefined : (reply as string[]);
  }
  throw new ProvError('PROV_ERR_STORE_CONFLICT', [`user ${id}`]);
}
