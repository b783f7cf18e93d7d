/**
 * @module The checks of a phone's further lines (`lines`, README "Multi-line phones") that need
 * the store and the model: each line's user exists and is not the phone's own user (line 1), and
 * the model has a line for it that its templates write (`template_lines`). Run on every create and update (so also when the model changes);
 * the store checks existence again in its write (a user deleted meanwhile).
 */
import type { PhoneLine } from '../domain/phone.js';
import { ProvError, validationError, type FieldError } from '../errors.js';
import type { Store } from '../store/types.js';
import type { VendorModel } from '../vendors/descriptor.js';

/**
 * @throws ProvError PROV_ERR_VALIDATION naming every bad `lines.<i>.user_id` (a user listed twice
 *   is refused by the schema already).
 */
export async function checkLines(
  store: Pick<Store, 'getUser'>,
  ownerId: string,
  model: { readonly name: string; readonly caps: VendorModel },
  lines: readonly PhoneLine[] | undefined
): Promise<void> {
  if (!lines?.length) return;
  const errors: FieldError[] = [];
  const found = await Promise.all(lines.map((l) => (l.user_id === ownerId ? undefined : store.getUser(l.user_id))));
  const written = Math.min(model.caps.lines, model.caps.template_lines ?? model.caps.lines);
  lines.forEach((l, i) => {
    const field = `lines.${i}.user_id`;
    if (i + 2 > model.caps.lines) errors.push({ field, message: `model ${model.name} has ${model.caps.lines} line(s): no line ${i + 2}` });
    else if (i + 2 > written) errors.push({ field, message: `model ${model.name}: its templates write ${written} line(s): no line ${i + 2}` });
    else if (l.user_id === ownerId) errors.push({ field, message: "is the phone's own user (line 1)" });
    else if (!found[i]) errors.push({ field, message: 'no such user' });
  });
  if (errors.length) throw validationError(errors);
}

/** A phone that carries a user on a further line, as `GET /api/users/{id}/lines` answers it. */
export interface CarriedLine {
  readonly phone_id: string;
  readonly mac: string;
  readonly vendor: string;
  readonly model: string;
  /** The phone's own user (line 1). */
  readonly user_id: string;
  /** The line number on that phone (2 = its first further line). */
  readonly line: number;
  readonly label?: string;
}

/**
 * The phones carrying user `userId` on a further line, by MAC. A phone changed between the two
 * reads so that it no longer carries the user is left out.
 * @throws ProvError PROV_ERR_USER_NOT_FOUND
 */
export async function linesOfUser(store: Pick<Store, 'getUser' | 'lineMacsOfUser' | 'getPhoneByMac'>, userId: string): Promise<{ count: number; items: CarriedLine[] }> {
  if (!(await store.getUser(userId))) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [userId]);
  const macs = [...(await store.lineMacsOfUser(userId))].sort();
  const phones = await Promise.all(macs.map((mac) => store.getPhoneByMac(mac)));
  const items = phones.flatMap((p): CarriedLine[] => {
    const i = p?.lines?.findIndex((l) => l.user_id === userId) ?? -1;
    if (!p || i < 0) return [];
    const label = p.lines![i]!.label;
    return [{ phone_id: p.id, mac: p.mac, vendor: p.vendor, model: p.model, user_id: p.user_id, line: i + 2, ...(label === undefined ? {} : { label }) }];
  });
  return { count: items.length, items };
}
