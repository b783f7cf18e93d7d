/**
 * @module Linphone: the QR holds an https URL of a remote-provisioning XML (the pattern of
 * Belledonne's FlexiAPI, flexisip-account-manager ProvisioningController.php: a QR pointing at
 * `/provisioning/{token}`, account data only on the first fetch with a valid token). The XML is
 * liblinphone's lpconfig: `<config xmlns="http://www.linphone.org/xsds/lpconfig.xsd">` with
 * sections of entries; `proxy_0` (reg_proxy, reg_identity, reg_expires, reg_sendregister) and
 * `auth_info_0` (username, userid, passwd, domain) as liblinphone reads them;
 * `misc/transient_provisioning=1` makes liblinphone drop the provisioning URI once applied
 * (linphone_core_is_provisioning_transient), so the app does not fetch the spent URL again.
 */
import { sipQuoted, xmlText } from '../text.js';
import type { TokenQrApp } from '../types.js';

export const linphone: TokenQrApp = {
  kind: 'token',
  configuration({ account, server }) {
    const entry = (name: string, value: string) => `    <entry name="${name}" overwrite="true">${xmlText(value)}</entry>`;
    const section = (name: string, entries: string[]) => [`  <section name="${name}">`, ...entries, '  </section>'];
    const proxy = `<sip:${server.url_host}:${server.port};transport=${server.transport.toLowerCase()}>`;
    const identity = `${sipQuoted(account.display_name)} <sip:${account.extension}@${server.sip_domain}>`;
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<config xmlns="http://www.linphone.org/xsds/lpconfig.xsd">',
      ...section('misc', [entry('transient_provisioning', '1')]),
      ...section('proxy_0', [entry('reg_proxy', proxy), entry('reg_identity', identity), entry('reg_expires', '3600'), entry('reg_sendregister', '1')]),
      ...section('auth_info_0', [
        entry('username', account.extension),
        entry('userid', account.auth_name),
        entry('passwd', account.password),
        entry('domain', server.sip_domain),
      ]),
      '</config>',
      '',
    ].join('\n');
    return { contentType: 'application/xml; charset=utf-8', body };
  },
};
