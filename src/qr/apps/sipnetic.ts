/**
 * @module Sipnetic: one line of `key=value;` pairs. Sipnetic publishes no description; the keys
 * are those of FusionPBX's Sipnetic template (resources/templates/provision/sipnetic/default/
 * template.csv): `d` domain, `u` user, `p` password, `n` name, `au` auth id, `R=1` register,
 * `dt` transport (0 UDP, 1 TCP, 2 TLS), `op` outbound proxy host:port, `exp` registration
 * expiry, `vm` voicemail. A `;` inside a value is doubled (shared/reference/rps-qr.md §13).
 */
import type { Transport } from '../../domain/values.js';
import type { InlineQrApp } from '../types.js';

const TRANSPORT: Readonly<Record<Transport, string>> = { UDP: '0', TCP: '1', TLS: '2' };

export const sipnetic: InlineQrApp = {
  kind: 'inline',
  payload({ account, server }) {
    const pairs: [string, string][] = [
      ['d', server.sip_domain],
      ['u', account.extension],
      ['p', account.password],
      ['n', account.display_name],
      ['au', account.auth_name],
      ['R', '1'],
      ['dt', TRANSPORT[server.transport]],
      ['op', `${server.url_host}:${server.port}`],
      ['exp', '120'],
      ['vm', account.voicemail_number],
    ];
    return pairs.map(([k, v]) => `${k}=${v.replaceAll(';', ';;')};`).join('');
  },
};
