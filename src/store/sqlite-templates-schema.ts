/**
 * @module SQLite schema of template versions (step 13 of sqlite-schema.ts; template-types.ts).
 * IF NOT EXISTS: it depends on no other step. The primary key makes a version number taken by
 * a concurrent writer fail the insert, besides the check in the transaction.
 */
export const TEMPLATE_VERSIONS_SCHEMA = `CREATE TABLE IF NOT EXISTS template_versions (
     vendor  TEXT NOT NULL,
     file    TEXT NOT NULL,
     version INTEGER NOT NULL,
     doc     TEXT NOT NULL,
     PRIMARY KEY (vendor, file, version)
   );`;
