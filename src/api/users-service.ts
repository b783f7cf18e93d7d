/** @module User use cases behind the admin API: create, read, update, destroy, list, rotate token. */
import { randomUUID } from 'node:crypto';
import { parseWith } from '../domain/fields.js';
import type { Phone } from '../domain/phone.js';
import { USER_READ_ONLY, USER_SECRETS, UserCreateSchema, UserUpdateSchema, type User } from '../domain/user.js';
import { ProvError } from '../errors.js';
import type { ListQuery } from '../store/query.js';
import type { Page, Store } from '../store/types.js';
import { claimOf, sameSecrets } from './idempotency.js';
import { newProvisionToken } from './random.js';

/** What the users service needs: the store and a clock for created_at/updated_at. */
export interface UsersServiceDeps {
  readonly store: Store;
  readonly now: () => Date;
  /** Ends the user's outstanding QR tokens: called after the extension password changed and after a destroy. */
  readonly revokeQrTokens?: (userId: string) => Promise<unknown>;
}

/** User use cases; every method answers the stored record (callers show toUserView of it). */
export interface UsersService {
  /**
   * Validates fully, then inserts. With an Idempotency-Key used before for the same request
   * (24 h), creates nothing and answers the user it created then.
   * @throws PROV_ERR_VALIDATION, PROV_ERR_EXTENSION_TAKEN, PROV_ERR_USER_NAME_TAKEN,
   *   PROV_ERR_IDEMPOTENCY_KEY_REUSED (the key was used for another request),
   *   PROV_ERR_USER_NOT_FOUND (the user the key created has been deleted since)
   */
  create(body: Record<string, unknown>, idempotencyKey?: string): Promise<User>;
  /** @throws PROV_ERR_USER_NOT_FOUND */
  get(id: string): Promise<User>;
  /**
   * Partial update: absent fields keep their value; the merged record must pass the create rules.
   * Atomic against concurrent updates (none is lost). @throws PROV_ERR_STORE_CONFLICT (409) when
   * the user kept changing through every retry.
   */
  update(id: string, body: Record<string, unknown>): Promise<User>;
  /** Deletes the user AND all its phones (their files stop being served at once). */
  destroy(id: string): Promise<Phone[]>;
  list(query: ListQuery): Promise<Page<User>>;
  /** New provisioning folder token; URLs with the old one stop working at once. */
  rotateToken(id: string): Promise<User>;
}

/** Builds the users service. Every write is validated fully before the store is called. */
export function createUsersService({ store, now, revokeQrTokens = async () => {} }: UsersServiceDeps): UsersService {
  const get = async (id: string): Promise<User> => {
    const user = await store.getUser(id);
    if (!user) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [id]);
    return user;
  };

  return {
    async create(body, idempotencyKey) {
      const sent = withoutReadOnly(body);
      const fields = parseWith(UserCreateSchema, sent);
      const at = now().toISOString();
      const user: User = { ...fields, id: randomUUID(), provision_token: newProvisionToken(), created_at: at, updated_at: at };
      const outcome = await store.insertUser(user, claimOf(idempotencyKey, 'users', sent, USER_SECRETS));
      if (outcome.created) return user;
      const first = await get(outcome.id);
      if (!sameSecrets(fields, first, USER_SECRETS)) throw new ProvError('PROV_ERR_IDEMPOTENCY_KEY_REUSED', [idempotencyKey!]);
      return first;
    },
    get,
    async update(id, body) {
      const changes = parseWith(UserUpdateSchema, withoutReadOnly(body));
      // Set by the attempt that is written (a conflict runs the change again on the newer record).
      let passwordChanged = false;
      // Atomic: the merge is applied to the record stored at the moment of the write.
      const written = await store.updateUser(id, (current) => {
        const { id: _id, provision_token, created_at, updated_at: _u, ...stored } = current;
        // Re-parse the merged record so cross-field and default rules hold for the result.
        const merged = parseWith(UserCreateSchema, { ...stored, ...definedOnly(changes) });
        passwordChanged = merged.extension_password !== current.extension_password;
        return { ...merged, id, provision_token, created_at, updated_at: now().toISOString() };
      });
      // A QR code handed out with the old password must not hand out the new one.
      if (passwordChanged) await revokeQrTokens(id);
      return written;
    },
    async destroy(id) {
      const removed = await store.deleteUser(id);
      if (!removed) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [id]);
      await revokeQrTokens(id);
      return removed;
    },
    list: (query) => store.listUsers(query),
    rotateToken(id) {
      const token = newProvisionToken();
      return store.updateUser(id, (current) => ({ ...current, provision_token: token, updated_at: now().toISOString() }));
    },
  };
}

/** Drops server-owned fields a client echoed back (GET-then-POST); also used by phones. */
export function withoutReadOnly(body: Record<string, unknown>, readOnly: readonly string[] = USER_READ_ONLY): Record<string, unknown> {
  const out = { ...body };
  for (const k of readOnly) delete out[k];
  return out;
}

/** The keys whose value is not undefined (an update never clears a field by omission). */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
