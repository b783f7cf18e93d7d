/**
 * @module SQLite schema of the QR token store (step 10 of sqlite-schema.ts). Idempotent (IF NOT
 * EXISTS): it depends on no other step. No foreign key to users: a deleted user's tokens are
 * revoked by the API, and a token whose user is gone answers nothing anyway.
 */
export const QR_TOKENS_SCHEMA = `CREATE TABLE IF NOT EXISTS qr_tokens (
     hash       TEXT PRIMARY KEY,
     user_id    TEXT NOT NULL,
     app        TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX IF NOT EXISTS qr_tokens_user ON qr_tokens(user_id);
   CREATE INDEX IF NOT EXISTS qr_tokens_expires ON qr_tokens(expires_at);`;
