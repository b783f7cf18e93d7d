/**
 * @module End-to-end support for secrets at rest: a user and a phone with every secret set,
 * created through the admin API of a running server, and which of their secrets occur in raw bytes.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { AppServer } from '../helpers/app-server.js';
import { raw } from '../helpers/raw-http.js';
import { nextMac } from '../helpers/records.js';
import { randomDigits } from '../helpers/secrets-dump.js';

/** What was created, with every secret value by name (the folder token as the API answered it). */
export interface CreatedWithSecrets {
  readonly userId: string;
  readonly phoneId: string;
  readonly mac: string;
  readonly token: string;
  readonly secrets: Readonly<Record<string, string>>;
}

/**
 * Sets the network's private address (so files render), then POSTs a user with SIP and user
 * passwords and a voicemail PIN, and a Yealink phone of it with web and door passwords.
 */
export async function createWithSecrets(app: AppServer, n = 1): Promise<CreatedWithSecrets> {
  const tag = randomBytes(5).toString('hex');
  const secrets = {
    extension_password: `sip-pw-${tag}`,
    password: `user-pw-${tag}`,
    voicemail_pin: randomDigits(10),
    phone_password: `web-pw-${tag}`,
    door_password1: randomDigits(8),
    door_password2: randomDigits(8),
  };
  expect((await app.api('POST', '/api/network', { private_ipv4: '127.0.0.1' })).status).toBe(200);
  const user = await app.api('POST', '/api/users', {
    name: `sealed${tag}`, extension_number: String(700 + n), interface: 'PRIVATE_IPV4',
    extension_password: secrets.extension_password, password: secrets.password, voicemail_pin: secrets.voicemail_pin,
  });
  expect(user.status).toBe(201);
  const mac = nextMac();
  const phone = await app.api('POST', `/api/users/${user.body.id}/phones`, {
    mac, vendor: 'yealink', model: 'T46U', interface: 'PRIVATE_IPV4',
    password: secrets.phone_password, door_password1: secrets.door_password1, door_password2: secrets.door_password2,
  });
  expect(phone.status).toBe(201);
  const token = user.body.provision_token as string;
  return { userId: user.body.id, phoneId: phone.body.id, mac, token, secrets: { ...secrets, provision_token: token } };
}

/** Names of the secrets whose plain value occurs in `bytes`; [] when none. */
export function leakedIn(bytes: Buffer, secrets: Readonly<Record<string, string>>): string[] {
  return Object.entries(secrets).filter(([, value]) => bytes.includes(value, 0, 'utf8')).map(([name]) => name);
}

/**
 * A GET on a connection of its own (`Connection: close`): these tests restart the server on the
 * same ports, where a pooled keep-alive connection of the previous server would be dead.
 */
async function get(app: AppServer, listener: 'http' | 'api', path: string) {
  const headers = { connection: 'close', authorization: `Bearer ${app.running.adminToken}` };
  return raw(`http://127.0.0.1:${app.running.ports[listener]}`, 'GET', path, headers);
}

/** The phone's rendered file under its folder: 200, carrying its opened SIP and web passwords. */
export async function expectPhoneFile(app: AppServer, created: Pick<CreatedWithSecrets, 'mac' | 'token' | 'secrets'>): Promise<string> {
  const file = await get(app, 'http', `/provision/${created.token}/${created.mac}.cfg`);
  expect(file.status).toBe(200);
  expect(file.body).toContain(`account.1.password = ${created.secrets.extension_password}`);
  expect(file.body).toContain(`admin:${created.secrets.phone_password}`);
  return file.body;
}

/** GET answers of the user and the phone (what must not change when storage does), less where the phone was last seen. */
export async function getAnswers(app: AppServer, created: CreatedWithSecrets): Promise<unknown[]> {
  const answers = [await get(app, 'api', `/api/users/${created.userId}`), await get(app, 'api', `/api/users/${created.userId}/phones/${created.phoneId}`)];
  for (const a of answers) expect(a.status).toBe(200);
  return answers.map((a) => Object.fromEntries(Object.entries(JSON.parse(a.body) as object).filter(([k]) => !k.startsWith('last_seen_'))));
}
