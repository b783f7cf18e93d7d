import { describe, expect, it } from 'vitest';
import { hawkRestRefusal } from '../../../src/redirect/hawk-rest/refusals.js';

describe('hawkRestRefusal', () => {
  it.each([
    [403, '{"detail":"taken_mac_or_forbidden"}', 'owned_by_other'],
    [400, '{"message":"User lacks permission to endpoint"}', 'owned_by_other'],
    [403, '{"detail":"You do not have permission to perform this action."}', 'auth_failed'],
    [401, '{"detail":"Hawk authentication failed"}', 'auth_failed'],
    [400, '{"mac":["Enter a valid MAC address."]}', 'invalid_mac'],
    [400, '{"settings_manager":["Enter a valid URL."]}', 'invalid_url'],
    [409, '{"detail":"conflict"}', 'unknown'],
    [400, '<html>Bad Request</html>', 'unknown'],
  ] as const)('maps HTTP %i %s to %s', (status, body, kind) => {
    expect(hawkRestRefusal('Snom SRAPS', status, body).kind).toBe(kind);
  });

  it('quotes the service\'s words (message, error or detail) in the message', () => {
    expect(hawkRestRefusal('Snom SRAPS', 403, '{"error":"taken_mac_or_forbidden"}').message).toBe('Snom SRAPS refused (HTTP 403): taken_mac_or_forbidden');
  });
});
