/**
 * @module Zoiper: token-based provisioning as Zoiper documents it (oem.zoiper.com/docs/
 * token-based-provisioning): Zoiper appends a token to a provider's Token URL, fetches it and
 * reads `<options><accounts><account>` with `username`, `password`, `authentication_username`.
 * The other account elements (name, SIP_domain, SIP_outbound_proxy, SIP_transport_type, ...) are
 * those of Zoiper's own provisioning example (github.com/ZoiPer/provisioningexample README).
 * Our QR holds the whole token URL (`<base>/qr/<token>`); set the OEM "Token URL" to `<base>/qr/`
 * to have Zoiper's OEM QR page send users here. Whether Zoiper's scanner takes a bare URL from a
 * QR code is not documented.
 */
import { xmlText } from '../text.js';
import type { TokenQrApp } from '../types.js';

export const zoiper: TokenQrApp = {
  kind: 'token',
  configuration({ account, server }) {
    const el = (name: string, value: string) => `      <${name}>${xmlText(value)}</${name}>`;
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<options>',
      '  <accounts>',
      '    <account>',
      el('name', account.display_name),
      el('username', account.extension),
      el('password', account.password),
      el('authentication_username', account.auth_name),
      el('protocol', 'SIP'),
      el('register_on_startup', 'true'),
      el('SIP_domain', server.sip_domain),
      el('SIP_use_outbound_proxy', 'true'),
      el('SIP_outbound_proxy', `${server.url_host}:${server.port}`),
      el('SIP_transport_type', server.transport),
      el('SIP_use_auth_username', 'true'),
      el('SIP_auth_username', account.auth_name),
      el('SIP_callerId', account.display_name),
      el('voicemail_check_extension', account.voicemail_number),
      '    </account>',
      '  </accounts>',
      '</options>',
      '',
    ].join('\n');
    return { contentType: 'application/xml; charset=utf-8', body };
  },
};
