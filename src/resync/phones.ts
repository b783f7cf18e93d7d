/** @module Reading many phones for resync: every phone (or a user's), page by page, by MAC. */
import type { Store, StoredPhone } from '../store/types.js';

const PAGE = 1000;

/** Every phone, or every phone of user `userId`, ordered by MAC. */
export async function listPhonesByMac(store: Store, userId?: string): Promise<StoredPhone[]> {
  const out: StoredPhone[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await store.listPhones({ searchFields: [], orderby: [{ field: 'mac', desc: false }], skip, top: PAGE }, userId);
    out.push(...page.items);
    if (page.items.length < PAGE) return out;
  }
}
