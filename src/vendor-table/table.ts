/**
 * @module The README's vendor table, generated from the loaded descriptors (templates/<vendor>/
 * vendor.json) so that it cannot drift from them: per vendor the files a phone fetches, the redirect
 * services, the resync events, the client-certificate rule and whether device credentials are
 * written; per vendor and model type every model with its lines and keys; and the totals. The
 * output is Markdown, deterministic (vendors in folder order, models in descriptor order), and ends
 * with a newline.
 */
import { MODEL_TYPES, type VendorDescriptor, type VendorFile } from '../vendors/descriptor.js';
import type { Vendor } from '../vendors/registry.js';

/** The table for `vendors` (as loadVendors returns them), without the README markers. */
export function vendorTable(vendors: readonly Vendor[]): string {
  const models = vendors.reduce((n, v) => n + Object.keys(v.descriptor.models).length, 0);
  const perType = MODEL_TYPES.map((t) => [t, countOfType(vendors, t)] as const).filter(([, n]) => n > 0);
  const lines = [
    `**${vendors.length} vendors, ${models} models** (${perType.map(([t, n]) => `${n} ${t}`).join(', ')}).`,
    '',
    '| vendor | models | files a phone fetches (in boot order) | redirect services | resync / reboot event | client certificate: MAC in | device credentials written |',
    '|---|---|---|---|---|---|---|',
    ...vendors.map((v) => row(v.descriptor)),
    '',
    'Models by type, each as `model lines/keys` (lines: SIP accounts; keys: programmable keys on the phone itself):',
    '',
    '| vendor | type | count | models |',
    '|---|---|---|---|',
    ...vendors.flatMap((v) => modelRows(v.descriptor)),
  ];
  return `${lines.join('\n')}\n`;
}

// --- internal ---

function row(d: VendorDescriptor): string {
  const cells = [
    `${escapeCell(d.name)} (\`${d.id}\`)`,
    String(Object.keys(d.models).length),
    files(d),
    d.redirect?.services ? d.redirect.services.map(code).join(', ') : 'none',
    resync(d),
    d.client_cert ? code(d.client_cert.mac_from) : '—',
    d.provisioningCredentials ? 'yes' : 'no',
  ];
  return `| ${cells.join(' | ')} |`;
}

/** Each distinct file-name pattern once, in descriptor order, marked common (or phonebook) and limited as declared. */
function files(d: VendorDescriptor): string {
  const seen = new Map<string, VendorFile[]>();
  for (const f of d.files) seen.set(f.pattern, [...(seen.get(f.pattern) ?? []), f]);
  return [...seen.entries()]
    .map(([pattern, entries]) => {
      const notes: string[] = [];
      if (entries.some((f) => f.scope === 'directory')) notes.push('phonebook');
      else if (!/\{(mac|MAC)\}/.test(pattern)) notes.push('common');
      const attr = /\{model\.([A-Za-z_]+)\}/.exec(pattern)?.[1];
      if (attr !== undefined && Object.values(d.models).some((m) => m[attr] === undefined)) notes.push(`models with \`${attr}\``);
      const all = Object.keys(d.models);
      const covered = new Set(entries.flatMap((f) => f.models ?? all));
      if (all.some((m) => !covered.has(m))) notes.push(`only ${limitedTo(entries).join(', ')}`);
      return `${code(spell(pattern))}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
    })
    .join(', ');
}

/** What the entries of one pattern are limited to: their model types where given, else their models. */
function limitedTo(entries: readonly VendorFile[]): string[] {
  return [...new Set(entries.flatMap((f) => (f.types ? f.types.map(String) : (f.models ?? []))))];
}

/** `{mac}` -> `<mac>`, `{MAC}` -> `<MAC>`, `{model.code}` -> `<code>`. */
function spell(pattern: string): string {
  return pattern.replace(/\{model\.([A-Za-z_]+)\}/g, '<$1>').replace(/\{(mac|MAC)\}/g, '<$1>');
}

function resync(d: VendorDescriptor): string {
  if (!d.resync) return 'none';
  const own = Object.entries(d.models).filter(([, m]) => m.resync).map(([id]) => id);
  const events = `${code(d.resync.event)} / ${d.resync.reboot_event ? code(d.resync.reboot_event) : 'no reboot'}`;
  return own.length > 0 ? `${events} (own events: ${own.join(', ')})` : events;
}

function modelRows(d: VendorDescriptor): string[] {
  return MODEL_TYPES.flatMap((type) => {
    const of = Object.entries(d.models).filter(([, m]) => m.type === type);
    if (of.length === 0) return [];
    const list = of.map(([id, m]) => `${escapeCell(id)} ${m.lines}/${m.keys}`).join(', ');
    return [`| ${escapeCell(d.name)} | ${type} | ${of.length} | ${list} |`];
  });
}

function countOfType(vendors: readonly Vendor[], type: string): number {
  return vendors.reduce((n, v) => n + Object.values(v.descriptor.models).filter((m) => m.type === type).length, 0);
}

/** A Markdown code span (no descriptor value holds a backtick: patterns, events and ids cannot). */
function code(text: string): string {
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

/** A table cell: a `|` would end the cell. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
