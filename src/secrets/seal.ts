/**
 * @module One sealed value: AES-256-GCM (node:crypto) with a random 96-bit IV, bound to its
 * place by additional authenticated data, written as a string a JSON document can hold:
 *
 *     $enc$<format>$<key id>$<base64url of iv (12 bytes) | ciphertext | tag (16 bytes)>
 *
 * The key id says which key of the key file opens it. The format names what the plain text is,
 * so layouts can sit side by side (the codec decides which it writes and where each may stand):
 * `v1` one secret field's text (the first sealed layout, read only), `v2` the JSON object of
 * one record's secret fields.
 */
import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';

/** The layouts of a sealed value's plain text (module header). */
export type SealFormat = 'v1' | 'v2';

/** Every sealed value starts with this; nothing else a store holds is taken as sealed. */
const SEALED_PREFIX = '$enc$';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** `$enc$<format>$<id>$<payload>`: id as in the key file, payload at least IV + tag long. */
const SEALED = /^\$enc\$(v1|v2)\$([A-Za-z0-9_-]{1,32})\$([A-Za-z0-9_-]{38,})$/;

/** A sealed value taken apart (nothing decrypted yet). */
export interface SealedParts {
  readonly format: SealFormat;
  readonly keyId: string;
  readonly payload: Buffer;
}

/**
 * Answers a fresh random 12-byte IV per call. randomBytes(12) costs about 5 us a call (measured,
 * Node 20), as much as the whole AES-GCM seal, so IVs are cut from one 4 KiB draw: each slice is
 * CSPRNG output used once, never repeated. Each process draws its own (cluster workers are spawned).
 */
export function createIvSource(): () => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + IV_BYTES > pool.length) {
      pool = randomBytes(IV_BYTES * 341);
      offset = 0;
    }
    offset += IV_BYTES;
    return pool.subarray(offset - IV_BYTES, offset);
  };
}

/**
 * Seals `plain` under `key` (the AES-256 key object of key `keyId`), authenticating `aad` with it:
 * the same `aad` MUST be given to open it. `iv` MUST be fresh random bytes for every call (so two
 * seals of one value differ: nothing tells that two records share a password).
 */
export function sealValue(format: SealFormat, plain: string, key: KeyObject, keyId: string, aad: string, iv: Buffer = randomBytes(IV_BYTES)): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = cipher.update(plain, 'utf8');
  const last = cipher.final();
  const payload = Buffer.concat([iv, body, last, cipher.getAuthTag()]);
  return `${SEALED_PREFIX}${format}$${keyId}$${payload.toString('base64url')}`;
}

/** Answers the format, key id and payload of a sealed value, or undefined when `value` is not one. */
export function parseSealed(value: string): SealedParts | undefined {
  const m = value.startsWith(SEALED_PREFIX) ? SEALED.exec(value) : null;
  if (!m) return undefined;
  return { format: m[1] as SealFormat, keyId: m[2]!, payload: Buffer.from(m[3]!, 'base64url') };
}

/**
 * The key id of a value sealed in `format` without decoding it (for deciding what to re-seal),
 * or undefined when `value` is not one (same test as parseSealed).
 */
export function sealedKeyId(value: string, format: SealFormat): string | undefined {
  const m = value.startsWith(SEALED_PREFIX) ? SEALED.exec(value) : null;
  return m?.[1] === format ? m[2] : undefined;
}

/**
 * Opens a sealed value with the key its id names.
 * @returns the plain text, or undefined when authentication fails: a value moved to another
 *   place (other `aad`), altered, or sealed under a different key of the same id.
 */
export function openSealed(parts: SealedParts, key: KeyObject, aad: string): string | undefined {
  const { payload } = parts;
  if (payload.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, payload.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
    const body = decipher.update(payload.subarray(IV_BYTES, payload.length - TAG_BYTES), undefined, 'utf8');
    return body + decipher.final('utf8');
  } catch {
    return undefined;
  }
}
