/**
 * @module The store's part of templates edited over the API (src/templates/): every accepted
 * edit of a vendor's template file is a new version, kept for ever (append only). The shipped
 * templates/ folder is never written; each node overlays the current versions on it. A version
 * whose `text` is null puts the shipped file back in service (a revert to it).
 */

/** One version of one template file, as stored. The store never changes a field. */
export interface TemplateVersion {
  /** Vendor id (the templates/ folder name). */
  readonly vendor: string;
  /** The file's path in the vendor folder: `device.hbs`, `partials/line.hbs`, `models/T46U/device.hbs`. */
  readonly file: string;
  /** 1, 2, 3, ... per file, without gaps. */
  readonly version: number;
  /** The template text; null: the shipped file is the template from this version on. */
  readonly text: string | null;
  /** SHA-256 (64 lowercase hex digits) of the text in service with this version (the shipped one when text is null). */
  readonly sha256: string;
  /** Who wrote it: the API identity's token id and name. */
  readonly author_id: string;
  readonly author_name: string;
  /** ISO 8601. */
  readonly created_at: string;
  /** A revert: the version put back (0 = the shipped file); null for an edit. */
  readonly reverted_from: number | null;
}

/** The template versions of every backend (memory, sqlite, redis); test/store/contract/templates.ts holds each to it. */
export interface TemplateStore {
  /**
   * Appends `record` when `record.version` is the file's current version + 1 (1 for a file
   * without versions), atomically with that check, and publishes `{ kind: 'template' }`.
   * Answers false (nothing written) when another version took the number first.
   * @throws ProvError PROV_ERR_STORE_DATA_LOST like every write.
   */
  appendTemplateVersion(record: TemplateVersion): Promise<boolean>;
  /** Every version of one file, oldest first; [] when it was never edited. */
  listTemplateVersions(vendor: string, file: string): Promise<TemplateVersion[]>;
  /** The current (last) version of every file that has versions, by vendor then file. */
  currentTemplates(): Promise<TemplateVersion[]>;
}

/** The order of currentTemplates(): vendor, then file. */
export function byVendorFile(a: TemplateVersion, b: TemplateVersion): number {
  return a.vendor < b.vendor ? -1 : a.vendor > b.vendor ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}
