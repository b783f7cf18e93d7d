import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INSTALL_DIR, loadConfig } from '../src/config.js';
import { ProvError } from '../src/errors.js';

function configError(env: Record<string, string | undefined>): ProvError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ProvError);
    return err as ProvError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig defaults', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      http: { host: '0.0.0.0', port: 8080, publicPort: undefined, allow: [] },
      api: { host: '127.0.0.1', port: 8081, adminToken: undefined },
      store: { kind: 'sqlite', dataDir: join(INSTALL_DIR, 'data'), redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'provd:' },
      secretKeyFile: join(INSTALL_DIR, 'data', 'secret-key'),
      templatesDir: join(INSTALL_DIR, 'templates'),
      firmware: { dir: join(INSTALL_DIR, 'data', 'firmware'), maxBytes: 512 * 1024 * 1024 },
      console: { pagesDir: join(INSTALL_DIR, 'src', 'console', 'web'), scriptsDir: join(INSTALL_DIR, 'dist', 'console', 'web') },
      defaultTimezone: 'UTC',
      logLevel: 'info',
      trustProxy: false,
      https: { port: 8443, publicPort: undefined, certsDir: join(INSTALL_DIR, 'certs'), keyType: 'ecdsa', byo: undefined, compat: false,
        clientCert: { mode: 'off', casDir: join(INSTALL_DIR, 'certs', 'vendors') } },
      tftp: { host: '0.0.0.0', port: 6969, allow: [], maxTransfers: 2048, maxPerAddress: 8, maxTimeoutSeconds: 10, unansweredSends: 2 },
      connections: { phone: { max: 4096, perAddress: 1024 }, api: { max: 256, perAddress: 256 }, idleUnderPressureMs: 5000 },
      throttle: { misses: 50, windowS: 60, blockS: 300 },
      deviceAuth: { mode: 'none', nonceTtlS: 300, graceS: 600, pinExcludeVendors: [] },
      qr: { tokenTtlSeconds: 86400, acrobitsCloudId: undefined, doorPerMinute: 5 },
      workers: 1,
      rps: { ratePerSecond: 5, timeoutMs: 15_000, pollMs: 1_000, retry: { baseMs: 2_000, capMs: 300_000, maxAttempts: 10 } },
      phonebook: { scope: 'all' },
      resync: { ratePerSecond: 5, timeoutMs: 8_000, sipPort: 5060, onChange: false },
    });
  });

  it('resolves default paths from the install folder, not the working directory', () => {
    const repository = fileURLToPath(new URL('..', import.meta.url));

    const config = loadConfig({});

    expect(INSTALL_DIR).toBe(repository);
    expect(config.templatesDir).toBe(join(repository, 'templates'));
    expect(loadConfig({}, { installDir: '/opt/provd' }).store.dataDir).toBe('/opt/provd/data');
  });

  it('resolves relative paths given in the environment from the working directory', () => {
    const config = loadConfig({ PROV_DATA_DIR: 'var/data', PROV_TEMPLATES_DIR: '../tpl', PROV_CERTS_DIR: 'c' }, { installDir: '/opt/provd' });

    expect(config.store.dataDir).toBe(resolve('var/data'));
    expect(config.templatesDir).toBe(resolve('../tpl'));
    expect(config.https.certsDir).toBe(resolve('c'));
  });

  it('keeps the secret key beside the admin token in the data folder unless PROV_SECRET_KEY_FILE says', () => {
    expect(loadConfig({ PROV_DATA_DIR: '/srv/provd' }).secretKeyFile).toBe('/srv/provd/secret-key');
    expect(loadConfig({ PROV_DATA_DIR: '/srv/provd', PROV_SECRET_KEY_FILE: 'keys/provd.key' }).secretKeyFile).toBe(resolve('keys/provd.key'));
  });

  it('counts empty-string variables as unset', () => {
    const config = loadConfig({
      PROV_HTTP_PORT: '',
      PROV_API_PORT: '',
      PROV_HOST: '',
      PROV_STORE: '',
      PROV_ADMIN_TOKEN: '',
      PROV_DEFAULT_TIMEZONE: '',
      PROV_REDIS_URL: '',
      PROV_LOG_LEVEL: '',
    });
    expect(config).toEqual(loadConfig({}));
  });

  it('counts whitespace-only variables as unset (a blank port is not port 0)', () => {
    const config = loadConfig({ PROV_HTTP_PORT: ' ', PROV_API_PORT: '\t', PROV_ADMIN_TOKEN: ' '.repeat(20) });
    expect(config.http.port).toBe(8080);
    expect(config.api.port).toBe(8081);
    expect(config.api.adminToken).toBeUndefined();
  });

  it('ignores variables that are not PROV_*', () => {
    expect(loadConfig({ PORT: '1234', HOME: '/root' })).toEqual(loadConfig({}));
  });
});

