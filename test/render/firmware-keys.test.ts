/**
 * The upgrade keys of each vendor appear in the phone's file when its model has firmware
 * (RenderContext.firmware) and are absent without: removing the firmware removes the reference.
 */
import { describe, expect, it } from 'vitest';
import { renderVendorFile } from '../helpers/vendor-render.js';

const FW = { filename: 'fw-1.2.3.bin', sha256: 'ab'.repeat(32), size: 1234 };
const URL_ = 'http://pbx.example.com:8080/provision/Tok3nTok3nTok3nTok3nTok3nTok3nTok3nTok3nTok/fw-1.2.3.bin';

/** vendor, model, file id, what the file must say with firmware, a key that must be gone without it. */
const CASES: readonly [string, string, string, readonly string[], string][] = [
  ['yealink', 'T33G', 'device', [`static.firmware.url = ${URL_}`], 'static.firmware.url'],
  ['grandstream', 'GXP1760', 'device', ['<P192>http://pbx.example.com:8080/provision/Tok3nTok3nTok3nTok3nTok3nTok3nTok3nTok3nTok</P192>', '<P238>0</P238>'], '<P192>'],
  ['cisco', '6821', 'device', ['<Upgrade_Enable ua="na">Yes</Upgrade_Enable>', `<Upgrade_Rule ua="na">${URL_}</Upgrade_Rule>`], 'Upgrade_Rule'],
  ['fanvil', 'X7', 'device', [`<Auto_Image_URL>${URL_}</Auto_Image_URL>`], 'Auto_Image_URL'],
  ['fanvil', 'i10S', 'device', [`<Auto_Image_URL>${URL_}</Auto_Image_URL>`], 'Auto_Image_URL'],
  ['fanvil', 'i12', 'device', [`<Auto_Image_URL>${URL_}</Auto_Image_URL>`], 'Auto_Image_URL'],
  ['snom', 'D120', 'device', [`<firmware perm="">${URL_}</firmware>`], '<firmware-settings>'],
];

describe('firmware upgrade keys', () => {
  it.each(CASES)('%s %s (%s): written with firmware, gone without', (vendor, model, file, expected, marker) => {
    const withFw = renderVendorFile(vendor, model, file, 'full', (input) => {
      (input as { firmware?: unknown }).firmware = FW;
      (input.network as { web_domain: string | null }).web_domain = 'pbx.example.com';
    });
    for (const line of expected) expect(withFw.text).toContain(line);
    const without = renderVendorFile(vendor, model, file, 'full');
    expect(without.text).not.toContain(marker);
  });
});
