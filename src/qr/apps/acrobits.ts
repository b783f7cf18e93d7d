/**
 * @module Acrobits Cloud Softphone: `csc:<username>:<password>@<CLOUD ID>`, username and password
 * URL-encoded, as Acrobits documents it (doc.acrobits.net/cloudsoftphone/qr.html, "QR Codes for
 * Cloud Softphone"). The QR holds no server: the SIP server, port and transport come from the
 * provider's Cloud ID configuration, so `interface` and `preferred_transport` do not reach it.
 */
import { ProvError } from '../../errors.js';
import type { InlineQrApp } from '../types.js';

export const acrobits: InlineQrApp = {
  kind: 'inline',
  payload({ account }, { acrobitsCloudId }) {
    if (!acrobitsCloudId) throw new ProvError('PROV_ERR_QR_APP_NOT_CONFIGURED', ['acrobits', 'PROV_QR_ACROBITS_CLOUD_ID'], { errors: [{ field: 'app', message: 'needs PROV_QR_ACROBITS_CLOUD_ID' }] });
    return `csc:${encodeURIComponent(account.extension)}:${encodeURIComponent(account.password)}@${acrobitsCloudId}`;
  },
};
