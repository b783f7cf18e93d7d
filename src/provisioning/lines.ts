/**
 * @module The users of a phone's further lines (README "Multi-line phones"), read for a render of
 * its per-phone files. A rendered file carries every line's SIP account, so the response cache
 * indexes it under each line user too (a change to any of them drops it).
 */
import type { Phone } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import type { Store } from '../store/types.js';

/** A further line as a render sees it: its user and the label the admin gave (if any). */
export interface LineUser {
  readonly user: User;
  readonly label?: string;
}

/**
 * The phone's further lines in order. A line whose user is gone (deleted between the two reads;
 * the stores remove a deleted user's lines in the delete) is left out, never rendered half.
 */
export async function lineUsersOf(store: Pick<Store, 'getUser'>, phone: Pick<Phone, 'lines'>): Promise<LineUser[]> {
  const lines = phone.lines ?? [];
  const users = await Promise.all(lines.map((l) => store.getUser(l.user_id)));
  return lines.flatMap((l, i) => {
    const user = users[i];
    if (!user) return [];
    return [l.label === undefined ? { user } : { user, label: l.label }];
  });
}

/** The ids of the users on the phone's further lines (for the cache index). */
export function lineUserIds(phone: Pick<Phone, 'lines'>): string[] {
  return (phone.lines ?? []).map((l) => l.user_id);
}
