/**
 * @module Template versions on Redis (template-types.ts): `<prefix>tpl:<vendor>/<file>` is a
 * list of the versions' JSON, oldest first (version n at index n - 1), `<prefix>tpl:files` the
 * set of `<vendor>/<file>` names that have one. An append is one fenced script that checks the
 * list's length, pushes and publishes the event, so every node hears it.
 */
import type { Redis } from 'ioredis';
import { parseDoc } from './doc.js';
import type { RedisCommands } from './redis-commands.js';
import { script } from './redis-lua.js';
import { byVendorFile, type TemplateStore, type TemplateVersion } from './template-types.js';

/** ARGV: P, fence, vendor, file, version, record JSON. Answers 1, or 0 when the version is not the next one. */
const APPEND = script('append_template', `
if fenced() then return fail('DATA_LOST') end
local name = ARGV[3] .. '/' .. ARGV[4]
if redis.call('LLEN', P .. 'tpl:' .. name) + 1 ~= tonumber(ARGV[5]) then return 0 end
redis.call('RPUSH', P .. 'tpl:' .. name, ARGV[6])
redis.call('SADD', P .. 'tpl:files', name)
publish({ kind = 'template', vendor = ARGV[3], file = ARGV[4] })
return 1
`);

/** `call` is the store's: it waits for the event subscription and maps errors. */
export function createRedisTemplates(client: Redis, cmd: RedisCommands, call: <T>(work: () => Promise<T>) => Promise<T>): TemplateStore {
  const decode = (doc: string) => parseDoc<TemplateVersion>(doc, 'template version');
  return {
    async appendTemplateVersion(r) {
      return (await call(() => cmd.script(APPEND, r.vendor, r.file, String(r.version), JSON.stringify(r)))) === 1;
    },
    async listTemplateVersions(vendor, file) {
      return (await call(() => client.lrange(cmd.key('tpl:', vendor, '/', file), 0, -1))).map(decode);
    },
    async currentTemplates() {
      const names = await call(() => cmd.members(cmd.key('tpl:files')));
      const docs = await call(() => Promise.all(names.map((n) => client.lindex(cmd.key('tpl:', n), -1))));
      return docs.filter((d): d is string => d !== null).map(decode).sort(byVendorFile);
    },
  };
}
