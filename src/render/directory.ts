/** @module One entry of a remote phonebook as directory templates see it (`directory` in the context). */

/**
 * An enabled user as the phonebook lists it (src/phonebook/entries.ts builds them). Strings hold
 * no control character, so no entry can start a line of its own in a text format; XML files get
 * them escaped like every other string.
 */
export interface DirectoryEntry {
  /** The user's extension number (what the phone dials). */
  readonly extension: string;
  /** `display_name`, else the account `name`. */
  readonly name: string;
  /** `mobile_phone` and `work_phone`, or null when unset. */
  readonly mobile: string | null;
  readonly work: string | null;
}
