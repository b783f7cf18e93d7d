/**
 * @module The MAC a device certificate names, by its vendor's rule (vendor.json `client_cert`):
 * the value at `mac_from` (subject attribute or subjectAltName kind), matched by `pattern`, its
 * `mac` group through parseMac (the only MAC parser).
 */
import type { X509Certificate } from 'node:crypto';
import { parseMac, type Mac } from '../domain/mac.js';
import type { ClientCertRule } from '../vendors/descriptor.js';

/** Reads the MAC of a certificate; undefined when it names none (e.g. a vendor's generic certificate). */
export type MacReader = (cert: X509Certificate) => Mac | undefined;

/**
 * Compiles a rule once. Several values (two SAN entries, a repeated attribute) must agree: a
 * certificate naming two different MACs names none.
 * @example compileMacRule({ mac_from: 'subject.CN', pattern: '^(?<mac>[0-9A-F]{12})$', source })
 *   // CN=000413AABBCC => '000413aabbcc'
 */
export function compileMacRule(rule: ClientCertRule): MacReader {
  const re = new RegExp(rule.pattern);
  const [where, name] = rule.mac_from.split('.') as ['subject' | 'san', string];
  const values = where === 'subject' ? (c: X509Certificate) => subjectValues(c.subject, name) : (c: X509Certificate) => sanValues(c.subjectAltName, SAN_KIND[name]!);
  return (cert) => {
    let found: Mac | undefined;
    for (const value of values(cert)) {
      const m = re.exec(value)?.groups?.mac;
      const mac = m === undefined ? undefined : parseMac(m);
      if (!mac) continue;
      if (found && found !== mac) return undefined;
      found = mac;
    }
    return found;
  };
}

// --- internal ---

/** Node's names of the subjectAltName kinds (`DNS:a, URI:b, email:c`). */
const SAN_KIND: Record<string, string> = { dns: 'DNS', uri: 'URI', email: 'email' };

/**
 * The values of attribute `name` in Node's multi-line subject (`C=DE\nO=Snom\nCN=000413AABBCC`).
 * Node quotes a value with special characters as a JSON string; those are unquoted.
 */
function subjectValues(subject: string, name: string): string[] {
  const out: string[] = [];
  for (const line of subject.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(0, eq) === name) out.push(unquote(line.slice(eq + 1)));
  }
  return out;
}

/** Values of one kind in Node's subjectAltName string (`DNS:a, DNS:"b,c"`). */
function sanValues(san: string | undefined, kind: string): string[] {
  if (!san) return [];
  const out: string[] = [];
  for (const m of san.matchAll(/(?:^|, )([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)/g)) if (m[1] === kind) out.push(unquote(m[2]!));
  return out;
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value;
  }
}
