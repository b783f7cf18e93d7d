/**
 * @module File-name patterns of vendor.json compiled once into matchers and spellers.
 * `{mac}` = 12 lowercase hex, `{MAC}` = 12 uppercase hex, `{model.<attr>}` = a model attribute.
 * Matching is case-insensitive (firmware differs in case); the MAC comes back canonical.
 */
import { parseMac, formatMac, type Mac } from '../domain/mac.js';
import type { VendorModel } from './descriptor.js';

export interface CompiledPattern {
  readonly hasMac: boolean;
  /** `{ mac?, model? }` when `name` fits the pattern, else undefined. */
  match(name: string): { mac?: Mac; model?: string } | undefined;
  /** The file name for a phone, or undefined when the model lacks the attribute the pattern needs. */
  spell(mac: Mac, model: string): string | undefined;
}

const PLACEHOLDER = /\{(mac|MAC|model\.[A-Za-z_]+)\}/g;

export function compileFilePattern(pattern: string, models: Readonly<Record<string, VendorModel>>): CompiledPattern {
  const parts = pattern.split(PLACEHOLDER);
  // split() with one capture group alternates literal, placeholder, literal, ...
  let regex = '^';
  let macGroup = false;
  let modelAttr: string | undefined;
  const valueToModel = new Map<string, string>();
  parts.forEach((part, i) => {
    if (i % 2 === 0) regex += escapeRegex(part);
    else if (part === 'mac' || part === 'MAC') {
      if (macGroup) throw new Error(`pattern ${pattern} has more than one MAC placeholder`);
      macGroup = true;
      regex += '(?<mac>[0-9a-fA-F]{12})';
    } else {
      if (modelAttr) throw new Error(`pattern ${pattern} has more than one model placeholder`);
      modelAttr = part.slice('model.'.length);
      for (const [name, caps] of Object.entries(models)) {
        const v = caps[modelAttr];
        if (v !== undefined && !valueToModel.has(String(v).toLowerCase())) valueToModel.set(String(v).toLowerCase(), name);
      }
      const alternatives = [...valueToModel.keys()].map(escapeRegex);
      regex += alternatives.length ? `(?<attr>${alternatives.join('|')})` : '(?!)';
    }
  });
  const re = new RegExp(regex + '$', 'i');
  const upper = parts.includes('MAC');

  return {
    hasMac: macGroup,
    match(name) {
      const m = re.exec(name);
      if (!m) return undefined;
      const out: { mac?: Mac; model?: string } = {};
      if (m.groups?.mac !== undefined) {
        const mac = parseMac(m.groups.mac);
        if (!mac) return undefined;
        out.mac = mac;
      }
      if (m.groups?.attr !== undefined) out.model = valueToModel.get(m.groups.attr.toLowerCase());
      return out;
    },
    spell(mac, model) {
      let missing = false;
      const name = pattern.replace(PLACEHOLDER, (_, ph: string) => {
        if (ph === 'mac' || ph === 'MAC') return formatMac(mac, { upper });
        const v = models[model]?.[ph.slice('model.'.length)];
        if (v === undefined) missing = true;
        return String(v ?? '');
      });
      return missing ? undefined : name;
    },
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
