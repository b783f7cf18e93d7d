/**
 * @module The comparison key of user names: uniqueness and the reserved names compare on it, in
 * the schema and in every store's name index.
 */

/**
 * Identifies the key function; stores that keep keys (SQLite `name_lc`, Redis `idx:name`) record
 * it and recompute their index when it changes. Change it with every change of userNameKey().
 */
export const USER_NAME_KEY_VERSION = 'nfkc-fold-1';

/**
 * The key a user name is compared on: NFKC (compatibility forms such as fullwidth letters and
 * ligatures become plain ones, NFD accents are composed), then full case folding approximated by
 * toUpperCase().toLowerCase() (`ß` -> `ss`, dotless `ı` -> `i`), with the `i` + U+0307 that
 * capital dotted `İ` lowercases to folded to `i`.
 * @example userNameKey('ADMİN') === userNameKey('admın') === userNameKey('ＡＤＭＩＮ') === 'admin'
 */
export function userNameKey(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().replace(/i\u0307/g, 'i').normalize('NFKC');
}
