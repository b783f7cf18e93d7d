/**
 * @module PortSIP UC softphone: a JSON object. Keys and how the app reads them are from the open
 * source of PortSIP's UC softphone (PortActivityLogin.java / AccountManager.java of
 * portsip-softphone-android, HSLoginViewController.m of portsip-softphone-ios; notes in
 * shared/reference/rps-qr.md §12.4): the app connects to `pbx_public_ip` (cluster edition) or
 * `outbound_proxy` (standalone), so both get the chosen interface's address; `transports` lists
 * only the preferred transport with its port. PortSIP ONE (v22) uses another, unpublished format.
 */
import type { InlineQrApp } from '../types.js';

export const portsip: InlineQrApp = {
  kind: 'inline',
  payload({ account, server }) {
    // Key order is fixed (JSON.stringify keeps insertion order): the same user gives the same bytes.
    return JSON.stringify({
      extension_number: account.extension,
      extension_password: account.password,
      sip_domain: server.sip_domain,
      display_name: account.display_name,
      // The app appends `:port`; an IPv6 address must be bracketed for that.
      pbx_public_ip: server.url_host,
      outbound_proxy: server.url_host,
      transports: [{ protocol: server.transport, port: server.port }],
      voicemail_number: account.voicemail_number,
    });
  },
};
