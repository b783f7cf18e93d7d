/**
 * @module What the roles of API identities mean here (PortSIP's built-in roles, seeds): which
 * roles a token may have, which of them administer, and who may mint (and revoke) which.
 *
 * - `SystemAdmin`: everything. The bootstrap admin token (data/admin-token) is this role.
 * - `Admin`: everything, except tokens of role SystemAdmin (neither mint nor revoke): an Admin
 *   cannot raise itself to SystemAdmin.
 * - `StandardUser`, `StandardInternationalUser`: self-service; the token names one user and sees
 *   that user only (`/api/user...`).
 * The other built-in roles (Replicator, Dealer, QueueManager) govern PBX features this server
 * does not have; a token cannot carry them.
 */

/** The roles an API token may carry. */
export const TOKEN_ROLES = ['SystemAdmin', 'Admin', 'StandardUser', 'StandardInternationalUser'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Roles that manage users, phones, network settings and tokens. */
export const ADMIN_ROLES: readonly TokenRole[] = ['SystemAdmin', 'Admin'];
/** Roles that see only the user their token is bound to. */
export const SELF_SERVICE_ROLES: readonly TokenRole[] = ['StandardUser', 'StandardInternationalUser'];

/** True when the role's tokens must name a user (`user_id`). */
export function isSelfService(role: TokenRole): boolean {
  return SELF_SERVICE_ROLES.includes(role);
}

/** True when an identity of role `actor` may create or revoke a token of role `target`. */
export function mayManageTokenOf(actor: TokenRole, target: TokenRole): boolean {
  if (actor === 'SystemAdmin') return true;
  if (actor === 'Admin') return target !== 'SystemAdmin';
  return false;
}

/** The role in its canonical spelling (`admin` -> `Admin`), or undefined when it is no token role. */
export function parseTokenRole(value: string): TokenRole | undefined {
  return TOKEN_ROLES.find((r) => r.toLowerCase() === value.toLowerCase());
}
