/**
 * @module SQLite schema of the API token store (step 11 of sqlite-schema.ts). Idempotent (IF NOT
 * EXISTS): it depends on no other step. No foreign key to users: a token whose user is gone is
 * refused at authentication (src/identity/authenticate.ts), and the admin revokes it.
 */
export const API_TOKENS_SCHEMA = `CREATE TABLE IF NOT EXISTS api_tokens (
     id         TEXT PRIMARY KEY,
     hash       TEXT NOT NULL UNIQUE,
     name       TEXT NOT NULL,
     role       TEXT NOT NULL,
     user_id    TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS api_tokens_created ON api_tokens(created_at, id);`;
