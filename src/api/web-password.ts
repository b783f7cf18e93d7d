/**
 * @module The phone web (admin) password a model takes: vendor.json `web_password` (model wins
 * over vendor). Without a rule any password the schema accepts is written, and a generated one is
 * 12 characters of [A-Za-z0-9]. Generic: nothing here knows a vendor.
 */
import { validationError } from '../errors.js';
import type { WebPassword } from '../vendors/descriptor.js';
import type { ResolvedModel } from './phone-defaults.js';
import { newPassword } from './random.js';

/** The rule of a resolved model, or undefined when it takes the default. */
export function webPasswordRule(resolved: ResolvedModel): WebPassword | undefined {
  const { descriptor } = resolved.vendor;
  return descriptor.models[resolved.model]?.web_password ?? descriptor.web_password;
}

/** A web password for a new phone: inside the model's rule when it has one. */
export function newWebPassword(rule: WebPassword | undefined): string {
  return rule ? newPassword(rule.generate_length ?? rule.max_length, rule.alphabet) : newPassword();
}

/**
 * Checks `password` against the model's rule.
 * @throws ProvError PROV_ERR_VALIDATION naming `password`, e.g. `password: the Mitel 6867i takes
 *   1-9 characters of 0123456789 (a password outside that is ignored by the phone)`.
 */
export function checkWebPassword(resolved: ResolvedModel, password: string): void {
  const rule = webPasswordRule(resolved);
  if (!rule || fits(rule, password)) return;
  const name = resolved.vendor.descriptor.models[resolved.model]?.display_name ?? resolved.model;
  const span = rule.min_length === rule.max_length ? `${rule.min_length}` : `${rule.min_length}-${rule.max_length}`;
  throw validationError([
    { field: 'password', message: `the ${name} takes ${span} characters of ${rule.alphabet} (a password outside that is ignored by the phone)` },
  ]);
}

// --- internal ---

function fits(rule: WebPassword, password: string): boolean {
  if (password.length < rule.min_length || password.length > rule.max_length) return false;
  for (const c of password) if (!rule.alphabet.includes(c)) return false;
  return true;
}
