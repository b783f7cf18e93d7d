/**
 * @module The URL a redirect service is given for a phone: its provisioning folder URL (what
 * `GET /api/phones/{mac}` shows as `url`, `https://` when the phone has `https: true`), or, for a
 * service that holds a file URL, the URL of the file the vendor's descriptor names. The clients
 * turn it into their vendor's form themselves (Htek drops the trailing `/`, Fanvil splits it).
 */
import type { VendorServices } from './directory.js';
import { RedirectError, type RedirectServiceDefinition } from './types.js';

/** A file of the phone as VendorRegistry.filesFor spells it. */
export interface PhoneFileName {
  readonly file: { readonly id: string };
  readonly name: string;
}

/**
 * @param folderUrl the phone's provisioning URL (ProvisioningService.provisioningUrl, ends with `/`)
 * @param files the phone's files (VendorRegistry.filesFor(vendor, model, mac))
 * @throws RedirectError `invalid_url` when the service wants a file URL and the phone's model has
 *   no such file (a descriptor that restricts that file to other models)
 * @example phoneRedirectUrl('https://p.example/AbC/', yealinkJson, yealinkServices, files)
 * // => 'https://p.example/AbC/'
 * @example phoneRedirectUrl('https://p.example/AbC/', gigasetXmlRpcService, { supported: true, services, file: 'device' }, files)
 * // => 'https://p.example/AbC/001565aabbcc.xml'
 */
export function phoneRedirectUrl(folderUrl: string, service: RedirectServiceDefinition, vendor: VendorServices, files: readonly PhoneFileName[]): string {
  if (service.urlKind === 'folder') return folderUrl;
  const fileId = vendor.supported ? vendor.file : undefined;
  const entry = files.find((f) => f.file.id === fileId);
  if (!entry) throw new RedirectError('invalid_url', `${service.id} holds a file URL, and this phone's model has no file ${fileId ?? '(none named)'}`);
  return folderUrl + entry.name;
}
