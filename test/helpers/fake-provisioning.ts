/**
 * @module A deterministic stand-in for the provisioning service, for API tests: URLs are built
 * from a fixed base and the user's token; `<mac>.cfg` and `common.xml` render, `boom.cfg` throws a
 * plain Error (a 500 path), anything else is PROV_ERR_FILE_NOT_FOUND.
 */
import { createHash } from 'node:crypto';
import { ProvError } from '../../src/errors.js';
import type { PhoneFileInfo, ProvisioningService, RenderedFile } from '../../src/provisioning/types.js';

export const FAKE_BASE_URL = 'http://prov.test:8080/provision';
/** The message of the error `boom.cfg` throws; it must never reach a response body. */
export const BOOM_MESSAGE = 'store password hunter2 leaked';

export function createFakeProvisioning(): ProvisioningService {
  const folder = (token: string) => `${FAKE_BASE_URL}/${token}/`;
  const rendered = (body: string, contentType: string, mac: string | null): RenderedFile => ({
    body: Buffer.from(body, 'utf8'),
    etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`,
    contentType,
    vendor: 'acme',
    mac,
  });
  return {
    async fetch() {
      return { refused: 'unknown_file' };
    },
    cached: () => undefined,
    bootstrap: async () => undefined,
    async filesOf(phone, user): Promise<PhoneFileInfo[]> {
      return [
        { name: 'common.xml', url: folder(user.provision_token) + 'common.xml', common: true },
        { name: `${phone.mac}.cfg`, url: folder(user.provision_token) + `${phone.mac}.cfg`, common: false },
      ];
    },
    async renderFile(phone, user, name) {
      if (name === `${phone.mac}.cfg`) return rendered(`account=${user.extension_number}\nmodel=${phone.model}\n`, 'text/plain; charset=utf-8', phone.mac);
      if (name === 'common.xml') return rendered('<?xml version="1.0"?><common/>\n', 'application/xml', null);
      if (name === 'boom.cfg') throw new Error(BOOM_MESSAGE);
      throw new ProvError('PROV_ERR_FILE_NOT_FOUND', [name]);
    },
    async provisioningUrl(_phone, user) {
      return folder(user.provision_token);
    },
  };
}
