/**
 * @module SQLite schema of the unknown-device table and the rejected MACs (step 11 of
 * sqlite-schema.ts). Idempotent (IF NOT EXISTS): it depends on no other step, so it can be
 * renumbered when branches that each append a step are merged.
 */
export const UNKNOWN_PHONES_SCHEMA = `CREATE TABLE IF NOT EXISTS unknown_phones (
     mac       TEXT PRIMARY KEY,
     last_seen TEXT NOT NULL,
     doc       TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS unknown_phones_last_seen ON unknown_phones(last_seen);
   CREATE TABLE IF NOT EXISTS rejected_macs (
     mac TEXT PRIMARY KEY,
     at  TEXT NOT NULL
   );`;
