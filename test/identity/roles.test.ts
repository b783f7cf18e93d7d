/** The meaning of token roles (issue 12 §4): who administers, who is self-service, who may mint which role. */
import { describe, expect, it } from 'vitest';
import { ADMIN_ROLES, isSelfService, mayManageTokenOf, parseTokenRole, SELF_SERVICE_ROLES, TOKEN_ROLES, type TokenRole } from '../../src/identity/roles.js';

describe('token roles', () => {
  it('splits every token role into exactly one of admin and self-service', () => {
    expect([...ADMIN_ROLES, ...SELF_SERVICE_ROLES].sort()).toStrictEqual([...TOKEN_ROLES].sort());
    for (const role of ADMIN_ROLES) expect(isSelfService(role)).toBe(false);
    for (const role of SELF_SERVICE_ROLES) expect(isSelfService(role)).toBe(true);
  });

  it('parses a role case-insensitively to its canonical spelling; other built-in roles are no token role', () => {
    expect(parseTokenRole('systemadmin')).toBe('SystemAdmin');
    expect(parseTokenRole('STANDARDUSER')).toBe('StandardUser');
    expect(parseTokenRole('QueueManager')).toBeUndefined();
    expect(parseTokenRole('Dealer')).toBeUndefined();
    expect(parseTokenRole('')).toBeUndefined();
  });

  it.each<[TokenRole, TokenRole[]]>([
    ['SystemAdmin', ['SystemAdmin', 'Admin', 'StandardUser', 'StandardInternationalUser']],
    ['Admin', ['Admin', 'StandardUser', 'StandardInternationalUser']],
    ['StandardUser', []],
    ['StandardInternationalUser', []],
  ])('%s may manage tokens of %j and no other role', (actor, allowed) => {
    expect(TOKEN_ROLES.filter((target) => mayManageTokenOf(actor, target))).toStrictEqual(allowed);
  });
});
