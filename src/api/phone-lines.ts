/**
 * @module The checks of a phone's further lines (`lines`, README "Multi-line phones") that need
 * the store and the model: each line's user exists and is not the phone's own user (line 1), and
 * the model has a line for it. Run on every create and update (so also when the model changes);
 * the store checks existence again in its write (a user deleted meanwhile).
 */
import type { PhoneLine } from '../domain/phone.js';
import { validationError, type FieldError } from '../errors.js';
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
  lines.forEach((l, i) => {
    const field = `lines.${i}.user_id`;
    if (i + 2 > model.caps.lines) errors.push({ field, message: `model ${model.name} has ${model.caps.lines} line(s): no line ${i + 2}` });
    else if (l.user_id === ownerId) errors.push({ field, message: "is the phone's own user (line 1)" });
    else if (!found[i]) errors.push({ field, message: 'no such user' });
  });
  if (errors.length) throw validationError(errors);
}