describe('loadConfig parses each variable', () => {
  it('reads every variable', () => {
    const config = loadConfig({
      PROV_HTTP_PORT: '9080',
      PROV_API_PORT: '9081',
      PROV_HOST: '127.0.0.1',
      PROV_API_HOST: '0.0.0.0',
      PROV_STORE: 'redis',
      PROV_DATA_DIR: '/var/lib/provd',
      PROV_REDIS_URL: 'redis://cache.internal:6380/2',
      PROV_REDIS_PREFIX: 'test:',
      PROV_ADMIN_TOKEN: 'a-token-of-32-characters-exactly',
      PROV_SECRET_KEY_FILE: '/etc/provd/secret-key',
      PROV_TEMPLATES_DIR: '/etc/provd/templates',
      PROV_FIRMWARE_DIR: '/srv/provd-firmware',
      PROV_FIRMWARE_MAX_BYTES: '1048576',
      PROV_PUBLIC_HTTP_PORT: '80',
      PROV_DEFAULT_TIMEZONE: 'Europe/Berlin',
      PROV_LOG_LEVEL: 'debug',
      PROV_TRUST_PROXY: 'true',
      PROV_HTTPS_PORT: '9443',
      PROV_PUBLIC_HTTPS_PORT: '443',
      PROV_CERTS_DIR: '/etc/provd/certs',
      PROV_TLS_KEY_TYPE: 'rsa',
      PROV_TLS_CERT: '/etc/ssl/provd.pem',
      PROV_TLS_KEY: '/etc/ssl/provd.key',
      PROV_TLS_COMPAT: 'yes',
      PROV_HTTPS_CLIENT_CERT: 'required',
      PROV_TFTP_PORT: '69',
      PROV_TFTP_HOST: '::',
      PROV_TFTP_ALLOW: '10.0.0.0/8, 192.168.1.5',
      PROV_TFTP_MAX_TRANSFERS: '500',
      PROV_TFTP_MAX_PER_ADDRESS: '4',
      PROV_TFTP_MAX_TIMEOUT: '5',
      PROV_TFTP_UNANSWERED_SENDS: '1',
      PROV_HTTP_MAX_CONNECTIONS: '1000',
      PROV_HTTP_MAX_CONNECTIONS_PER_ADDRESS: '50',
      PROV_HTTP_IDLE_UNDER_PRESSURE: '2',
      PROV_API_MAX_CONNECTIONS: '20',
      PROV_WORKERS: '3',
      PROV_QR_TOKEN_TTL: '3600',
      PROV_QR_ACROBITS_CLOUD_ID: 'ACME42*',
      PROV_DOOR_QR_PER_MINUTE: '2',
      PROV_RPS_RATE: '0.5',
      PROV_RPS_TIMEOUT: '2500',
      PROV_RPS_POLL: '250',
      PROV_RPS_RETRY_BASE: '100',
      PROV_RPS_RETRY_CAP: '60000',
      PROV_RPS_RETRY_MAX: '3',
      PROV_RESYNC_RATE: '2.5',
      PROV_RESYNC_TIMEOUT: '4000',
      PROV_RESYNC_SIP_PORT: '5062',
      PROV_RESYNC_ON_CHANGE: 'yes',
      PROV_PHONEBOOK_SCOPE: 'department',
      PROV_HTTP_ALLOW: '192.0.2.0/24',
      PROV_THROTTLE_MISSES: '20',
      PROV_THROTTLE_WINDOW: '30',
      PROV_THROTTLE_BLOCK: '600',
      PROV_DEVICE_AUTH: 'digest',
      PROV_DEVICE_AUTH_NONCE_TTL: '120',
      PROV_DEVICE_AUTH_GRACE: '0',
      PROV_PIN_EXCLUDE_VENDORS: 'snom,gigaset',
    });
    expect(config).toEqual({
      http: { host: '127.0.0.1', port: 9080, publicPort: 80, allow: [{ address: '192.0.2.0', prefix: 24, family: 'ipv4' }] },
      api: { host: '0.0.0.0', port: 9081, adminToken: 'a-token-of-32-characters-exactly' },
      store: { kind: 'redis', dataDir: '/var/lib/provd', redisUrl: 'redis://cache.internal:6380/2', redisPrefix: 'test:' },
      secretKeyFile: '/etc/provd/secret-key',
      templatesDir: '/etc/provd/templates',
      firmware: { dir: '/srv/provd-firmware', maxBytes: 1048576 },
      console: { pagesDir: join(INSTALL_DIR, 'src', 'console', 'web'), scriptsDir: join(INSTALL_DIR, 'dist', 'console', 'web') },
      defaultTimezone: 'Europe/Berlin',
      logLevel: 'debug',
      trustProxy: true,
      https: {
        port: 9443, publicPort: 443, certsDir: '/etc/provd/certs', keyType: 'rsa',
        byo: { certFile: '/etc/ssl/provd.pem', keyFile: '/etc/ssl/provd.key' }, compat: true,
        clientCert: { mode: 'required', casDir: '/etc/provd/certs/vendors' },
      },
      tftp: {
        host: '::', port: 69,
        allow: [{ address: '10.0.0.0', prefix: 8, family: 'ipv4' }, { address: '192.168.1.5', prefix: 32, family: 'ipv4' }],
        maxTransfers: 500, maxPerAddress: 4, maxTimeoutSeconds: 5, unansweredSends: 1,
      },
      throttle: { misses: 20, windowS: 30, blockS: 600 },
      connections: { phone: { max: 1000, perAddress: 50 }, api: { max: 20, perAddress: 20 }, idleUnderPressureMs: 2000 },
      deviceAuth: { mode: 'digest', nonceTtlS: 120, graceS: 0, pinExcludeVendors: ['snom', 'gigaset'] },
      qr: { tokenTtlSeconds: 3600, acrobitsCloudId: 'ACME42*', doorPerMinute: 2 },
      workers: 3,
      rps: { ratePerSecond: 0.5, timeoutMs: 2_500, pollMs: 250, retry: { baseMs: 100, capMs: 60_000, maxAttempts: 3 } },
      phonebook: { scope: 'department' },
      resync: { ratePerSecond: 2.5, timeoutMs: 4_000, sipPort: 5062, onChange: true },
    });
  });

  it('refuses resync settings out of range, naming the variable', () => {
    expect(() => loadConfig({ PROV_RESYNC_RATE: '0' })).toThrow(/PROV_RESYNC_RATE/);
    expect(() => loadConfig({ PROV_RESYNC_TIMEOUT: '100' })).toThrow(/PROV_RESYNC_TIMEOUT: must be 500-300000/);
    expect(() => loadConfig({ PROV_RESYNC_SIP_PORT: '0' })).toThrow(/PROV_RESYNC_SIP_PORT: must be 1-65535/);
    expect(() => loadConfig({ PROV_RESYNC_ON_CHANGE: 'maybe' })).toThrow(/PROV_RESYNC_ON_CHANGE/);
    expect(() => loadConfig({ PROV_PHONEBOOK_SCOPE: 'tenant' })).toThrow(/PROV_PHONEBOOK_SCOPE/);
  });

  it('refuses resource limits out of range, naming the variable and the range', () => {
    expect(() => loadConfig({ PROV_TFTP_MAX_TIMEOUT: '256' })).toThrow(/PROV_TFTP_MAX_TIMEOUT: must be 1-255/);
    expect(() => loadConfig({ PROV_TFTP_UNANSWERED_SENDS: '0' })).toThrow(/PROV_TFTP_UNANSWERED_SENDS: must be 1-6/);
    expect(() => loadConfig({ PROV_HTTP_MAX_CONNECTIONS: '1.5' })).toThrow(/PROV_HTTP_MAX_CONNECTIONS: must be a whole number/);
    expect(loadConfig({ PROV_HTTP_MAX_CONNECTIONS: '100' }).connections.phone).toEqual({ max: 100, perAddress: 100 });
  });

  it('turns listeners off with `off`', () => {
    const config = loadConfig({ PROV_HTTPS_PORT: 'off', PROV_TFTP_PORT: 'off' });
    expect(config.https.port).toBeNull();
    expect(config.tftp.port).toBeNull();
  });

  it('reads PROV_WORKERS as a count, or `auto` as one per CPU', () => {
    expect(loadConfig({ PROV_WORKERS: '4' }).workers).toBe(4);
    expect(loadConfig({ PROV_WORKERS: 'auto' }).workers).toBe(availableParallelism());
    expect(() => loadConfig({ PROV_WORKERS: '0' })).toThrow(/PROV_WORKERS/);
    expect(() => loadConfig({ PROV_WORKERS: '65' })).toThrow(/PROV_WORKERS/);
    expect(() => loadConfig({ PROV_WORKERS: 'many' })).toThrow(/PROV_WORKERS/);
  });

  it('refuses workers on the memory store (it lives in one process), naming PROV_WORKERS', () => {
    expect(() => loadConfig({ PROV_WORKERS: '2', PROV_STORE: 'memory' })).toThrow(/PROV_WORKERS: workers need a shared store/);
    expect(loadConfig({ PROV_WORKERS: '1', PROV_STORE: 'memory' }).workers).toBe(1);
    expect(loadConfig({ PROV_WORKERS: '2', PROV_STORE: 'redis' }).workers).toBe(2);
  });

  it('refuses an RPS rate that is not positive and a retry base above the cap, naming the variable', () => {
    expect(() => loadConfig({ PROV_RPS_RATE: '0' })).toThrow(/PROV_RPS_RATE/);
    expect(() => loadConfig({ PROV_RPS_TIMEOUT: '10' })).toThrow(/PROV_RPS_TIMEOUT/);
    expect(() => loadConfig({ PROV_RPS_RETRY_BASE: '5000', PROV_RPS_RETRY_CAP: '1000' })).toThrow(/PROV_RPS_RETRY_BASE: must not be more than PROV_RPS_RETRY_CAP/);
  });

  it('refuses a TLS certificate without its key', () => {
    expect(() => loadConfig({ PROV_TLS_CERT: '/x.pem' })).toThrow(/PROV_TLS_CERT: PROV_TLS_CERT and PROV_TLS_KEY go together/);
    expect(() => loadConfig({ PROV_TLS_KEY: '/x.key' })).toThrow(/PROV_TLS_CERT and PROV_TLS_KEY go together/);
  });

  it('throttles 50 misses a minute for 300 s by default; PROV_THROTTLE_MISSES=0 turns it off', () => {
    expect(loadConfig({}).throttle).toEqual({ misses: 50, windowS: 60, blockS: 300 });
    expect(loadConfig({ PROV_THROTTLE_MISSES: '0' }).throttle).toBeNull();
    expect(() => loadConfig({ PROV_THROTTLE_WINDOW: '0' })).toThrow(/PROV_THROTTLE_WINDOW: must be 1-86400 seconds/);
  });

  it('refuses an HTTP allow list entry that is not a CIDR, naming it', () => {
    expect(() => loadConfig({ PROV_HTTP_ALLOW: '10.0.0.0/33' })).toThrow(/PROV_HTTP_ALLOW: "10\.0\.0\.0\/33" is not an address or CIDR range/);
  });

  it('refuses a TFTP allow list entry that is not a CIDR, naming it', () => {
    expect(() => loadConfig({ PROV_TFTP_ALLOW: '10.0.0.0/8,10.0.0.0/40' })).toThrow(/PROV_TFTP_ALLOW: "10\.0\.0\.0\/40" is not an address or CIDR range/);
  });

  it.each([['sqlite'], ['memory'], ['redis']])('accepts PROV_STORE=%s', (store) => {
    expect(loadConfig({ PROV_STORE: store }).store.kind).toBe(store);
  });

  it.each([['fatal'], ['error'], ['warn'], ['info'], ['debug'], ['trace'], ['silent']])('accepts PROV_LOG_LEVEL=%s', (level) => {
    expect(loadConfig({ PROV_LOG_LEVEL: level }).logLevel).toBe(level);
  });

  it.each([
    ['1', true], ['true', true], ['yes', true], ['on', true],
    ['0', false], ['false', false], ['no', false], ['off', false],
  ])('reads PROV_TRUST_PROXY=%s as %s', (value, expected) => {
    expect(loadConfig({ PROV_TRUST_PROXY: value }).trustProxy).toBe(expected);
  });

  it('accepts the port bounds 0 and 65535', () => {
    expect(loadConfig({ PROV_HTTP_PORT: '0', PROV_API_PORT: '65535' })).toMatchObject({
      http: { port: 0 },
      api: { port: 65535 },
    });
  });

  it('accepts an admin token of exactly 16 characters', () => {
    expect(loadConfig({ PROV_ADMIN_TOKEN: '0123456789abcdef' }).api.adminToken).toBe('0123456789abcdef');
  });
});

