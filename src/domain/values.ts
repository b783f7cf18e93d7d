/** @module Value sets of the PortSIP REST API, as const arrays (the wire values are canonical). */

/** Which of the PBX's addresses goes into a phone's file or QR code. */
export const INTERFACES = [
  'WEB_DOMAIN',
  'PUBLIC_IPV4',
  'PUBLIC_IPV6',
  'PRIVATE_IPV4',
  'PRIVATE_IPV6',
  'SBC_DOMAIN',
] as const;
export type Interface = (typeof INTERFACES)[number];

export const TRANSPORTS = ['UDP', 'TCP', 'TLS'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/**
 * How the phone path authenticates a phone before it sends a per-phone file (README "Device
 * authentication"): `none` (the folder token and MAC suffice), `digest` (credentials delivered by
 * the first fetch, required from then on), `required` (always), `pin` (the user's extension and
 * voicemail PIN, always).
 */
export const DEVICE_AUTH_MODES = ['none', 'digest', 'required', 'pin'] as const;
export type DeviceAuthMode = (typeof DEVICE_AUTH_MODES)[number];

/** What a BLF/DSS key does when pressed during a call. */
export const TRANSFERS = ['BLIND', 'ATTENDED', 'NEW_CALL'] as const;
export type Transfer = (typeof TRANSFERS)[number];

/** The 14 LCD languages PortSIP offers. */
export const LANGUAGES = [
  'ENGLISH',
  'CHINESE',
  'DUTCH',
  'FRENCH',
  'GERMAN',
  'GREEK',
  'ITALIAN',
  'JAPANESE',
  'POLISH',
  'RUSSIAN',
  'SPANISH',
  'SWEDISH',
  'UKRAINIAN',
  'BULGARIAN',
] as const;
export type Language = (typeof LANGUAGES)[number];

export const SMS_MODES = ['DISABLE', 'ALLOW', 'ALLOW_WITH_SENDER_ID'] as const;
export const VOICEMAIL_PLAY_DATETIME = ['DISABLE', '12_HOUR_CLOCK', '24_HOUR_CLOCK'] as const;

/** PortSIP's built-in roles; any other role name is a custom role. */
export const BUILTIN_ROLES = [
  'SystemAdmin',
  'Replicator',
  'Dealer',
  'Admin',
  'StandardUser',
  'StandardInternationalUser',
  'QueueManager',
] as const;

/** Account names reserved for the system administrator (compared case-insensitively). */
export const RESERVED_USER_NAMES = ['admin', 'system', 'administrator', 'root'] as const;

/**
 * Audio codecs a phone record may list, canonical spelling. Input is matched case-insensitively
 * (`pcmu`, `g.722` and `G722` are the same codec); vendors map these names in vendor.json.
 */
export const CODECS = [
  'PCMU',
  'PCMA',
  'G722',
  'G729',
  'G726',
  'G723',
  'ILBC',
  'OPUS',
  'GSM',
  'AMR',
  'AMR-WB',
  'G722.1',
  'SPEEX',
] as const;
export type Codec = (typeof CODECS)[number];

/** Normalises a codec spelling to its canonical name, or undefined when unknown. */
export function parseCodec(input: string): Codec | undefined {
  const key = input.trim().toUpperCase().replace(/^G\.(?=7)/, 'G').replace(/_/g, '-');
  const alias: Record<string, Codec> = { 'G711U': 'PCMU', 'G711A': 'PCMA', 'AMRWB': 'AMR-WB', 'G7221': 'G722.1' };
  return (CODECS as readonly string[]).includes(key) ? (key as Codec) : alias[key.replace(/[.-]/g, '')];
}
