/**
 * @module API token use cases: create (the token is answered once and never again), list
 * (records, never a token) and revoke. Who may mint or revoke which role is decided here, by
 * roles.ts `mayManageTokenOf`; which identities reach these use cases at all is the routes'
 * declaration (src/api/routes/tokens.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { line, parseWith } from '../domain/fields.js';
import { ProvError, validationError } from '../errors.js';
import type { ApiTokenRecord, ApiTokenStore } from '../store/token-types.js';
import type { Store } from '../store/types.js';
import { BOOTSTRAP_NAME, type Identity } from './identity.js';
import { isSelfService, mayManageTokenOf, parseTokenRole, TOKEN_ROLES, type TokenRole } from './roles.js';
import { hashApiToken, newApiToken } from './token.js';

/** Names audit lines use for other actors; a token may not take them. */
const RESERVED_NAMES = [BOOTSTRAP_NAME, 'anonymous'];

/** `POST /api/tokens` body. */
export const TokenCreateSchema = z.strictObject({
  /** 1-64 characters: letters, digits, space, `_ - . @`; not `admin` or `anonymous` (any case). */
  name: line(64)
    .regex(/^[A-Za-z0-9 _.@-]+$/, 'must be 1-64 letters, digits, spaces or _ - . @')
    .refine((s) => !RESERVED_NAMES.includes(s.toLowerCase()), { message: 'is reserved' }),
  role: z.string().transform((s, ctx) => parseTokenRole(s) ?? (ctx.addIssue({ code: 'custom', message: `must be one of ${TOKEN_ROLES.join(', ')}` }), z.NEVER)),
  /** The user of a StandardUser/StandardInternationalUser token; absent (or null) for admin roles. */
  user_id: line(64).nullish(),
});

/** A token as listed: the record without its hash. */
export type TokenView = Omit<ApiTokenRecord, 'hash'>;

export interface TokensService {
  /**
   * Creates a token of the body's role for `actor`. Answers the view plus `token`, the only time
   * it is ever shown.
   * @throws PROV_ERR_VALIDATION (bad body; user_id missing for a self-service role, given for an
   *   admin role, or naming no user), PROV_ERR_FORBIDDEN (the actor may not mint that role)
   */
  create(actor: Identity, body: Record<string, unknown>): Promise<TokenView & { token: string }>;
  /** Every token, oldest first, as views. */
  list(): Promise<TokenView[]>;
  /** @throws PROV_ERR_NOT_FOUND (no such token), PROV_ERR_FORBIDDEN (the actor may not revoke that role) */
  revoke(actor: Identity, id: string): Promise<void>;
}

export interface TokensServiceDeps {
  readonly tokens: ApiTokenStore;
  readonly store: Pick<Store, 'getUser'>;
  readonly now: () => Date;
}

export function createTokensService({ tokens, store, now }: TokensServiceDeps): TokensService {
  return {
    async create(actor, body) {
      const input = parseWith(TokenCreateSchema, body);
      const userId = input.user_id ?? null;
      if (isSelfService(input.role) && userId === null) throw validationError([{ field: 'user_id', message: `is required for role ${input.role}` }]);
      if (!isSelfService(input.role) && userId !== null) throw validationError([{ field: 'user_id', message: `must be absent for role ${input.role}` }]);
      requireManage(actor, input.role, 'create');
      if (userId !== null && !(await store.getUser(userId))) throw validationError([{ field: 'user_id', message: `no user with id ${userId}` }]);
      const token = newApiToken();
      const record: ApiTokenRecord = { id: randomUUID(), hash: hashApiToken(token), name: input.name, role: input.role, user_id: userId, created_at: now().toISOString() };
      await tokens.insert(record);
      return { ...viewOf(record), token };
    },
    async list() {
      return (await tokens.list()).map(viewOf);
    },
    async revoke(actor, id) {
      // Tokens are few (people and integrations, not phones): a list is cheaper than another index.
      const found = (await tokens.list()).find((r) => r.id === id);
      if (!found) throw new ProvError('PROV_ERR_NOT_FOUND', [`token ${id}`]);
      requireManage(actor, parseTokenRole(found.role) ?? 'SystemAdmin', 'revoke');
      await tokens.remove(id);
    },
  };
}

// --- internal ---

function requireManage(actor: Identity, target: TokenRole, verb: 'create' | 'revoke'): void {
  if (!mayManageTokenOf(actor.role, target)) throw new ProvError('PROV_ERR_FORBIDDEN', [actor.role, `${verb} ${target} tokens`]);
}

function viewOf({ hash: _hash, ...view }: ApiTokenRecord): TokenView {
  return view;
}
