/**
 * QR images read back as a camera would (PNG by its pixels, SVG by its modules drawn again,
 * both through jsQR): the bytes in the symbol equal the payload's UTF-8, byte for byte.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { eccFor, renderQr } from '../../src/qr/render.js';
import { decodePng, decodeSvg, svgModules } from '../helpers/qr-decode.js';
import { expectProvError } from '../store/contract/support.js';

const PAYLOADS = {
  'a token URL': 'https://pbx.example.com:8443/qr/3q2-7wX_abcdefghijklmnopqrstuvwxyz0123456789A',
  'JSON with quotes and a non-ASCII name': JSON.stringify({ extension_number: '101', extension_password: 'p"w\\x', display_name: 'Zoë Łukasz 山田' }),
  'csc: with encoded credentials': `csc:101:${encodeURIComponent('p;w&:@ü')}@ACME42`,
  'a long XML (level L)': `<?xml version="1.0" encoding="UTF-8"?><AccountConfig version="1"><Account>${'<DisplayName>Alice &amp; Bob</DisplayName>'.repeat(18)}</Account></AccountConfig>`,
};
const OPTIONS = { size: 400, margin: 4 };

describe('renderQr', () => {
  it.each(Object.entries(PAYLOADS))('PNG of %s decodes to the payload byte for byte', async (_name, payload) => {
    const image = await renderQr(payload, 'png', OPTIONS);

    expect(image.contentType).toBe('image/png');
    expect(decodePng(image.body).equals(Buffer.from(payload, 'utf8'))).toBe(true);
  });

  it.each(Object.entries(PAYLOADS))('SVG of %s decodes to the payload byte for byte', async (_name, payload) => {
    const image = await renderQr(payload, 'svg', OPTIONS);

    expect(image.contentType).toBe('image/svg+xml');
    expect(decodeSvg(image.body.toString('utf8')).equals(Buffer.from(payload, 'utf8'))).toBe(true);
  });

  it('text is the payload itself', async () => {
    const image = await renderQr(PAYLOADS['csc: with encoded credentials'], 'text', OPTIONS);

    expect(image).toStrictEqual({ body: Buffer.from(PAYLOADS['csc: with encoded credentials']), contentType: 'text/plain; charset=utf-8' });
  });

  it('sizes the PNG in pixels and the quiet zone in modules', async () => {
    const png = PNG.sync.read((await renderQr('hello', 'png', { size: 256, margin: 0 })).body);
    const svg = (await renderQr('hello', 'svg', { size: 256, margin: 6 })).body.toString('utf8');

    // 'hello' at level H is version 1: 21 modules, 12 px each (no margin) fill 252 of 256 px.
    expect([png.width, png.height]).toStrictEqual([252, 252]);
    // Top-left pixel is the finder pattern without a margin.
    expect(png.data[0]).toBe(0);
    expect(svg).toContain('width="256" height="256"');
    const modules = svgModules(svg);
    expect(modules.slice(0, 6).flat().some(Boolean)).toBe(false);
    expect(modules[6]![6]).toBe(true);
  });

  it('refuses a PNG size below one pixel per module, naming the field', async () => {
    const err = await expectProvError(renderQr(PAYLOADS['a long XML (level L)'], 'png', { size: 64, margin: 4 }), 'PROV_ERR_VALIDATION');

    expect(err.errors[0]).toMatchObject({ field: 'size', message: expect.stringMatching(/^must be at least \d+/) });
  });

  it('chooses more error correction for shorter payloads', () => {
    expect([eccFor(20), eccFor(100), eccFor(400), eccFor(1500)]).toStrictEqual(['H', 'Q', 'M', 'L']);
  });

  it('refuses a payload no QR code holds', async () => {
    await expectProvError(renderQr('x'.repeat(2954), 'png', OPTIONS), 'PROV_ERR_QR_TOO_LARGE', '2954');
  });
});
