/**
 * @module Grandstream Wave: `<AccountConfig version="1"><Account>...` XML. Grandstream publishes
 * no description of it; the element set is the one FusionPBX (app/devices/device_edit.php) and
 * Issabel (modules/qr_batch/configs/default.conf.php) generate and Wave reads: RegisterServer
 * (the SIP domain), OutboundServer (host:port of the chosen interface and transport), UserID,
 * AuthID, AuthPass, AccountName, DisplayName, Dialplan, RandomPort, Voicemail. No transport
 * element is known: the port follows `preferred_transport`, the transport itself is set in the app.
 */
import { xmlText } from '../text.js';
import type { InlineQrApp } from '../types.js';

export const grandstreamWave: InlineQrApp = {
  kind: 'inline',
  payload({ account, server }) {
    const el = (name: string, value: string) => `<${name}>${xmlText(value)}</${name}>`;
    // One line: every byte counts in a QR code.
    return [
      '<?xml version="1.0" encoding="UTF-8"?><AccountConfig version="1"><Account>',
      el('RegisterServer', server.sip_domain),
      el('OutboundServer', `${server.url_host}:${server.port}`),
      el('SecOutboundServer', ''),
      el('UserID', account.extension),
      el('AuthID', account.auth_name),
      el('AuthPass', account.password),
      el('AccountName', account.extension),
      el('DisplayName', account.display_name),
      el('Dialplan', '{x+|*x+|*++}'),
      el('RandomPort', '0'),
      el('Voicemail', account.voicemail_number),
      '</Account></AccountConfig>',
    ].join('');
  },
};
