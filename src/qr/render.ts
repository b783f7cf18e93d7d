/**
 * @module QR code images (npm `qrcode`): PNG or SVG of a payload, sized for a screen or for
 * print. The error-correction level follows the payload length: short payloads get more
 * redundancy (a scratched print still scans), long ones (XML) the least, so their modules stay
 * large enough to scan at the same image size.
 */
import QRCode from 'qrcode';
import { ProvError, validationError } from '../errors.js';

export type QrFormat = 'png' | 'svg' | 'text';
export type EccLevel = 'L' | 'M' | 'Q' | 'H';

/** Byte-mode capacity of a version-40 symbol at level L: nothing longer fits in any QR code. */
export const MAX_QR_BYTES = 2953;

/** The error-correction level for a payload of `bytes` UTF-8 bytes. */
export function eccFor(bytes: number): EccLevel {
  if (bytes <= 64) return 'H';
  if (bytes <= 192) return 'Q';
  if (bytes <= 640) return 'M';
  return 'L';
}

export interface QrImageOptions {
  /**
   * SVG: its width and height. PNG: the largest image of whole pixels per module not wider than
   * this (e.g. 400 for a 37-module symbol with margin 4: 9 px per module, 405 > 400, so 8: 360 px).
   */
  readonly size: number;
  /** Quiet zone around the symbol, in modules (the standard asks for 4). */
  readonly margin: number;
}

/** A rendered QR code: the bytes and their Content-Type. */
export interface QrImage {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * Renders `payload` in `format` (`text` is the payload itself, UTF-8).
 * @throws ProvError PROV_ERR_QR_TOO_LARGE when no QR code holds it.
 */
export async function renderQr(payload: string, format: QrFormat, options: QrImageOptions): Promise<QrImage> {
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (format === 'text') return { body: Buffer.from(payload, 'utf8'), contentType: 'text/plain; charset=utf-8' };
  if (bytes > MAX_QR_BYTES) throw tooLarge(bytes);
  // Byte mode for everything: the decoded bytes are the payload's UTF-8, whatever its characters.
  const segments = [{ data: Buffer.from(payload, 'utf8'), mode: 'byte' as const }];
  const common = { errorCorrectionLevel: eccFor(bytes), margin: options.margin };
  try {
    if (format === 'svg') {
      const svg = await QRCode.toString(segments, { ...common, width: options.size, type: 'svg' });
      return { body: Buffer.from(svg, 'utf8'), contentType: 'image/svg+xml' };
    }
    const scale = pixelsPerModule(QRCode.create(segments, common).modules.size + 2 * options.margin, options.size);
    return { body: await QRCode.toBuffer(segments, { ...common, scale, type: 'png' }), contentType: 'image/png' };
  } catch (err) {
    if (err instanceof ProvError) throw err;
    // The level's capacity (below MAX_QR_BYTES for M, Q, H) is the library's to know.
    if (/too big|amount of data/i.test(String((err as Error).message))) throw tooLarge(bytes, err);
    throw err;
  }
}

/**
 * Whole pixels per module: modules of uneven widths (a symbol stretched to any width) blur in
 * print and trip decoders, so a PNG is the largest crisp rendering not wider than `size`.
 * @throws ProvError PROV_ERR_VALIDATION (field `size`) when `size` is below one pixel per module.
 */
function pixelsPerModule(modules: number, size: number): number {
  const scale = Math.floor(size / modules);
  if (scale < 1) throw validationError([{ field: 'size', message: `must be at least ${modules} for this payload (one pixel per module)` }]);
  return scale;
}

function tooLarge(bytes: number, cause?: unknown): ProvError {
  return new ProvError('PROV_ERR_QR_TOO_LARGE', [bytes, MAX_QR_BYTES], { cause, errors: [{ field: 'app', message: 'the payload is too long for a QR code' }] });
}
