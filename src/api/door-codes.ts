/**
 * @module The door codes a phone's model accepts (`door_password1`, `door_password2`), checked
 * against the model's `door_codes` in vendor.json. Generic: every rule comes from the descriptor;
 * nothing here knows a vendor.
 */
import type { FieldError } from '../errors.js';
import { validationError } from '../errors.js';
import type { DoorCodes, VendorModel } from '../vendors/descriptor.js';

/** The door-code fields, in code order (`door_password1` is code 1). */
export const DOOR_CODE_FIELDS = ['door_password1', 'door_password2'] as const;

/** PortSIP's rule, kept for models whose descriptor declares no `door_codes`. */
export const PORTSIP_DOOR_CODES: DoorCodes = { count: 2, min: 4, max: 8, same_length: false };

type DoorCodeValues = Partial<Record<(typeof DOOR_CODE_FIELDS)[number], string>>;

/**
 * Checks the door codes `phone` holds against its model. `fields` limits the check to the codes
 * a request changes (an update leaves stored codes of an unchanged model alone).
 * @throws ProvError PROV_ERR_VALIDATION naming each bad field, e.g. `door_password2: the Akuvox
 *   E12W takes 1 door code` or `door_password1: must be 1-4 digits on the Akuvox R20A`.
 */
export function checkDoorCodes(
  model: { readonly name: string; readonly caps: VendorModel },
  phone: DoorCodeValues,
  fields: readonly (typeof DOOR_CODE_FIELDS)[number][] = DOOR_CODE_FIELDS
): void {
  const rule = model.caps.door_codes ?? PORTSIP_DOOR_CODES;
  const errors: FieldError[] = [];
  DOOR_CODE_FIELDS.forEach((field, i) => {
    const code = phone[field];
    if (code === undefined || !fields.includes(field)) return;
    const message = codeProblem(rule, i, code, model.caps.display_name);
    if (message) errors.push({ field, message });
  });
  const [first, second] = DOOR_CODE_FIELDS.map((f) => phone[f]);
  const touched = fields.some((f) => phone[f] !== undefined);
  if (errors.length === 0 && touched && rule.same_length && first !== undefined && second !== undefined && first.length !== second.length) {
    errors.push({ field: 'door_password2', message: `must have as many digits as door_password1 on the ${model.caps.display_name} (one code length for both)` });
  }
  if (errors.length > 0) throw validationError(errors);
}

// --- internal ---

function codeProblem(rule: DoorCodes, index: number, code: string, displayName: string): string | undefined {
  if (rule.count === 0) return `the ${displayName} takes no door codes`;
  if (index >= rule.count) return `the ${displayName} takes ${rule.count} door code${rule.count === 1 ? '' : 's'}`;
  if (code.length < rule.min || code.length > rule.max) {
    const span = rule.min === rule.max ? `${rule.min}` : `${rule.min}-${rule.max}`;
    return `must be ${span} digits on the ${displayName}`;
  }
  return undefined;
}

type DoorCodeField = (typeof DOOR_CODE_FIELDS)[number];

/**
 * An update's door-code part: `record` without the codes the update clears (sent as `null`),
 * `changes` without those nulls, and the codes to check: every code when the vendor or model
 * changes (the stored codes must suit the new model), else the codes the update sets.
 */
export function applyDoorCodeUpdate<R extends object, C extends Partial<Record<DoorCodeField, string | null>>>(
  record: R,
  changes: C,
  modelChanged: boolean
): { record: R; changes: C; check: DoorCodeField[] } {
  const cleared = DOOR_CODE_FIELDS.filter((f) => changes[f] === null);
  const keep = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([k]) => !(cleared as string[]).includes(k))) as T;
  const check = modelChanged ? [...DOOR_CODE_FIELDS] : DOOR_CODE_FIELDS.filter((f) => typeof changes[f] === 'string');
  return { record: keep(record), changes: keep(changes), check };
}
