/**
 * @module SQLite schema of the phone-line index (a step of sqlite-schema.ts): which phones carry
 * a user on a further line (`lines` of the phone's doc, which stays the truth). Kept by every
 * phone write in the same transaction; read by deleteUser, which removes the user's lines from
 * those phones in its transaction. The user reference has no cascade, so a user still carried
 * by a phone cannot be deleted by any other path. Idempotent (IF NOT EXISTS): it depends on no
 * other step, so it can be renumbered when branches that each append a step are merged. No
 * backfill: no phone had lines before this step.
 */
export const PHONE_LINES_SCHEMA = `CREATE TABLE IF NOT EXISTS phone_lines (
     phone_id TEXT NOT NULL REFERENCES phones(id) ON DELETE CASCADE,
     user_id  TEXT NOT NULL REFERENCES users(id),
     PRIMARY KEY (phone_id, user_id)
   );
   CREATE INDEX IF NOT EXISTS phone_lines_user ON phone_lines(user_id);`;
