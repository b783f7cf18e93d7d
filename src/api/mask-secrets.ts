/**
 * @module Masking a rendered file for preview (`GET /api/phones/{mac}/files/{name}?masked=true`):
 * every occurrence of the record's secret values is replaced, whatever the vendor's key for it
 * (`account.1.password = ...`, Grandstream's `<P34>`, a URL's folder token). The server knows
 * the values, so no vendor-specific key list is needed.
 */
import { createHash } from 'node:crypto';
import type { Phone } from '../domain/phone.js';
import { PHONE_SECRETS } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import { USER_SECRETS } from '../domain/user.js';
import type { RenderedFile } from '../provisioning/types.js';
import { isSecretSetting, SETTING_MASK } from '../settings/mask.js';

/** What a masked secret reads as in a preview: the same mask as hidden settings in answers. */
export const SECRET_MASK = SETTING_MASK;

/**
 * The secret values of a phone and its user, the provisioning folder token included, and of the
 * users of its further lines (`lineUsers`: their passwords are in the file too).
 */
export function secretValuesOf(phone: Phone, user: User & { readonly provision_token?: string }, lineUsers: readonly User[] = []): string[] {
  const values: unknown[] = [
    ...PHONE_SECRETS.map((k) => phone[k]), ...USER_SECRETS.map((k) => user[k]), user.provision_token,
    ...lineUsers.flatMap((u) => USER_SECRETS.map((k) => u[k])),
  ];
  // Settings whose key looks secret are masked in answers; so in previews (the phone's own; src/settings/mask.ts).
  for (const [key, value] of Object.entries(phone.settings ?? {})) if (isSecretSetting(key)) values.push(value);
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * `text` with every occurrence of each value replaced by SECRET_MASK; longer values first, so a
 * secret containing another is masked whole.
 * @example maskText('pw=abc&u=abc1', ['abc', 'abc1']) // 'pw=********&u=********'
 */
export function maskText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...new Set(secrets)].sort((a, b) => b.length - a.length)) out = out.split(secret).join(SECRET_MASK);
  return out;
}

/** The rendered file with its secrets masked (its ETag is that of the masked bytes). */
export function maskFile(file: RenderedFile, secrets: readonly string[]): RenderedFile {
  const body = Buffer.from(maskText(file.body.toString('utf8'), secrets), 'utf8');
  return { ...file, body, etag: `"${createHash('sha256').update(body).digest('hex')}"` };
}
