/**
 * @module A vendor's redirect-service (RPS) account as an admin sends it: the body of
 * `POST /api/rps/accounts/{vendor}`. Which credential fields are required depends on the
 * service (`flavour`), so that rule is checked by the API against the service definition.
 */
import { z } from 'zod';
import { line, secret } from './fields.js';

/**
 * A service base URL: http or https, with a host, without credentials in it (they would be
 * shown back in every answer), at most 2048 characters.
 */
export const serviceUrlField = line(2048).refine(
  (s) => {
    try {
      const url = new URL(s);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  },
  { message: 'must be an http or https URL with a host and no user name or password in it' }
);

/**
 * Body of `POST /api/rps/accounts/{vendor}` (creates or replaces the whole account):
 * - `flavour`: the service id, one of the vendor's (default: the vendor's first);
 * - `url`: overrides the service's public base URL (private deployments, tests);
 * - `username` + `password`, or `access_key_id` + `access_key_secret`: as the service takes
 *   them. Secrets are write-only: never answered, never logged, sealed at rest.
 */
export const RpsAccountBodySchema = z.strictObject({
  flavour: line(64).min(1, 'must not be empty').optional(),
  url: serviceUrlField.optional(),
  username: line(128).min(1, 'must not be empty').optional(),
  password: secret.optional(),
  access_key_id: line(128).min(1, 'must not be empty').optional(),
  access_key_secret: secret.optional(),
});
export type RpsAccountBody = z.output<typeof RpsAccountBodySchema>;

/** The credential fields of each kind of service credentials (RedirectServiceDefinition.credentials). */
export const RPS_CREDENTIAL_FIELDS = {
  username_password: ['username', 'password'],
  access_key: ['access_key_id', 'access_key_secret'],
} as const satisfies Record<string, readonly (keyof RpsAccountBody)[]>;