describe('loadConfig refuses invalid values', () => {
  it.each([
    ['PROV_HTTP_PORT', '70000'],
    ['PROV_API_PORT', '-1'],
    ['PROV_HTTP_PORT', 'http'],
    ['PROV_PUBLIC_HTTP_PORT', '80.5'],
    ['PROV_STORE', 'mongo'],
    ['PROV_QR_TOKEN_TTL', '59'],
    ['PROV_QR_TOKEN_TTL', '604801'],
    ['PROV_QR_ACROBITS_CLOUD_ID', 'a b'],
    ['PROV_DOOR_QR_PER_MINUTE', '0'],
    ['PROV_ADMIN_TOKEN', 'too-short'],
    ['PROV_DEFAULT_TIMEZONE', 'Nowhere/Zone'],
    ['PROV_DEFAULT_TIMEZONE', '+01:00'],
    ['PROV_REDIS_URL', 'not a url'],
    ['PROV_LOG_LEVEL', 'verbose'],
    ['PROV_TRUST_PROXY', 'maybe'],
    ['PROV_HTTPS_CLIENT_CERT', 'yes'],
    ['PROV_DEVICE_AUTH', 'basic'],
    ['PROV_DEVICE_AUTH_NONCE_TTL', '9'],
    ['PROV_DEVICE_AUTH_GRACE', '-1'],
    ['PROV_PIN_EXCLUDE_VENDORS', 'Snom; Gigaset'],
  ])('refuses %s=%j with PROV_ERR_CONFIG_INVALID naming it', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.code).toBe('PROV_ERR_CONFIG_INVALID');
    expect(err.message).toContain(`${name}:`);
  });

  it('lists every invalid variable when several are bad', () => {
    const err = configError({
      PROV_HTTP_PORT: '70000',
      PROV_STORE: 'mongo',
      PROV_ADMIN_TOKEN: 'short',
      PROV_DEFAULT_TIMEZONE: 'Nowhere/Zone',
      PROV_REDIS_URL: 'not a url',
      PROV_API_PORT: '8081',
    });
    expect(err.code).toBe('PROV_ERR_CONFIG_INVALID');
    const named = err.message
      .split('\n')
      .map((l) => /^\s+(PROV_[A-Z_]+):/.exec(l)?.[1])
      .filter(Boolean)
      .sort();
    expect(named).toEqual(['PROV_ADMIN_TOKEN', 'PROV_DEFAULT_TIMEZONE', 'PROV_HTTP_PORT', 'PROV_REDIS_URL', 'PROV_STORE']);
    expect(err.message).not.toContain('PROV_API_PORT');
  });

  it('does not echo the admin token in the error message', () => {
    expect(configError({ PROV_ADMIN_TOKEN: 'sekrit' }).message).not.toContain('sekrit');
  });
});

describe('the loaded configuration', () => {
  it('is frozen at every level', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(Object.isFrozen(config.api)).toBe(true);
    expect(Object.isFrozen(config.store)).toBe(true);
  });

  it('refuses assignment to a nested field (strict mode throws, the value is unchanged)', () => {
    const config = loadConfig({});
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.store as { kind: string }).kind = 'memory';
    }).toThrow(TypeError);
    expect(config.http.port).toBe(8080);
    expect(config.store.kind).toBe('sqlite');
  });

  it('does not share state between loads', () => {
    const a = loadConfig({ PROV_HTTP_PORT: '9000' });
    const b = loadConfig({});
    expect(a.http.port).toBe(9000);
    expect(b.http.port).toBe(8080);
  });
});
