/** @module The PROV_ERR_* registry and ProvError, the only error type src/ throws on purpose. */

/** One entry of the registry: HTTP status and a human message (may use `%s` placeholders). */
interface ErrorSpec {
  readonly status: number;
  readonly message: string;
}

/**
 * Every error code the server can produce. The README "Error codes" table lists exactly these
 * (test/errors.test.ts keeps both in sync). Grouped by area.
 */
export const ERRORS = {
  // --- request validation (admin API) ---
  PROV_ERR_VALIDATION: { status: 400, message: 'The request is invalid: %s' },
  PROV_ERR_BODY_INVALID: { status: 400, message: 'The request body is not valid JSON: %s' },
  PROV_ERR_QUERY_INVALID: { status: 400, message: 'The list query is invalid: %s' },
  PROV_ERR_MAC_INVALID: { status: 400, message: 'Not a valid MAC address: %s' },
  PROV_ERR_IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'Idempotency-Key %s was used within 24 h for a different request' },
  // --- authentication ---
  PROV_ERR_UNAUTHORIZED: { status: 401, message: 'A valid bearer token is required' },
  PROV_ERR_FORBIDDEN: { status: 403, message: 'Role %s may not %s' },
  // --- resources ---
  PROV_ERR_NOT_FOUND: { status: 404, message: 'No such resource: %s' },
  PROV_ERR_USER_NOT_FOUND: { status: 404, message: 'No user with id %s' },
  PROV_ERR_PHONE_NOT_FOUND: { status: 404, message: 'No phone %s' },
  PROV_ERR_UNKNOWN_PHONE_NOT_FOUND: { status: 404, message: 'No unknown device %s was recorded (assigned, rejected, or never seen)' },
  PROV_ERR_FILE_NOT_FOUND: { status: 404, message: 'No file %s for this phone' },
  PROV_ERR_METHOD_NOT_ALLOWED: { status: 405, message: 'Method %s is not allowed here' },
  // --- uniqueness ---
  PROV_ERR_MAC_TAKEN: { status: 409, message: 'MAC %s is already registered' },
  PROV_ERR_EXTENSION_TAKEN: { status: 409, message: 'Extension %s is already in use' },
  PROV_ERR_USER_NAME_TAKEN: { status: 409, message: 'User name %s is already in use' },
  // --- vendors and rendering ---
  PROV_ERR_VENDOR_UNKNOWN: { status: 400, message: 'Unknown vendor %s' },
  PROV_ERR_MODEL_UNKNOWN: { status: 400, message: 'Unknown model %s' },
  PROV_ERR_VENDOR_DESCRIPTOR_INVALID: { status: 500, message: 'Vendor descriptor %s is invalid: %s' },
  PROV_ERR_TEMPLATE_INVALID: { status: 500, message: 'Template %s cannot be compiled: %s' },
  PROV_ERR_RENDER_FAILED: { status: 500, message: 'Rendering %s failed: %s' },
  PROV_ERR_VENDOR_CA_INVALID: { status: 500, message: 'Vendor CA file %s cannot be used: %s' },
  PROV_ERR_TZDATA_MISSING: { status: 500, message: 'The time zone database has no usable rule for %s: %s' },
  // --- templates edited over the API (src/templates/) ---
  PROV_ERR_TEMPLATE_NOT_FOUND: { status: 404, message: 'Vendor %s has no template file %s (GET /api/templates/%s lists them)' },
  PROV_ERR_TEMPLATE_REJECTED: { status: 400, message: 'Template %s was not accepted, nothing was stored: %s' },
  PROV_ERR_TEMPLATE_LEAKS_SECRET: { status: 400, message: 'Template %s was not accepted, nothing was stored: %s, which must carry no secret, writes %s' },
  PROV_ERR_TEMPLATE_VERSION_MISMATCH: { status: 412, message: 'Template %s is at version %s, not %s (If-Match, or the version read before the change): read it again, then send your change' },
  // --- firmware ---
  PROV_ERR_FIRMWARE_NOT_FOUND: { status: 404, message: 'No firmware is uploaded for %s' },
  PROV_ERR_FIRMWARE_TOO_LARGE: { status: 413, message: 'The firmware is larger than PROV_FIRMWARE_MAX_BYTES (%s bytes)' },
  PROV_ERR_FIRMWARE_NAME_TAKEN: { status: 409, message: 'File name %s is the firmware of %s with other bytes; a phone asking for it could not be told apart' },
  // --- QR codes ---
  PROV_ERR_QR_APP_NOT_CONFIGURED: { status: 400, message: 'QR codes for %s need %s to be set' },
  PROV_ERR_QR_TOO_LARGE: { status: 400, message: 'The QR payload (%s bytes) is longer than a QR code holds (%s bytes)' },
  PROV_ERR_DOOR_QR_UNDOCUMENTED: { status: 400, message: 'Model %s has no documented QR code door opening' },
  PROV_ERR_DOOR_CODE_MISSING: { status: 400, message: 'Phone %s has no %s: its QR code would open nothing' },
  PROV_ERR_RATE_LIMITED: { status: 429, message: 'Too many requests for %s; try again in %s s' },
  // --- redirect services (RPS) ---
  PROV_ERR_RPS_UNSUPPORTED: { status: 400, message: 'Vendor %s has no redirect service: %s' },
  PROV_ERR_RPS_NO_ACCOUNT: { status: 400, message: 'rps is true, but vendor %s has no redirect-service account: create it first (POST /api/rps/accounts/%s)' },
  PROV_ERR_RPS_ACCOUNT_NOT_FOUND: { status: 404, message: 'No redirect-service account for vendor %s' },
  PROV_ERR_RPS_ACCOUNT_IN_USE: { status: 409, message: 'The redirect-service account of vendor %s is used by %s phone(s) with rps true (%s): %s' },
  PROV_ERR_RPS_NOT_ENABLED: { status: 409, message: 'Phone %s has rps false: %s' },
  PROV_ERR_RPS_OVERRIDE_UNSUPPORTED: { status: 400, message: 'The redirect service %s cannot take over a MAC held by another account' },
  // --- resync (SIP NOTIFY) ---
  PROV_ERR_RESYNC_NEVER_SEEN: { status: 409, message: 'Phone %s has never fetched its files, so its address is unknown: it can be resynced once it has provisioned' },
  PROV_ERR_RESYNC_UNSUPPORTED: { status: 400, message: '%s phones cannot be %s by SIP NOTIFY: %s' },
  PROV_ERR_RESYNC_JOB_NOT_FOUND: { status: 404, message: 'No resync job %s (finished jobs are kept in memory for a while, never across a restart)' },
  // --- store ---
  PROV_ERR_STORE_UNAVAILABLE: { status: 503, message: 'The store is unavailable: %s' },
  PROV_ERR_STORE_DATA_LOST: { status: 503, message: 'The store lost its data (its data-epoch marker is gone or changed): writes are refused until the data is restored or the server is restarted' },
  PROV_ERR_STORE_CORRUPT: { status: 500, message: 'A stored record is corrupt: %s' },
  PROV_ERR_STORE_CONFLICT: { status: 409, message: '%s was changed by other requests at the same time, every retry too; send the request again' },
  // --- configuration (at start) ---
  PROV_ERR_CONFIG_INVALID: { status: 500, message: 'Invalid configuration:\n%s' },
  // --- secrets at rest ---
  PROV_ERR_SECRET_KEY_INVALID: { status: 500, message: 'Secret key file %s cannot be used: %s' },
  PROV_ERR_SECRET_KEY_UNKNOWN: { status: 500, message: 'A stored secret is sealed with key %s, which the key file %s does not hold' },
  // --- the provd CLI (a client of the API; never answered by the server) ---
  PROV_ERR_CLI_API_UNREACHABLE: { status: 502, message: 'Cannot reach the provd API at %s (%s): is `provd serve` running, and is --api / PROVD_API right?' },
  PROV_ERR_CLI_API_ANSWER: { status: 502, message: 'The API answered %s: %s' },
  PROV_ERR_CLI_INPUT_INVALID: { status: 400, message: 'Cannot read %s: %s' },
  // --- anything else ---
  PROV_ERR_INTERNAL: { status: 500, message: 'Internal server error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** One invalid field of a request, named by its path (`codecs.2`, `blfs.0.key`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A coded, expected error. `errors` names each bad field for validation failures. */
export class ProvError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: readonly FieldError[];

  constructor(
    code: ErrorCode,
    args: readonly (string | number)[] = [],
    options: { errors?: readonly FieldError[]; cause?: unknown } = {}
  ) {
    super(formatMessage(ERRORS[code].message, args), { cause: options.cause });
    this.name = 'ProvError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.errors = options.errors ?? [];
  }
}

/** Builds a PROV_ERR_VALIDATION error from field errors; the message names every field. */
export function validationError(errors: readonly FieldError[]): ProvError {
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new ProvError('PROV_ERR_VALIDATION', [summary], { errors });
}

export function isProvError(err: unknown): err is ProvError {
  return err instanceof ProvError;
}

// --- internal ---

function formatMessage(template: string, args: readonly (string | number)[]): string {
  let i = 0;
  return template.replace(/%s/g, () => String(args[i++] ?? ''));
}
